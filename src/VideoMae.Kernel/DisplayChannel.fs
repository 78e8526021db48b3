namespace VideoMae.Kernel

open System
open System.Collections.Generic
open System.Text.Json.Nodes

/// How code running in a cell shows rich output without referencing this kernel: the kernel stores a delegate in the
/// process's AppDomain data under "VideoMae.Jupyter.Display"; the notebook helpers (VideoMae.Notebook's Display module)
/// look it up and pass a MIME bundle (MIME type → text; images base64-encoded). A delegate of BCL types crosses
/// assembly boundaries safely, and under plain `dotnet fsi` the key is absent and the helpers print text instead.
[<RequireQualifiedAccess>]
module DisplayChannel =
    /// The AppDomain data key (the same string is VideoMae.Notebook's Display.channelKey).
    [<Literal>]
    let Key = "VideoMae.Jupyter.Display"

    /// Makes Display calls from cells publish display_data on iopub, after the text printed before them.
    let register (iopub: Iopub) (flushOutput: unit -> unit) =
        let publish (bundle: IReadOnlyDictionary<string, string>) =
            flushOutput ()
            let data = JsonObject()
            for KeyValue(mime, value) in bundle do data[mime] <- JsonValue.Create value
            let content =
                JsonObject(dict [ "data", data :> JsonNode; "metadata", JsonObject(); "transient", JsonObject() ])
            iopub.Publish(iopub.CellParent, "display_data", content)
        AppDomain.CurrentDomain.SetData(Key, Action<IReadOnlyDictionary<string, string>> publish)
