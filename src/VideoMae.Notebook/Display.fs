namespace VideoMae.Notebook

open System
open System.Collections.Generic

/// Sends rich output to the notebook. Inside the VideoMae F# kernel, the kernel has put a delegate into the
/// AppDomain data under channelKey (see src/VideoMae.Kernel/DisplayChannel.fs) and a bundle becomes one display_data
/// output; anywhere else (plain `dotnet fsi`) the bundle's text/plain is printed.
[<RequireQualifiedAccess>]
module Display =
    /// A type of this assembly, to find where it was loaded from.
    type Marker = class end

    /// The AppDomain data key the kernel registers its display delegate under.
    [<Literal>]
    let channelKey = "VideoMae.Jupyter.Display"

    /// Shows one output in several MIME types (MIME type → text; binary types base64-encoded); the front end picks.
    let bundle (representations: (string * string) list) =
        match AppDomain.CurrentDomain.GetData channelKey with
        | :? Action<IReadOnlyDictionary<string, string>> as publish ->
            publish.Invoke(readOnlyDict representations)
        | _ ->
            match List.tryFind (fst >> (=) "text/plain") representations with
            | Some(_, text) -> Console.WriteLine text
            | None ->
                let types = String.Join(", ", List.map fst representations)
                Console.WriteLine $"(output in %s{types}: shown by the notebook kernel only)"
