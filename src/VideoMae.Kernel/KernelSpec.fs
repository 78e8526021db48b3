namespace VideoMae.Kernel

open System
open System.Diagnostics
open System.IO
open System.Text.Json.Nodes

/// The kernelspec Jupyter uses to start this kernel (`jupyter kernelspec install <folder> --name videomae-fsharp`).
[<RequireQualifiedAccess>]
module KernelSpec =
    /// The name notebooks and `nbconvert --ExecutePreprocessor.kernel_name` select the kernel by.
    [<Literal>]
    let Name = "videomae-fsharp"

    /// Writes kernel.json into folder, starting this very build with the dotnet host that runs this command.
    let write (folder: string) =
        let dotnet = Process.GetCurrentProcess().MainModule.FileName
        let kernelDll = typeof<ConnectionInfo>.Assembly.Location
        let spec =
            Json.obj [ "argv", Json.arr [ Json.str dotnet; Json.str kernelDll; Json.str "{connection_file}" ]
                       "display_name", Json.str "F# (VideoMae.NET)"
                       "language", Json.str "fsharp"
                       // Interrupts arrive as interrupt_request on the control channel, not as SIGINT.
                       "interrupt_mode", Json.str "message"
                       "env", Json.node (Json.obj [ "DOTNET_NOLOGO", Json.str "1"; "DOTNET_CLI_TELEMETRY_OPTOUT", Json.str "1" ])
                       "metadata", Json.node (JsonObject()) ]
        Directory.CreateDirectory folder |> ignore
        let path = Path.Combine(folder, "kernel.json")
        File.WriteAllText(path, spec.ToJsonString(Text.Json.JsonSerializerOptions(WriteIndented = true)))
        path
