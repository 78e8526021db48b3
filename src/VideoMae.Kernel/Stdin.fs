namespace VideoMae.Kernel

open System
open System.IO
open System.Text.Json.Nodes
open NetMQ
open NetMQ.Sockets

/// Console.In of the running cells: a read sends input_request on the stdin channel to the front end that sent the
/// execute_request and waits for its input_reply. Front ends that do not take input (nbconvert: allow_stdin false)
/// get an error that says so instead of a hang. Only the thread that runs cells reads, so the socket has one user.
type StdinReader(socket: RouterSocket, wire: Wire, log: string -> unit) =
    inherit TextReader()
    [<VolatileField>]
    let mutable request: Message option = None

    /// The execute_request now running, whose front end answers input requests; None between cells.
    member _.Request
        with get () = request
        and set value = request <- value

    override _.ReadLine() =
        match request with
        | Some r when Json.flag r.Content "allow_stdin" false ->
            let ask = Json.obj [ "prompt", Json.str ""; "password", Json.bool false ]
            let message = NetMQMessage()
            for frame in wire.Encode(r.Identities, r.Header, "input_request", ask) do message.Append(frame: byte[])
            socket.SendMultipartMessage message
            let rec awaitReply () =
                match wire.Decode(List.ofSeq (socket.ReceiveMultipartBytes())) with
                | Ok reply when reply.MsgType = "input_reply" -> Json.text reply.Content "value" ""
                | Ok other -> log $"stdin: ignored a %s{other.MsgType} while waiting for input_reply"; awaitReply ()
                | Error reason -> log $"stdin: rejected a message: %s{reason}"; awaitReply ()
            awaitReply ()
        | _ -> raise (InvalidOperationException "the cell asked for input but this front end does not accept input (allow_stdin is false).")

    override this.Read() =
        raise (InvalidOperationException "the cell read single characters from stdin; only Console.ReadLine is supported by this kernel.")
