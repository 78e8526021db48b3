module VideoMae.Kernel.Program

open System

let private usage =
    "usage: VideoMae.Kernel <connection-file>   (what Jupyter runs)\n" +
    "       VideoMae.Kernel kernelspec <folder>  (writes kernel.json for `jupyter kernelspec install`)"

[<EntryPoint>]
let main argv =
    // Captured before the kernel redirects Console.Error to the client; Jupyter shows it in the launching terminal.
    let log = let err = Console.Error in fun (line: string) -> err.WriteLine $"[videomae-kernel] %s{line}"
    match argv with
    | [| "kernelspec"; folder |] ->
        printfn "%s" (KernelSpec.write folder)
        0
    | [| connectionFile |] when not (connectionFile.StartsWith "-") ->
        try
            Kernel(ConnectionInfo.read connectionFile, log).Run()
            0
        with e ->
            log $"stopped: %s{e.Message}"
            1
    | _ ->
        eprintfn "%s" usage
        2
