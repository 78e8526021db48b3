namespace VideoMae.Kernel

open System
open System.Threading
open NetMQ
open NetMQ.Sockets

/// The running kernel: binds the five channels of a connection file and serves them until a shutdown_request.
type Kernel(info: ConnectionInfo, log: string -> unit) =
    let stopping = new CancellationTokenSource()
    let wire = Wire(Signer info.Key, Guid.NewGuid().ToString "N")
    let shellSocket = new RouterSocket()
    let controlSocket = new RouterSocket()
    let stdinSocket = new RouterSocket()
    let iopubSocket = new PublisherSocket()

    /// Receives, verifies and answers requests on one router socket until the kernel stops. Every request is framed
    /// by status busy/idle on iopub; a malformed or wrongly signed message is logged and dropped, never handled.
    let serve (name: string) (socket: RouterSocket) (iopub: Iopub) (handle: Message -> (string * Text.Json.Nodes.JsonObject) option) () =
        while not stopping.IsCancellationRequested do
            let mutable frames = Unchecked.defaultof<_>
            if socket.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds 200.0, &frames) then
                match wire.Decode(List.ofSeq frames) with
                | Error reason -> log $"%s{name}: rejected a message: %s{reason}"
                | Ok request ->
                    iopub.Status(request.Header, "busy")
                    try
                        try
                            match handle request with
                            | Some(replyType, content) ->
                                let message = NetMQMessage()
                                for frame in wire.Encode(request.Identities, request.Header, replyType, content) do
                                    message.Append(frame: byte[])
                                socket.SendMultipartMessage message
                            | None -> ()
                        with e -> log $"%s{name}: %s{request.MsgType} failed: %O{e}"
                    finally
                        iopub.Status(request.Header, "idle")

    /// Serves until shutdown; returns when the shell and control threads have stopped.
    member _.Run() =
        shellSocket.Bind(info.Endpoint info.ShellPort)
        controlSocket.Bind(info.Endpoint info.ControlPort)
        stdinSocket.Bind(info.Endpoint info.StdinPort)
        iopubSocket.Bind(info.Endpoint info.IopubPort)
        let heartbeat = Heartbeat.start (info.Endpoint info.HeartbeatPort) stopping.Token
        let iopub = Iopub(iopubSocket, wire)
        let stdout = new OutputStream(iopub, "stdout")
        let stderr = new OutputStream(iopub, "stderr")
        let flushOutput () = stdout.Flush(); stderr.Flush()
        Console.SetOut stdout
        Console.SetError stderr
        let stdin = new StdinReader(stdinSocket, wire, log)
        Console.SetIn stdin
        DisplayChannel.register iopub flushOutput
        let host = FsiHost()
        CellInterrupt.register host
        let shell = Shell(host, iopub, stdin, flushOutput, log)
        let control = Control(shell, host, (fun () -> stopping.Cancel()), log)
        let shellHandle (request: Message) =
            // Clients before protocol 5 sent shutdown on the shell channel.
            if request.MsgType = "shutdown_request" then control.Handle request else shell.Handle request
        // Cells run on the shell thread; F# code and the compiler recurse deeply, so it gets fsi's large stack.
        let shellThread = Thread(serve "shell" shellSocket iopub shellHandle, 64 * 1024 * 1024, Name = "shell", IsBackground = true)
        let controlThread = Thread(serve "control" controlSocket iopub control.Handle, Name = "control")
        shellThread.Start()
        controlThread.Start()
        ParentWatch.start log stopping
        log $"listening on %s{info.Endpoint info.ShellPort} (shell)"
        iopub.Status(Json.obj [], "starting")
        controlThread.Join()
        // A cell may still run after shutdown was asked for; it is not waited for beyond a moment.
        shellThread.Join(TimeSpan.FromSeconds 2.0) |> ignore
        heartbeat.Join(TimeSpan.FromSeconds 1.0) |> ignore
        flushOutput ()
