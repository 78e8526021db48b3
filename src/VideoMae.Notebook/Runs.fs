namespace VideoMae.Notebook

open System.IO
open Deedle
open Plotly.NET

/// Training runs as data: every run folder's metrics.csv rows in one Deedle frame beside the run's settings
/// (config.json), evaluation (eval.json) and status, a one-row-per-run summary, and charts of either
/// (docs/notebooks.md, "Runs").
type Runs =
    static member private Load(candidates: (string * bool * bool) list, what: string) =
        let runs =
            [ for folder, explicitly, throughDoubleStar in candidates |> List.distinctBy (fun (f, _, _) -> f) do
                match RunTable.notARun folder with
                | None -> yield RunTable.read folder
                | Some reason when explicitly ->
                    invalidArg "folders" $"%s{folder}: %s{reason}; expected a run folder (metrics.csv and config.json, as a training run writes them)."
                | Some _ when throughDoubleStar && Seq.isEmpty (Directory.EnumerateFiles folder) -> ()   // a folder of run folders
                | Some reason -> printfn "Runs.load: skipped %s: %s" folder reason ]
        if runs.IsEmpty then invalidArg "pattern" $"%s{what} holds no run folder with steps (metrics.csv and config.json, as a training run writes them)."
        let names = RunTable.names (runs |> List.map (fun r -> r.Folder))
        RunTable.frame (List.zip names runs)

    /// The runs of the folders a glob matches (`runs/**`, `runs/02-*/*-pretrain`, a plain folder; relative to the
    /// current folder, else to the repository root): one row per metrics.csv row, with columns run (the folder,
    /// relative to the folder above all the runs), status (finished, unfinished, failed or running), the metrics
    /// columns, top1 and top5 (eval.json, in percent), pretrain_gflops, every config.json setting (nested keys joined
    /// by ".", e.g. run.batch_size, optimizer.base_learning_rate, data[0].list) and folder. A matched folder that holds
    /// no run is skipped with its reason printed; a pattern without wildcards that names no run, or one that matches
    /// nothing, is an error.
    static member load(pattern: string) : Frame<int, string> =
        let explicitly = not (RunGlob.hasWildcards pattern)
        let matches = RunGlob.folders pattern
        Runs.Load(matches |> List.map (fun m -> m.Folder, explicitly, m.ThroughDoubleStar), $"The run pattern \"%s{pattern}\"")

    /// The runs in these folders (relative ones as `load pattern` resolves them; each must hold a run: an error names
    /// the one that does not), as `load pattern` gives them.
    static member load(folders: string seq) : Frame<int, string> =
        let folders = List.ofSeq folders
        if folders.IsEmpty then invalidArg (nameof folders) "No run folders given; expected at least one."
        Runs.Load(folders |> List.map (fun f -> RunGlob.folder f, true, false), "The list of folders")

    /// One row per run of a `load` frame: run, status, steps, epochs, final_loss (the mean loss of the run's last
    /// epoch: its last steps-per-epoch steps, or every step of a run shorter than an epoch), floor (the mean
    /// baseline_loss of the same steps, where the run logs one), loss_over_floor, clips_per_s (every step's clips over
    /// the steps' time), wall_s (the sum of step_s: start-up and evaluation left out), top1, top5, pretrain_gflops,
    /// and the settings that differ between the runs.
    static member summary(runs: Frame<int, string>) : Frame<int, string> = RunSummary.ofRuns runs

    /// Training curves of a `load` frame: `y` (default "loss") against `x` (default "step"), one line per run,
    /// smoothed by an exponential moving average (`smoothing`, default 0.6; 0 plots the values as logged), with each
    /// run's floor dashed in its colour when y is the loss. The legend names `by`'s value, or else the settings that
    /// vary between the plotted runs; the y axis is logarithmic when the values span a decade.
    static member curves(runs: Frame<int, string>, ?y: string, ?by: string, ?x: string, ?smoothing: float) : GenericChart =
        RunCharts.curves runs (defaultArg y "loss") by (defaultArg x "step") (defaultArg smoothing 0.6)

    /// `y` against `x` for the runs of a `summary` frame (e.g. x = "pretrain_gflops", y = "top1"), one point per run,
    /// named as `curves` names its lines; axes whose values span a decade are logarithmic, ticked at the values.
    static member scatter(summary: Frame<int, string>, x: string, y: string, ?by: string) : GenericChart =
        RunCharts.scatter summary x y by
