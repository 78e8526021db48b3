namespace VideoMae.Kernel

open System.IO
open System.Text.Json

/// The connection file Jupyter writes before it starts a kernel: where to bind each channel and the signing key.
type ConnectionInfo =
    { Transport: string
      Ip: string
      ShellPort: int
      IopubPort: int
      StdinPort: int
      ControlPort: int
      HeartbeatPort: int
      Key: string
      SignatureScheme: string }

    /// The ZeroMQ endpoint of one channel's port.
    member this.Endpoint(port: int) =
        match this.Transport with
        | "ipc" -> $"ipc://%s{this.Ip}-%d{port}"
        | _ -> $"%s{this.Transport}://%s{this.Ip}:%d{port}"

[<RequireQualifiedAccess>]
module ConnectionInfo =
    let private required (root: JsonElement) (path: string) (name: string) =
        match root.TryGetProperty name with
        | true, value -> value
        | _ -> failwith $"connection file %s{path} has no '%s{name}'."

    /// Reads a connection file, naming the file and the field when one is missing or unsupported.
    let read (path: string) : ConnectionInfo =
        if not (File.Exists path) then failwith $"connection file %s{path} does not exist."
        use document = JsonDocument.Parse(File.ReadAllText path)
        let root = document.RootElement
        let port name = (required root path name).GetInt32()
        let text name = (required root path name).GetString()
        let info =
            { Transport = text "transport"
              Ip = text "ip"
              ShellPort = port "shell_port"
              IopubPort = port "iopub_port"
              StdinPort = port "stdin_port"
              ControlPort = port "control_port"
              HeartbeatPort = port "hb_port"
              Key = text "key"
              SignatureScheme = text "signature_scheme" }
        if info.SignatureScheme <> "hmac-sha256" then
            failwith $"connection file %s{path} asks for signature scheme '%s{info.SignatureScheme}' but this kernel signs only with 'hmac-sha256'."
        if info.Transport <> "tcp" && info.Transport <> "ipc" then
            failwith $"connection file %s{path} asks for transport '%s{info.Transport}' but this kernel supports 'tcp' and 'ipc'."
        info
