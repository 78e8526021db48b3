namespace VideoMae.Kernel

open System
open System.Threading
open NetMQ
open NetMQ.Sockets

/// The heartbeat channel: every ping comes straight back, on its own thread, so a busy cell never looks like a dead kernel.
[<RequireQualifiedAccess>]
module Heartbeat =
    let start (endpoint: string) (stopping: CancellationToken) =
        let echo () =
            use socket = new ResponseSocket()
            socket.Bind endpoint
            while not stopping.IsCancellationRequested do
                let mutable frames = Unchecked.defaultof<_>
                if socket.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds 200.0, &frames) then
                    let message = NetMQMessage()
                    for frame in frames do message.Append(frame: byte[])
                    socket.SendMultipartMessage message
        let thread = Thread(echo, IsBackground = true, Name = "heartbeat")
        thread.Start()
        thread
