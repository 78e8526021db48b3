namespace VideoMae.Notebook

open System
open System.Diagnostics
open System.IO
open VideoMae.Data.Synthetic
open VideoMae.Training
open VideoMae.Training.Settings

/// Runs the stages of an experiment notebook with the library's training API: renders (or reuses) a synthetic set
/// under data/synth/, trains into runs/<notebook>/<name> (cleared first, so a run is always the recipe's) and
/// returns what the tables need.
[<RequireQualifiedAccess>]
module Experiment =
    /// A synthetic set on disk: its folder and list files (paths absolute), and its class names (none for hybrid).
    type Synthetic = { Folder: string; Train: string; Val: string; Unlabeled: string; Classes: string list }

    /// One fine-tuned (or distilled) model on the validation list. Top1/Top5 in percent; PretrainGFlops is one
    /// pre-training forward pass per clip (the paper's FLOPs column; 0 without pre-training); Seconds of every stage.
    type Row = { Top1: float; Top5: float; PretrainGFlops: float; Seconds: float; Model: string }

    /// The set of `kind` rendered as `d` says, written once to data/synth/<kind>-<videos>-<frames>x<size>-<background>;
    /// the name holds everything the set depends on, because the library refuses to mix two sets in one folder.
    let syntheticOf (d: Recipe.Data) (kind: SyntheticKind) =
        let background = SyntheticDataset.BackgroundName d.Background
        let name = $"%s{SyntheticDataset.Name kind}-%d{d.Videos}-%d{d.Frames}x%d{d.Size}-%s{background}"
        let folder = Path.Combine(Results.root (), "data", "synth", name)
        let settings = SynthSettings(Frames = d.Frames, Size = d.Size, Seed = d.Seed, Background = d.Background)
        let report = SyntheticDataset.Write(folder, kind, d.Videos, settings)
        let file name = Path.Combine(folder, name)
        { Folder = folder; Train = file "train.txt"; Val = file "val.txt"; Unlabeled = file "unlabeled.txt"
          Classes = List.ofSeq report.Classes }

    /// The set of `kind` at the profile's size (Recipe.data).
    let synthetic profile kind = syntheticOf (Recipe.data profile) kind

    /// runs/<notebook>/<name> under the repository root, emptied.
    let private freshFolder (notebook: string) (name: string) =
        let folder = Path.Combine(Results.root (), "runs", notebook, name)
        if Directory.Exists folder then Directory.Delete(folder, true)
        folder

    let private timed f =
        let clock = Stopwatch.StartNew()
        let result = f ()
        result, clock.Elapsed.TotalSeconds

    /// Pre-trains into runs/<notebook>/<name>; the model's weights and the seconds it took.
    let pretrain notebook name (settings: PretrainSettings) =
        let result, seconds = timed (fun () -> TrainingRuns.Pretrain(settings, freshFolder notebook name))
        printfn "%s: pre-trained %d steps in %.0f s, last loss %.3f" name result.Steps seconds result.LastLoss
        result.Folder.Model, seconds

    let private row name (result: TrainingResult) seconds =
        match result.Evaluation with
        | null -> invalidOp $"%s{name}: the run has no evaluation; the recipe gives every stage a validation list."
        | metrics ->
            printfn "%s: %d steps in %.0f s, val top-1 %.1f %% on %d videos" name result.Steps seconds (100.0 * metrics.Top1) metrics.Videos
            { Top1 = 100.0 * metrics.Top1; Top5 = 100.0 * metrics.Top5; PretrainGFlops = 0.0; Seconds = seconds
              Model = result.Folder.Model }

    /// Fine-tunes into runs/<notebook>/<name> and evaluates on the validation list.
    let finetune notebook name (settings: FinetuneSettings) =
        let result, seconds = timed (fun () -> TrainingRuns.Finetune(settings, freshFolder notebook name))
        row name result seconds

    /// Distils into runs/<notebook>/<name> and evaluates the student on the validation list.
    let distill notebook name (settings: DistillSettings) =
        let result, seconds = timed (fun () -> TrainingRuns.Distill(settings, freshFolder notebook name))
        row name result seconds

    /// Pre-trains (runs/<notebook>/<name>-pretrain), then fine-tunes from those weights (runs/<notebook>/<name>) with
    /// the job `finetuneFrom` builds from them; the row carries the pre-training FLOPs and both stages' seconds.
    let pretrainThenFinetune notebook name (pretraining: PretrainSettings) (finetuneFrom: string -> FinetuneSettings) =
        let weights, pretrainSeconds = pretrain notebook $"%s{name}-pretrain" pretraining
        let tuned = finetune notebook name (finetuneFrom weights)
        let flops = Flops.pretrain pretraining.Model pretraining.Masking
        { tuned with PretrainGFlops = float flops.TotalWithLayerNorm / 1e9; Seconds = pretrainSeconds + tuned.Seconds }
