namespace VideoMae.Notebook

open System
open System.Collections.Generic

/// Sends rich output to the notebook. Inside the VideoMae F# kernel, the kernel has put delegates into the AppDomain
/// data under these keys (see src/VideoMae.Kernel/DisplayChannel.fs) and a bundle becomes one display_data output,
/// or with a display id one that update replaces in place; anywhere else (plain `dotnet fsi`) the bundle's
/// text/plain is printed.
[<RequireQualifiedAccess>]
module Display =
    /// A type of this assembly, to find where it was loaded from.
    type Marker = class end

    /// The AppDomain data key the kernel registers its display delegate under.
    [<Literal>]
    let channelKey = "VideoMae.Jupyter.Display"

    /// The key of the kernel's delegate that shows an output under a display id.
    [<Literal>]
    let showKey = "VideoMae.Jupyter.Display.Show"

    /// The key of the kernel's delegate that replaces the outputs shown under a display id.
    [<Literal>]
    let updateKey = "VideoMae.Jupyter.Display.Update"

    /// Whether a notebook kernel shows the outputs (false under plain `dotnet fsi`, where they are printed as text).
    let inNotebook () =
        AppDomain.CurrentDomain.GetData channelKey :? Action<IReadOnlyDictionary<string, string>>

    let private print (representations: (string * string) list) =
        match List.tryFind (fst >> (=) "text/plain") representations with
        | Some(_, text) -> Console.WriteLine text
        | None ->
            let types = String.Join(", ", List.map fst representations)
            Console.WriteLine $"(output in %s{types}: shown by the notebook kernel only)"

    /// Shows one output in several MIME types (MIME type → text; binary types base64-encoded); the front end picks.
    let bundle (representations: (string * string) list) =
        match AppDomain.CurrentDomain.GetData channelKey with
        | :? Action<IReadOnlyDictionary<string, string>> as publish -> publish.Invoke(readOnlyDict representations)
        | _ -> print representations

    let private withId (key: string) (displayId: string) (representations: (string * string) list) =
        match AppDomain.CurrentDomain.GetData key with
        | :? Action<string, IReadOnlyDictionary<string, string>> as publish ->
            publish.Invoke(displayId, readOnlyDict representations)
        | _ -> print representations

    /// Shows one output under displayId, so that `update displayId` can replace it (display_data with the id).
    let show (displayId: string) (representations: (string * string) list) = withId showKey displayId representations

    /// Replaces the output shown under displayId with this bundle (update_display_data); the notebook keeps the last.
    let update (displayId: string) (representations: (string * string) list) = withId updateKey displayId representations
