namespace VideoMae.Notebook

open System.IO
open System.Runtime.InteropServices
open VideoMae.Runtime

/// Loads libtorch into F# Interactive. A script has no deps.json telling .NET where native libraries live, so the
/// natives copied next to this assembly (runtimes/linux-x64/native) are loaded by full path first; TorchSharp then finds
/// them already loaded. The library's own check (libstdc++ version, one clear sentence on failure) runs last.
[<RequireQualifiedAccess>]
module Libtorch =
    let private nativeFolder () =
        Path.Combine(Path.GetDirectoryName(typeof<Display.Marker>.Assembly.Location), "runtimes", "linux-x64", "native")

    /// Makes TorchSharp usable in this session; call once before the first tensor or module (notebooks/VideoMae.fsx does).
    let load () =
        let folder = nativeFolder ()
        if RuntimeInformation.IsOSPlatform OSPlatform.Linux && Directory.Exists folder then
            // libtorch.so pulls in libc10 and libtorch_cpu from its own folder; LibTorchSharp needs all three.
            for library in [ "libtorch.so"; "libLibTorchSharp.so" ] do
                let path = Path.Combine(folder, library)
                if File.Exists path then NativeLibrary.Load path |> ignore
        TorchRuntime.EnsureLoaded()
