namespace VideoMae.Notebook

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open VideoMae.Data.Synthetic
open VideoMae.Evaluation
open VideoMae.Training
open VideoMae.Training.Runs
open VideoMae.Training.Settings

/// Runs the stages of an experiment notebook with the library's training API: renders (or reuses) a synthetic set
/// under data/synth/, trains into runs/<notebook>/<name> and returns what the tables need. A stage whose settings,
/// library build and input files are unchanged since a finished run is not trained again, and an interrupted one
/// resumes from its last checkpoint (Stage), so a notebook run cut short picks up where it stopped.
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

    let private timed f =
        let clock = Stopwatch.StartNew()
        let result = f ()
        result, clock.Elapsed.TotalSeconds

    /// Runs one stage in runs/<notebook>/<name> under the repository root, as Stage decides: reuses the folder's
    /// finished run of the same identity, resumes its unfinished one, or empties it and trains from scratch.
    /// `train folder resume` trains; the result and the seconds the stage took come back.
    let private staged notebook name (settings: string) (inputs: string seq) (train: string -> bool -> TrainingResult) =
        let folder = Path.Combine(Results.root (), "runs", notebook, name)
        let identity = Stage.identity settings inputs
        Stage.locked folder <| fun () ->
            match Stage.state folder identity with
            | Stage.Done finished ->
                printfn "%s: reusing the finished run in %s (same settings, library build and input files)" name folder
                let run = RunFolder folder
                let evaluation =
                    if File.Exists run.Evaluation then
                        JsonSerializer.Deserialize<ClassificationMetrics>(File.ReadAllText run.Evaluation, Trainer.Json)
                    else null
                TrainingResult(run, finished.Steps, finished.Steps, false, finished.LastLoss, evaluation), finished.Seconds
            | state ->
                let resume = (state = Stage.Unfinished)
                let spent =
                    if resume then
                        printfn "%s: resuming the unfinished run in %s from its last checkpoint" name folder
                        Stage.spentSeconds folder
                    else
                        Stage.start folder identity
                        0.0
                let result, seconds = timed (fun () -> train folder resume)
                let total = spent + seconds
                // A resumed stage that had taken its last step before the interruption takes none now.
                let lastLoss = if Double.IsNaN result.LastLoss then Stage.lastLoss folder else result.LastLoss
                if not result.Interrupted then
                    Stage.finish folder { Steps = result.Steps; LastLoss = lastLoss; Seconds = total }
                TrainingResult(result.Folder, result.Steps, result.TotalSteps, result.Interrupted, lastLoss, result.Evaluation,
                               result.SkippedSamples, result.SkippedFiles), total

    let private finetuneInputs (settings: FinetuneSettings) =
        [ settings.Init; settings.LabelMap; settings.LabelMerge; settings.Val ] @ [ for source in settings.Train -> source.List ]

    /// Pre-trains into runs/<notebook>/<name>; the model's weights and the seconds it took.
    let pretrain notebook name (settings: PretrainSettings) =
        let inputs = [ for source in settings.Data -> source.List ]
        let result, seconds =
            staged notebook name (TrainingRuns.ToJson settings) inputs (fun folder resume -> TrainingRuns.Pretrain(settings, folder, resume))
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
        let result, seconds =
            staged notebook name (TrainingRuns.ToJson settings) (finetuneInputs settings)
                (fun folder resume -> TrainingRuns.Finetune(settings, folder, resume))
        row name result seconds

    /// Distils into runs/<notebook>/<name> and evaluates the student on the validation list.
    let distill notebook name (settings: DistillSettings) =
        let result, seconds =
            staged notebook name (TrainingRuns.ToJson settings) (settings.Teacher :: finetuneInputs settings.Student)
                (fun folder resume -> TrainingRuns.Distill(settings, folder, resume))
        row name result seconds

    let private afterPretraining (pretraining: PretrainSettings) pretrainSeconds (tuned: Row) =
        let flops = Flops.pretrainOf pretraining.ModelConfig pretraining.Masking
        { tuned with PretrainGFlops = float flops.TotalWithLayerNorm / 1e9; Seconds = pretrainSeconds + tuned.Seconds }

    /// Pre-trains (runs/<notebook>/<name>-pretrain), then fine-tunes from those weights (runs/<notebook>/<name>) with
    /// the job `finetuneFrom` builds from them; the row carries the pre-training FLOPs and both stages' seconds.
    let pretrainThenFinetune notebook name (pretraining: PretrainSettings) (finetuneFrom: string -> FinetuneSettings) =
        let weights, pretrainSeconds = pretrain notebook $"%s{name}-pretrain" pretraining
        afterPretraining pretraining pretrainSeconds (finetune notebook name (finetuneFrom weights))

    /// Pre-trains once (runs/<notebook>/<name>-pretrain) and fine-tunes those weights with each named job
    /// (runs/<notebook>/<name>-<job>), as the paper fine-tunes one pre-trained model on Kinetics-400 and on
    /// Something-Something V2. Each row carries the pre-training FLOPs, and its seconds are the shared pre-training's
    /// plus its own fine-tuning's.
    let pretrainThenFinetuneEach notebook name (pretraining: PretrainSettings) (jobs: (string * (string -> FinetuneSettings)) list) =
        let weights, pretrainSeconds = pretrain notebook $"%s{name}-pretrain" pretraining
        [ for job, finetuneFrom in jobs ->
            job, afterPretraining pretraining pretrainSeconds (finetune notebook $"%s{name}-%s{job}" (finetuneFrom weights)) ]
