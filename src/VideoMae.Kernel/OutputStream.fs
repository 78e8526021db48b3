namespace VideoMae.Kernel

open System
open System.IO
open System.Text
open System.Text.Json.Nodes
open System.Threading

/// Console.Out or Console.Error of the running cells, sent to the client as `stream` messages. Text is buffered and
/// sent on flush, when a line ends and the buffer is large, and every 200 ms, so a training loop's progress lines
/// arrive while the cell still runs without one message per character.
type OutputStream(iopub: Iopub, name: string) as this =
    inherit TextWriter()
    let buffer = StringBuilder()
    let gate = obj ()
    let timer = new Timer((fun _ -> this.Flush()), null, 200, 200)

    override _.Encoding = Encoding.UTF8

    override _.Write(c: char) =
        let large = lock gate (fun () -> buffer.Append c |> ignore; c = '\n' && buffer.Length > 8192)
        if large then this.Flush()

    override _.Write(text: string) =
        if not (isNull text) then
            let large = lock gate (fun () -> buffer.Append text |> ignore; buffer.Length > 8192)
            if large then this.Flush()

    override _.Write(chars: char[], index: int, count: int) = this.Write(String(chars, index, count))

    override _.Flush() =
        let text = lock gate (fun () -> let t = buffer.ToString() in buffer.Clear() |> ignore; t)
        if text.Length > 0 then
            let content =
                JsonObject(dict [ "name", JsonValue.Create name :> JsonNode; "text", JsonValue.Create text ])
            iopub.Publish(iopub.CellParent, "stream", content)

    override _.Dispose(disposing: bool) =
        if disposing then timer.Dispose()
        base.Dispose disposing
