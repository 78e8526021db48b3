namespace VideoMae.Notebook

open VideoMae.Runtime
open VideoMae.Training
open VideoMae.Training.Runs

/// The hardware the notebooks train and measure on: the GPU when this process has CUDA (the cuda backend on a GPU
/// machine, README "GPU backend"), the CPU otherwise, so the same notebook uses whichever the machine has.
[<RequireQualifiedAccess>]
module Machine =
    /// "cuda" or "cpu", as RunSettings.Device and the benchmarks take it.
    let device () = if TorchRuntime.CudaAvailable then "cuda" else "cpu"

    /// The machine in one line, as result tables name it (the GPU and CPU, or the CPU with its cores and threads).
    let summary () = MachineInfo.Current(Trainer.DeviceOf(device ())).Summary
