namespace VideoMae.Kernel

open System.Text
open System.Text.Json.Nodes
open NetMQ
open NetMQ.Sockets

/// The broadcast channel. Cells, the output streams' timer and the control thread all publish on it, and a ZeroMQ
/// socket is not thread-safe, so every send goes through one lock.
type Iopub(socket: PublisherSocket, wire: Wire) =
    let gate = obj ()
    [<VolatileField>]
    let mutable cellParent = JsonObject()

    /// Broadcasts one message of type msgType in reply to parent.
    member _.Publish(parent: JsonObject, msgType: string, content: JsonObject) =
        let frames = wire.Encode([ Encoding.ASCII.GetBytes msgType ], parent, msgType, content)
        lock gate (fun () ->
            let message = NetMQMessage()
            for frame in frames do message.Append(frame: byte[])
            socket.SendMultipartMessage message)

    /// The request whose cell is running: what printed text and displays are attributed to.
    member _.CellParent
        with get () = cellParent
        and set value = cellParent <- value

    /// status busy/idle around the handling of parent.
    member this.Status(parent: JsonObject, state: string) =
        this.Publish(parent, "status", JsonObject(dict [ "execution_state", JsonValue.Create state :> JsonNode ]))
