namespace VideoMae.Kernel

open System
open System.Reflection
open System.Text.Json.Nodes

/// The requests of the shell channel. Each runs on the shell thread, one at a time, so cells never overlap.
type Shell(host: FsiHost, iopub: Iopub, stdin: StdinReader, flushOutput: unit -> unit, log: string -> unit) =
    let mutable executionCount = 0

    static let languageInfo () =
        // The fields Polyglot Notebooks writes, so an executed notebook keeps its metadata (nbclient copies this in).
        Json.obj [ "name", Json.str "F#"
                   "version", Json.str "10.0"
                   "mimetype", Json.str "text/x-fsharp"
                   "file_extension", Json.str ".fs"
                   "pygments_lexer", Json.str "fsharp" ]

    static let implementationVersion =
        Assembly.GetExecutingAssembly().GetName().Version |> string

    static let errorContent (error: CellError) =
        [ "ename", Json.str error.EName
          "evalue", Json.str error.EValue
          "traceback", Json.arr (error.Traceback |> List.map Json.str) ]

    member _.KernelInfo() =
        Json.obj [ "status", Json.str "ok"
                   "protocol_version", Json.str Wire.ProtocolVersion
                   "implementation", Json.str "videomae-fsharp"
                   "implementation_version", Json.str implementationVersion
                   "language_info", Json.node (languageInfo ())
                   "banner", Json.str "F# Interactive (FSharp.Compiler.Service 43.13.404) for VideoMae.NET"
                   "help_links", Json.arr []
                   "debugger", Json.bool false ]

    /// Runs a cell: execute_input, then its output streams, its value or error, and the reply content.
    member _.Execute(request: Message) =
        let code = Json.text request.Content "code" ""
        let silent = Json.flag request.Content "silent" false
        let storeHistory = Json.flag request.Content "store_history" (not silent)
        if storeHistory && not silent then executionCount <- executionCount + 1
        let count = executionCount
        if not silent then
            iopub.Publish(request.Header, "execute_input", Json.obj [ "code", Json.str code; "execution_count", Json.num count ])
        iopub.CellParent <- request.Header
        stdin.Request <- Some request
        let outcome = try host.Execute code finally stdin.Request <- None
        flushOutput ()
        let warnings = match outcome with Completed(_, w) | Failed(_, w) -> w
        if not (List.isEmpty warnings || silent) then
            iopub.Publish(request.Header, "stream", Json.obj [ "name", Json.str "stderr"; "text", Json.str (String.Join("\n", warnings) + "\n") ])
        match outcome with
        | Completed(value, _) ->
            match value with
            | Some(v, t) when not silent ->
                let data = Json.obj [ "text/plain", Json.str (host.Format(v, t)) ]
                iopub.Publish(request.Header, "execute_result",
                              Json.obj [ "execution_count", Json.num count; "data", Json.node data; "metadata", Json.node (JsonObject()) ])
            | _ -> ()
            Json.obj [ "status", Json.str "ok"
                       "execution_count", Json.num count
                       "payload", Json.arr []
                       "user_expressions", Json.node (JsonObject()) ]
        | Failed(error, _) ->
            if not silent then iopub.Publish(request.Header, "error", Json.obj (errorContent error))
            Json.obj ([ "status", Json.str "error"; "execution_count", Json.num count ] @ errorContent error)

    member _.IsComplete(request: Message) =
        let status = Completion.isComplete host (Json.text request.Content "code" "")
        let indent = if status = "incomplete" then [ "indent", Json.str "    " ] else []
        Json.obj ([ "status", Json.str status ] @ indent)

    member _.Complete(request: Message) =
        let code = Json.text request.Content "code" ""
        let cursor = Json.integer request.Content "cursor_pos" code.Length
        let matches, start, finish = Completion.complete host code cursor
        Json.obj [ "status", Json.str "ok"
                   "matches", Json.arr (matches |> List.map Json.str)
                   "cursor_start", Json.num start
                   "cursor_end", Json.num finish
                   "metadata", Json.node (JsonObject()) ]

    /// The tooltip of the symbol at the cursor as text/plain; detail_level 1 would add source, which cells have none of.
    member _.Inspect(request: Message) =
        let code = Json.text request.Content "code" ""
        let cursor = Json.integer request.Content "cursor_pos" code.Length
        let data =
            match Inspection.inspect host code cursor with
            | Some text -> [ "text/plain", Json.str text ]
            | None -> []
        Json.obj [ "status", Json.str "ok"
                   "found", Json.bool (not data.IsEmpty)
                   "data", Json.node (Json.obj data)
                   "metadata", Json.node (JsonObject()) ]

    /// The reply content for a shell request, or None for a type this kernel does not answer (logged).
    member this.Handle(request: Message) : (string * JsonObject) option =
        match request.MsgType with
        | "kernel_info_request" -> Some("kernel_info_reply", this.KernelInfo())
        | "execute_request" -> Some("execute_reply", this.Execute request)
        | "is_complete_request" -> Some("is_complete_reply", this.IsComplete request)
        | "complete_request" -> Some("complete_reply", this.Complete request)
        | "inspect_request" -> Some("inspect_reply", this.Inspect request)
        | "comm_info_request" -> Some("comm_info_reply", Json.obj [ "status", Json.str "ok"; "comms", Json.node (JsonObject()) ])
        | "history_request" -> Some("history_reply", Json.obj [ "status", Json.str "ok"; "history", Json.arr [] ])
        | other ->
            log $"shell: no handler for %s{other}; ignored"
            None
