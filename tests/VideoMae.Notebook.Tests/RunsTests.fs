namespace VideoMae.Notebook.Tests

open System
open System.Globalization
open System.IO
open System.Text.Json
open System.Threading
open Deedle
open Plotly.NET
open Xunit
open VideoMae.Data.Datasets
open VideoMae.Data.Synthetic
open VideoMae.Masking
open VideoMae.Notebook
open VideoMae.Training
open VideoMae.Training.Runs
open VideoMae.Training.Settings

/// Four real runs of the engine, made once for the tests below in a temporary folder: research-xs pre-trainings on
/// the smoke motion set that differ only in their decoder masking, one trained to the end, one cancelled after its
/// second step, one ended by an exception after its fourth, and a fine-tuning from the finished one, evaluated.
type RunsFixture() =
    let root = Path.Combine(Path.GetTempPath(), "runs-tests-" + Path.GetRandomFileName())
    let motion =
        Libtorch.load ()
        Experiment.synthetic "smoke" SyntheticKind.Motion
    let trainVideos = File.ReadAllLines motion.Train |> Array.filter (fun l -> l.Trim() <> "") |> Array.length
    let pretraining (mask: DecoderMasking) =
        PretrainSettings(
            Model = "research-xs", Data = [| VideoSource(motion.Train, 2) |], DecoderMask = mask, DecoderRatio = 0.5,
            Optimizer = OptimizerSettings(BaseLearningRate = 4e-2, WarmupEpochs = 1.0),
            Run = RunSettings(Epochs = 2, BatchSize = 4, RepeatedSamples = 1, CheckpointEvery = 2, Device = "cpu"))
    let folder name = Path.Combine(root, name)
    do
        TrainingRuns.Pretrain(pretraining DecoderMasking.RunningCell, folder "pretrain-finished") |> ignore
        use stop = new CancellationTokenSource()
        TrainingRuns.Pretrain(pretraining DecoderMasking.Frame, folder "pretrain-unfinished",
                              onStep = (fun s -> if s.Metrics.Step = 2 then stop.Cancel()), cancellation = stop.Token) |> ignore
        try
            TrainingRuns.Pretrain(pretraining DecoderMasking.Random, folder "pretrain-failed",
                                  onStep = (fun s -> if s.Metrics.Step = 4 then failwith "the cell failed")) |> ignore
        with e when e.Message = "the cell failed" -> ()
        let tuning =
            Recipe.finetune "smoke" "research-xs"
                { Recipe.stage motion.Train motion.Val with Init = Some(Path.Combine(folder "pretrain-finished", "model.safetensors")) }
        TrainingRuns.Finetune(tuning, Path.Combine(root, "tuned", "finetune")) |> ignore
        Directory.CreateDirectory(folder "notes") |> ignore
        File.WriteAllText(Path.Combine(folder "notes", "readme.txt"), "not a run")

    member _.Root = root
    member _.Folder name = folder name
    /// Optimizer steps per epoch of the pre-trainings: whole batches of 4 videos.
    member _.StepsPerEpoch = trainVideos / 4
    member _.Pretrainings = [ "pretrain-finished"; "pretrain-unfinished"; "pretrain-failed" ] |> List.map folder

    interface IDisposable with
        member _.Dispose() = if Directory.Exists root then Directory.Delete(root, true)

/// The run files read independently of Runs, and cells of its frames.
module private RunFiles =
    let invariant = CultureInfo.InvariantCulture

    /// metrics.csv as text: one array of cells per step.
    let metricsLines folder =
        File.ReadAllLines(Path.Combine(folder, "metrics.csv")) |> Array.skip 1 |> Array.map (fun (l: string) -> l.Split ',')

    let metric folder (column: string) =
        let index = Array.IndexOf(MetricsLog.Header.Split ',', column)
        metricsLines folder |> Array.map (fun cells -> Double.Parse(cells[index], invariant))

    let rowsOf (frame: Frame<int, string>) (run: string) =
        frame.GetColumn<string> "run" |> Series.filterValues ((=) run) |> Series.keys |> List.ofSeq

    let value<'T> (frame: Frame<int, string>) column run = frame.GetColumn<'T>(column).[List.head (rowsOf frame run)]

    let traceNames (chart: GenericChart) =
        GenericChart.getTraces chart |> List.map (fun t -> t.TryGetTypedPropertyValue<string>("name") |> Option.defaultValue "")

open RunFiles

/// Runs.load, summary, curves and scatter against the files of real runs, read independently here.
type RunsTests(runs: RunsFixture) =
    interface IClassFixture<RunsFixture>

    [<Fact>]
    member _.``load gives one row per metrics line with each run's status, settings and evaluation``() =
        let frame = Runs.load (Path.Combine(runs.Root, "**"))
        let names = [ "pretrain-failed"; "pretrain-finished"; "pretrain-unfinished"; "tuned/finetune" ]
        Assert.Equal<string list>(names, frame.GetColumn<string> "run" |> Series.values |> Seq.distinct |> Seq.sort |> List.ofSeq)
        for name in names do
            Assert.Equal((metricsLines (Path.Combine(runs.Root, name))).Length, (rowsOf frame name).Length)
        Assert.Equal(2 * runs.StepsPerEpoch, (rowsOf frame "pretrain-finished").Length)
        Assert.Equal(2, (rowsOf frame "pretrain-unfinished").Length)
        Assert.Equal(4, (rowsOf frame "pretrain-failed").Length)
        Assert.Equal("finished", value<string> frame "status" "pretrain-finished")
        Assert.Equal("unfinished", value<string> frame "status" "pretrain-unfinished")
        Assert.Equal("failed", value<string> frame "status" "pretrain-failed")
        Assert.Equal("finished", value<string> frame "status" "tuned/finetune")
        // Settings, from config.json read here.
        let config name = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Root, name, "config.json"))).RootElement
        for name in names |> List.filter (fun n -> n.StartsWith "pretrain") do
            Assert.Equal(config(name).GetProperty("decoder_mask").GetString(), value<string> frame "decoder_mask" name)
            Assert.Equal(config(name).GetProperty("loss").GetString(), value<string> frame "config.loss" name)
        Assert.Equal(4.0, value<float> frame "run.batch_size" "pretrain-finished")
        Assert.Equal(config("pretrain-finished").GetProperty("encoder").GetProperty("embed_dim").GetDouble(), value<float> frame "encoder.embed_dim" "pretrain-finished")
        Assert.Equal(config("pretrain-finished").GetProperty("data").[0].GetProperty("list").GetString(), value<string> frame "data[0].list" "pretrain-finished")
        // The step column and the losses, row by row, as metrics.csv has them.
        let finished = rowsOf frame "pretrain-finished"
        Assert.Equal<float list>(metric (runs.Folder "pretrain-finished") "loss" |> List.ofArray, finished |> List.map (fun k -> frame.GetColumn<float>("loss").[k]))
        Assert.Equal<int list>([ 1 .. 2 * runs.StepsPerEpoch ], finished |> List.map (fun k -> frame.GetColumn<int>("step").[k]))
        // Evaluation, from eval.json read here, in percent; none for pre-trainings.
        let evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Root, "tuned", "finetune", "eval.json"))).RootElement
        Assert.Equal(100.0 * evaluation.GetProperty("top1").GetDouble(), value<float> frame "top1" "tuned/finetune", 12)
        Assert.Equal(100.0 * evaluation.GetProperty("top5").GetDouble(), value<float> frame "top5" "tuned/finetune", 12)
        Assert.False(frame.GetColumn<float>("top1").TryGet(List.head finished).HasValue)
        // The fine-tuning's pre-training FLOPs are those of the run its weights came from.
        let flops = value<float> frame "pretrain_gflops" "pretrain-finished"
        Assert.True(flops > 0.0)
        Assert.Equal(flops, value<float> frame "pretrain_gflops" "tuned/finetune")

    [<Fact>]
    member _.``summary computes the final loss, floor, time and throughput of each run from its steps``() =
        let summary = Runs.summary (Runs.load runs.Pretrainings)
        Assert.Equal(3, summary.RowCount)
        // The one setting that differs between the three pre-trainings, and nothing else.
        let settings = summary.ColumnKeys |> Seq.filter RunColumns.isSetting |> List.ofSeq
        Assert.Equal<string list>([ "decoder_mask" ], settings)
        for folder, steps in List.zip runs.Pretrainings [ 2 * runs.StepsPerEpoch; 2; 4 ] do
            let name = Path.GetFileName folder
            let loss, floor = metric folder "loss", metric folder "baseline_loss"
            let seconds, clips = metric folder "step_s", metric folder "clips_per_s"
            // The last epoch: the last StepsPerEpoch steps, or all of a run that took fewer.
            let window = min runs.StepsPerEpoch steps
            let last (values: float[]) = values[values.Length - window ..] |> Array.average
            Assert.Equal(steps, value<int> summary "steps" name)
            Assert.Equal(last loss, value<float> summary "final_loss" name, 12)
            Assert.Equal(last floor, value<float> summary "floor" name, 12)
            Assert.Equal(last loss / last floor, value<float> summary "loss_over_floor" name, 12)
            Assert.Equal(Array.sum seconds, value<float> summary "wall_s" name, 12)
            Assert.Equal(Array.sum (Array.map2 (*) clips seconds) / Array.sum seconds, value<float> summary "clips_per_s" name, 12)
        Assert.Equal<string list>(
            [ "finished"; "unfinished"; "failed" ],
            runs.Pretrainings |> List.map (fun f -> value<string> summary "status" (Path.GetFileName f)))

    [<Fact>]
    member _.``curves and scatter name their traces by the setting that varies, and only by it``() =
        let frame = Runs.load runs.Pretrainings
        let masks = [ "decoder_mask=running-cell"; "decoder_mask=frame"; "decoder_mask=random" ]
        let lines = traceNames (Runs.curves frame) |> List.filter ((<>) RunCharts.FloorName)
        Assert.Equal<string list>(masks, lines)
        // Each pre-training logs the floor, drawn beside its curve.
        Assert.Equal(3, traceNames (Runs.curves frame) |> List.filter ((=) RunCharts.FloorName) |> List.length)
        Assert.Equal<string list>(masks, traceNames (Runs.curves (frame, y = "loss", by = "decoder_mask")) |> List.filter ((<>) RunCharts.FloorName))
        // A setting the runs share names each line alike; the learning rate has no floor.
        Assert.Equal<string list>(List.replicate 3 "model=research-xs", traceNames (Runs.curves (frame, y = "lr", by = "model")))
        Assert.Equal<string list>(masks, traceNames (Runs.scatter (Runs.summary frame, x = "steps", y = "final_loss")))
        // Among all four runs only the fine-tuning has a top-1: a lone point, named by its run.
        let all = Runs.summary (Runs.load (Path.Combine(runs.Root, "**")))
        Assert.Equal<string list>([ "tuned/finetune" ], traceNames (Runs.scatter (all, x = "pretrain_gflops", y = "top1")))
        let error = Assert.Throws<ArgumentException>(fun () -> Runs.curves (frame, by = "decoder_ratios") |> ignore)
        Assert.Contains("decoder_ratios", error.Message)

    [<Fact>]
    member _.``the exponential moving average starts at the first value``() =
        Assert.Equal<float list>([ 1.0; 1.5; 2.25 ], RunCharts.smooth 0.5 [ 1.0; 2.0; 3.0 ])
        Assert.Equal<float list>([ 1.0; 2.0 ], RunCharts.smooth 0.0 [ 1.0; 2.0 ])
        Assert.Throws<ArgumentException>(fun () -> RunCharts.smooth 1.0 [ 1.0 ] |> ignore) |> ignore

    [<Fact>]
    member _.``a killed run is unfinished, a held one running, and folders that hold no run are skipped or refused``() =
        // What a kill -9 leaves: the failed run's files plus the lock's owner file, which only a live holder deletes.
        let killed = Path.Combine(runs.Root, "killed-copy")
        Directory.CreateDirectory killed |> ignore
        for file in Directory.GetFiles(runs.Folder "pretrain-failed") do File.Copy(file, Path.Combine(killed, Path.GetFileName file))
        File.WriteAllText(Path.Combine(killed, RunLock.OwnerFileName), "pid 1 on host since 2026-11-30 01:21:27Z")
        try
            Assert.Equal("unfinished", value<string> (Runs.load [ killed ]) "status" "killed-copy")
            // Held by another thread, as a run in progress holds it.
            use held = new ManualResetEventSlim()
            use release = new ManualResetEventSlim()
            let holder = Thread(fun () -> (use _ = RunLock.Acquire(runs.Folder "pretrain-finished") in held.Set(); release.Wait()))
            holder.Start()
            held.Wait()
            try Assert.Equal("running", value<string> (Runs.load [ runs.Folder "pretrain-finished" ]) "status" "pretrain-finished")
            finally
                release.Set()
                holder.Join()
        finally
            Directory.Delete(killed, true)
        let notes = runs.Folder "notes"
        let explicitError = Assert.Throws<ArgumentException>(fun () -> Runs.load [ notes ] |> ignore)
        Assert.Contains(notes, explicitError.Message)
        Assert.Contains("not a run folder", explicitError.Message)
        Assert.Throws<ArgumentException>(fun () -> Runs.load notes |> ignore) |> ignore
        let pattern = Path.Combine(runs.Root, "absent-*")
        let nothing = Assert.Throws<ArgumentException>(fun () -> Runs.load pattern |> ignore)
        Assert.Contains(pattern, nothing.Message)
        // Relative folders and patterns, from the current folder.
        let relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), runs.Root)
        Assert.Equal(2, (RunSummary.groups (Runs.load [ Path.Combine(relative, "pretrain-finished"); Path.Combine(relative, "pretrain-failed") ])).Length)
        Assert.Equal(3, (RunSummary.groups (Runs.load (Path.Combine(relative, "pretrain-*")))).Length)
        // One level down, a glob skips the notes folder and the folder that holds the fine-tuning (it says so).
        Assert.Equal<string list>(
            [ "pretrain-failed"; "pretrain-finished"; "pretrain-unfinished" ],
            RunSummary.groups (Runs.load (Path.Combine(runs.Root, "*"))) |> List.map fst)
