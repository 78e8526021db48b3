module VideoMae.Kernel.Tests.Jupyter

open System
open System.Diagnostics
open System.IO

/// The outcome of one external command.
type Completed = { ExitCode: int; Stdout: string; Stderr: string; Seconds: float }

/// Runs a program to completion (or kills it at the time limit) with extra environment variables.
let run (program: string) (arguments: string list) (environment: (string * string) list) (limit: TimeSpan) =
    let start = ProcessStartInfo(program, arguments, RedirectStandardOutput = true, RedirectStandardError = true)
    for name, value in environment do start.Environment[name] <- value
    let clock = Stopwatch.StartNew()
    use child = Process.Start start
    let stdout = child.StandardOutput.ReadToEndAsync()
    let stderr = child.StandardError.ReadToEndAsync()
    if not (child.WaitForExit limit) then
        child.Kill true
        let commandLine = String.Join(" ", program :: arguments)
        failwith $"%s{commandLine} did not finish within %O{limit}"
    child.WaitForExit()
    { ExitCode = child.ExitCode; Stdout = stdout.Result; Stderr = stderr.Result; Seconds = clock.Elapsed.TotalSeconds }

/// `jupyter` on PATH (Debian's jupyter-core), or a clear failure naming the set-up step.
let jupyter =
    (Environment.GetEnvironmentVariable "PATH").Split(Path.PathSeparator)
    |> Array.map (fun folder -> Path.Combine(folder, "jupyter"))
    |> Array.tryFind File.Exists
    |> Option.defaultWith (fun () -> failwith "`jupyter` is not on PATH: run `./build.sh setup` (Debian packages jupyter-nbconvert, python3-jupyter-client).")

/// The Python that runs jupyter, read from its #! line, so client scripts import the same jupyter_client.
let python =
    let shebang = File.ReadLines(jupyter) |> Seq.head
    shebang.TrimStart('#', '!').Trim().Split(' ') |> Array.last

/// A private Jupyter data folder holding only our kernelspec, written by the kernel's own `kernelspec` command; pass
/// it as JUPYTER_PATH so the tests never depend on what is installed for the user.
let kernelspecFolder =
    lazy
        let folder = Directory.CreateTempSubdirectory("videomae-kernel-tests-").FullName
        let kernel = Repository.built "VideoMae.Kernel" "VideoMae.Kernel.dll"
        let written = run "dotnet" [ kernel; "kernelspec"; Path.Combine(folder, "kernels", "videomae-fsharp") ] [] (TimeSpan.FromMinutes 1.0)
        if written.ExitCode <> 0 then failwith $"writing the kernelspec failed: %s{written.Stderr}"
        folder

/// Executes a notebook headless with nbconvert and our kernel, writing the executed copy to output.
let nbconvert (notebook: string) (output: string) (environment: (string * string) list) =
    run jupyter
        [ "nbconvert"; "--to"; "notebook"; "--execute"; "--ExecutePreprocessor.kernel_name=videomae-fsharp"
          "--ExecutePreprocessor.timeout=300"; "--output"; output; notebook ]
        (("JUPYTER_PATH", kernelspecFolder.Value) :: environment)
        (TimeSpan.FromMinutes 6.0)
