namespace VideoMae.Kernel

/// The requests of the control channel, served on their own thread so they get through while a cell runs.
type Control(shell: Shell, host: FsiHost, requestShutdown: unit -> unit, log: string -> unit) =
    /// The reply content for a control request, or None for a type this kernel does not answer (logged).
    member _.Handle(request: Message) : (string * System.Text.Json.Nodes.JsonObject) option =
        match request.MsgType with
        | "interrupt_request" ->
            host.Interrupt()
            Some("interrupt_reply", Json.obj [ "status", Json.str "ok" ])
        | "shutdown_request" ->
            // A restart is the client's job (it starts a new process), so both kinds end this one.
            requestShutdown ()
            let restart = Json.flag request.Content "restart" false
            Some("shutdown_reply", Json.obj [ "status", Json.str "ok"; "restart", Json.bool restart ])
        | "kernel_info_request" -> Some("kernel_info_reply", shell.KernelInfo())
        | other ->
            log $"control: no handler for %s{other}; ignored"
            None
