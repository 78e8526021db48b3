namespace VideoMae.Notebook

open System
open System.Collections.Concurrent
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
    /// pre-training forward pass per clip (the paper's FLOPs column; 0 without pre-training); Seconds of every stage;
    /// Model the weights' path in runs/ (absent when the stage was read back from its committed record, until a later
    /// stage needs them); Predictions its per-video predictions.csv; PretrainLossOverFloor the pre-training's last
    /// epoch loss over its floor (NaN without a pre-training); Machine what it was trained on.
    type Row =
        { Top1: float; Top5: float; PretrainGFlops: float; Seconds: float; Model: string; Predictions: string
          PretrainLossOverFloor: float; Machine: string }

    /// A pre-trained model: its weights' path in runs/ (see Row.Model), the seconds it took and its last epoch's loss
    /// over its floor (near 1: it learnt little more than each tubelet's mean).
    type Pretrained = { Model: string; Seconds: float; LossOverFloor: float }

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

    /// The videos a list file names (its non-empty lines).
    let videosIn (list: string) = File.ReadAllLines list |> Array.filter (fun line -> line.Trim() <> "") |> Array.length

    /// The set of `kind` at the profile's size (Recipe.data).
    let synthetic profile kind = syntheticOf (Recipe.data profile) kind

    // A stage's seconds leave out the spells its process was stopped (SIGSTOP to give a CI run the cores).
    let private timed f =
        use clock = new ActiveClock()
        let result = f ()
        result, clock.Elapsed.TotalSeconds

    /// A stage as the tables see it: its result (Folder is its run folder, where its weights are or will be), the
    /// seconds it took, the folder its eval.json and predictions.csv are read from (the run folder, or its committed
    /// record), its last epoch's loss over its floor (NaN without a floor) and the machine it was trained on.
    type private Staged = { Result: TrainingResult; Seconds: float; Files: string; LossOverFloor: float; Machine: string }

    // The stages that files read back by content only (Stage.know) come from, by full path: a stage that needs such a
    // file trains its stage here first.
    let private producers = ConcurrentDictionary<string, unit -> unit>()

    /// The committed record of stage `name` when its notebook runs at `full` (the notebook argument ends with
    /// "/full": "02-decoder-masking/full"): data/results/02-decoder-masking/stages/<name>.
    let private storeOf (notebook: string) name =
        if Path.GetFileName(Path.TrimEndingDirectorySeparator notebook) = "full" then
            Some(StageStore.folder (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator notebook)) name)
        else None

    // Every stage served in this process, by run folder: its recorded seconds and machine (`compute`).
    let private served = ConcurrentDictionary<string, float * string>()

    let private evaluationIn (folder: string) =
        let file = RunFolder(folder).Evaluation
        if File.Exists file then JsonSerializer.Deserialize<ClassificationMetrics>(File.ReadAllText file, Trainer.Json) else null

    /// Runs one stage in runs/<notebook>/<name> under the repository root: reuses the folder's finished run of the
    /// same identity (Stage), else reads back its committed record at `full` (StageStore), else resumes the folder's
    /// unfinished run or empties it and trains from scratch; a stage finished here at `full` is committed to the
    /// record. `train folder resume` trains.
    let rec private staged notebook name (settings: string) (inputs: string list) (train: string -> bool -> TrainingResult) useStore =
        let folder = Path.Combine(Results.root (), "runs", notebook, name)
        let store = if useStore then storeOf notebook name else None
        let remember (stage: Staged) =
            served[folder] <- (stage.Seconds, stage.Machine)
            stage
        let reused (finished: Stage.Finished) files lossOverFloor machine =
            { Result = TrainingResult(RunFolder folder, finished.Steps, finished.Steps, false, finished.LastLoss, evaluationIn files)
              Seconds = finished.Seconds; Files = files; LossOverFloor = lossOverFloor; Machine = machine }
            |> remember
        // The run's loss and floor per epoch, read once from its metrics.csv for the record and the row.
        let epochs = lazy (StageStore.epochsOfRun folder)
        let keep (identity: Stage.Identity) finished =
            match store with
            | Some record when (StageStore.find record identity).IsNone -> StageStore.save record folder identity finished epochs.Value
            | _ -> ()
        let identity = Stage.identity settings inputs
        Stage.locked folder <| fun () ->
            match Stage.state folder identity, store |> Option.bind (fun record -> StageStore.find record identity |> Option.map (fun r -> record, r)) with
            | Stage.Done finished, _ ->
                printfn "%s: reusing the finished run in %s (same settings, library build and input files)" name folder
                keep identity finished
                reused finished folder (StageStore.lossOverFloorOfEpochs epochs.Value) (StageStore.machineOf folder)
            | _, Some(record, stored) ->
                printfn "%s: read back from its committed record %s (trained %s on %s)" name (Path.GetRelativePath(Results.root (), record)) stored.Stored stored.Machine
                if not (isNull stored.ModelSha256) then
                    let weights = RunFolder(folder).Model
                    Stage.know weights stored.ModelSha256
                    producers[Path.GetFullPath weights] <- fun () -> staged notebook name settings inputs train false |> ignore
                reused stored.Finished record (StageStore.lossOverFloor (Path.Combine(record, StageStore.epochsName))) stored.Machine
            | _ ->
                // Files known only by content are the weights of stages read back from their records: train those here.
                let mutable produced = false
                for input in inputs do
                    if not (String.IsNullOrEmpty input || File.Exists input) then
                        match producers.TryGetValue(Path.GetFullPath input) with
                        | true, produce -> produce (); produced <- true
                        | _ -> ()
                // Hashed again only when a producer wrote a file: it names the weights as trained here.
                let identity = if produced then Stage.identity settings inputs else identity
                let resume = (Stage.state folder identity = Stage.Unfinished)
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
                    let finished: Stage.Finished = { Steps = result.Steps; LastLoss = lastLoss; Seconds = total }
                    Stage.finish folder finished
                    keep identity finished
                { Result =
                    TrainingResult(result.Folder, result.Steps, result.TotalSteps, result.Interrupted, lastLoss, result.Evaluation,
                                   result.SkippedSamples, result.SkippedFiles)
                  Seconds = total; Files = folder; LossOverFloor = StageStore.lossOverFloorOfEpochs epochs.Value
                  Machine = StageStore.machineOf folder }
                |> remember

    let private finetuneInputs (settings: FinetuneSettings) =
        [ settings.Init; settings.LabelMap; settings.LabelMerge; settings.Val ] @ [ for source in settings.Train -> source.List ]

    /// What the stages served in this process under runs/<notebook> took: how many, their recorded seconds in all
    /// (stops left out, `ActiveClock`; a stage read back from its record counts what its record says) and the
    /// machines they were trained on.
    type Compute = { Stages: int; Seconds: float; Machines: string list }

    /// The compute of the stages this process served under runs/<notebook> ("02-decoder-masking/full").
    let compute notebook =
        let under = Path.Combine(Results.root (), "runs", notebook) + string Path.DirectorySeparatorChar
        let stages = [ for KeyValue(folder, spent) in served do if folder.StartsWith under then yield spent ]
        { Stages = stages.Length; Seconds = List.sumBy fst stages; Machines = stages |> List.map snd |> List.distinct |> List.sort }

    /// "The 45 stages of this profile took 3.6 h of training in all (…) on <machine>.": how long a notebook's profile
    /// took and on what, the last of its findings.
    let computeNote notebook =
        let c = compute notebook
        let length =
            if c.Seconds >= 5400.0 then $"%.1f{c.Seconds / 3600.0} h"
            elif c.Seconds >= 90.0 then $"%.0f{c.Seconds / 60.0} min"
            else $"%.0f{c.Seconds} s"
        let machines = String.concat "; " c.Machines
        $"The %d{c.Stages} stages of this profile took %s{length} of training in all (each stage's recorded seconds, stops left out; a stage read back from its record counts what it took when trained) on %s{machines}."

    /// Pre-trains into runs/<notebook>/<name>.
    let pretrained notebook name (settings: PretrainSettings) : Pretrained =
        let inputs = [ for source in settings.Data -> source.List ]
        let stage =
            staged notebook name (TrainingRuns.ToJson settings) inputs (fun folder resume -> TrainingRuns.Pretrain(settings, folder, resume)) true
        printfn "%s: pre-trained %d steps in %.0f s, last loss %.3f, loss / floor %.3f in its last epoch"
            name stage.Result.Steps stage.Seconds stage.Result.LastLoss stage.LossOverFloor
        { Model = stage.Result.Folder.Model; Seconds = stage.Seconds; LossOverFloor = stage.LossOverFloor }

    /// Pre-trains into runs/<notebook>/<name>; the model's weights and the seconds it took.
    let pretrain notebook name settings =
        let p = pretrained notebook name settings
        p.Model, p.Seconds

    let private row name (stage: Staged) =
        match stage.Result.Evaluation with
        | null -> invalidOp $"%s{name}: the run has no evaluation; the recipe gives every stage a validation list."
        | metrics ->
            printfn "%s: %d steps in %.0f s, val top-1 %.1f %% on %d videos" name stage.Result.Steps stage.Seconds (100.0 * metrics.Top1) metrics.Videos
            { Top1 = 100.0 * metrics.Top1; Top5 = 100.0 * metrics.Top5; PretrainGFlops = 0.0; Seconds = stage.Seconds
              Model = stage.Result.Folder.Model; Predictions = RunFolder(stage.Files).Predictions; PretrainLossOverFloor = nan
              Machine = stage.Machine }

    /// Fine-tunes into runs/<notebook>/<name> and evaluates on the validation list.
    let finetune notebook name (settings: FinetuneSettings) =
        staged notebook name (TrainingRuns.ToJson settings) (finetuneInputs settings)
            (fun folder resume -> TrainingRuns.Finetune(settings, folder, resume)) true
        |> row name

    /// Distils into runs/<notebook>/<name> and evaluates the student on the validation list.
    let distill notebook name (settings: DistillSettings) =
        staged notebook name (TrainingRuns.ToJson settings) (settings.Teacher :: finetuneInputs settings.Student)
            (fun folder resume -> TrainingRuns.Distill(settings, folder, resume)) true
        |> row name

    let private afterPretraining (pretraining: PretrainSettings) (pre: Pretrained) (tuned: Row) =
        let flops = Flops.pretrainOf pretraining.ModelConfig pretraining.Masking
        { tuned with
            PretrainGFlops = float flops.TotalWithLayerNorm / 1e9; Seconds = pre.Seconds + tuned.Seconds
            PretrainLossOverFloor = pre.LossOverFloor }

    /// Pre-trains (runs/<notebook>/<name>-pretrain), then fine-tunes from those weights (runs/<notebook>/<name>) with
    /// the job `finetuneFrom` builds from them; the row carries the pre-training FLOPs, its loss over its floor and
    /// both stages' seconds.
    let pretrainThenFinetune notebook name (pretraining: PretrainSettings) (finetuneFrom: string -> FinetuneSettings) =
        let pre = pretrained notebook $"%s{name}-pretrain" pretraining
        afterPretraining pretraining pre (finetune notebook name (finetuneFrom pre.Model))

    /// Pre-trains once (runs/<notebook>/<name>-pretrain) and fine-tunes those weights with each named job
    /// (runs/<notebook>/<name>-<job>), as the paper fine-tunes one pre-trained model on Kinetics-400 and on
    /// Something-Something V2. Each row carries the pre-training FLOPs, and its seconds are the shared pre-training's
    /// plus its own fine-tuning's.
    let pretrainThenFinetuneEach notebook name (pretraining: PretrainSettings) (jobs: (string * (string -> FinetuneSettings)) list) =
        let pre = pretrained notebook $"%s{name}-pretrain" pretraining
        [ for job, finetuneFrom in jobs ->
            job, afterPretraining pretraining pre (finetune notebook $"%s{name}-%s{job}" (finetuneFrom pre.Model)) ]
