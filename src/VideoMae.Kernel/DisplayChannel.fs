namespace VideoMae.Kernel

open System
open System.Collections.Generic
open System.Text.Json.Nodes

/// How code running in a cell shows rich output without referencing this kernel: the kernel stores delegates of BCL
/// types in the process's AppDomain data; the notebook helpers (VideoMae.Notebook's Display module) look them up and
/// pass a MIME bundle (MIME type → text; images base64-encoded). A delegate of BCL types crosses assembly boundaries
/// safely, and under plain `dotnet fsi` the keys are absent and the helpers print text instead.
[<RequireQualifiedAccess>]
module DisplayChannel =
    /// Action<bundle>: one display_data output (the same string is VideoMae.Notebook's Display.channelKey).
    [<Literal>]
    let Key = "VideoMae.Jupyter.Display"

    /// Action<displayId, bundle>: a display_data output that later updates can replace (Display.showKey).
    [<Literal>]
    let ShowKey = "VideoMae.Jupyter.Display.Show"

    /// Action<displayId, bundle>: update_display_data, replacing every output shown under displayId (Display.updateKey).
    [<Literal>]
    let UpdateKey = "VideoMae.Jupyter.Display.Update"

    /// The content of display_data and update_display_data (protocol 5.1+): the bundle, and the display id in
    /// `transient`, which front ends use to find the output and never store in the notebook.
    let content (bundle: IReadOnlyDictionary<string, string>) (displayId: string option) =
        let data = JsonObject()
        for KeyValue(mime, value) in bundle do data[mime] <- JsonValue.Create value
        let transient = JsonObject()
        displayId |> Option.iter (fun id -> transient["display_id"] <- JsonValue.Create id)
        JsonObject(dict [ "data", data :> JsonNode; "metadata", JsonObject(); "transient", transient ])

    /// Makes Display calls from cells publish display_data and update_display_data on iopub, after the text printed
    /// before them.
    let register (iopub: Iopub) (flushOutput: unit -> unit) =
        let publish msgType displayId bundle =
            flushOutput ()
            iopub.Publish(iopub.CellParent, msgType, content bundle displayId)
        let requireId (displayId: string) =
            if String.IsNullOrWhiteSpace displayId then
                invalidArg "displayId" $"display id is '%s{displayId}' but an updatable display needs a non-blank id."
        AppDomain.CurrentDomain.SetData(Key, Action<IReadOnlyDictionary<string, string>>(publish "display_data" None))
        AppDomain.CurrentDomain.SetData(ShowKey, Action<string, IReadOnlyDictionary<string, string>>(fun id bundle ->
            requireId id
            publish "display_data" (Some id) bundle))
        AppDomain.CurrentDomain.SetData(UpdateKey, Action<string, IReadOnlyDictionary<string, string>>(fun id bundle ->
            requireId id
            publish "update_display_data" (Some id) bundle))
