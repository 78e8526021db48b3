namespace VideoMae.Notebook

open System
open System.Globalization
open System.IO
open System.Text.Json
open VideoMae.Training.Runs

/// The committed record of the `full` stages of the experiment notebooks, under data/results/<notebook>/stages/<stage>/:
/// a full profile takes hours to days of CPU, longer than one sitting, and every sitting starts from a fresh checkout
/// whose runs/ is empty. So each finished stage leaves what the tables need (its evaluation, per-video predictions,
/// loss per epoch against its floor, steps, seconds, machine) in the repository, and a later run of the notebook reads
/// it back instead of training the stage again. Weights stay out (hundreds of kB a stage): a stage that needs a stored
/// stage's weights trains that stage again here first.
///
/// A record is found by the stage's settings and the content of the files it reads, with paths relative to the
/// repository; unlike runs/'s cache (Stage) the library build is recorded but not matched, since a record must
/// survive the commits between sittings (the record names the build, the machine and the day).
[<RequireQualifiedAccess>]
module StageStore =
    /// What a stored stage was trained from: Stage.Identity with repository-relative paths and without the build.
    type Key = { Settings: string; Inputs: Stage.Input[] }

    /// A stored stage: its key, the library build that trained it, its finish, the SHA-256 of the weights it ended with
    /// (what a stage reading them was keyed on), the machine and the day.
    type Record =
        { Key: Key; Library: string; Finished: Stage.Finished; ModelSha256: string; Machine: string; Stored: string }

    let private recordName = "record.json"

    /// The per-epoch curve a record keeps of a run's metrics.csv: mean loss per epoch and, for pre-training, mean
    /// floor (the loss of predicting each tubelet's mean, metrics' baseline_loss).
    let epochsName = "epochs.csv"

    /// The store folder of stage `name` of `notebook` (its runs/ path without the profile: "02-decoder-masking").
    let folder (notebook: string) (name: string) = Results.file (Path.Combine(notebook, "stages", name))

    let private relative (path: string) = Path.GetRelativePath(Results.root (), path)

    let private rootPrefix () = Path.TrimEndingDirectorySeparator(Results.root ()) + string Path.DirectorySeparatorChar

    /// `identity` with the repository root taken out of its settings and input paths.
    let keyOf (identity: Stage.Identity) =
        { Settings = identity.Settings.Replace(rootPrefix (), "")
          Inputs = identity.Inputs |> Array.map (fun input -> { input with Path = relative input.Path }) }

    /// The record stored for `identity` in `storeFolder`, if its key matches.
    let find (storeFolder: string) (identity: Stage.Identity) =
        match Stage.read<Record> (Path.Combine(storeFolder, recordName)) with
        | Some record when record.Key = keyOf identity -> Some record
        | _ -> None

    /// The mean loss and, for pre-training, the mean floor (the loss of predicting each tubelet's mean, metrics'
    /// baseline_loss) of each epoch of the run in `runFolder`, from one read of its metrics.csv.
    let epochsOfRun (runFolder: string) =
        // Step i belongs to epoch ceil(epoch_i): the metrics' epoch is the fraction of epochs done after the step.
        [ for epoch, steps in Stage.steps runFolder |> List.groupBy (fun step -> int (ceil (step.Epoch - 1e-9))) ->
            epoch, steps |> List.averageBy (fun step -> step.Loss), steps |> List.averageBy (fun step -> step.BaselineLoss) ]

    /// The mean loss of the last epoch over its mean floor (NaN without a floor): near 1, a pre-training has learnt
    /// no more than each tubelet's mean and hands the fine-tuning little.
    let lossOverFloor (epochsCsv: string) =
        if not (File.Exists epochsCsv) then nan
        else
            match File.ReadAllLines epochsCsv |> Array.tryLast with
            | Some line when not (line.StartsWith "epoch") ->
                let cells = line.Split(',') |> Array.map (fun cell -> Double.Parse(cell, CultureInfo.InvariantCulture))
                cells.[1] / cells.[2]
            | _ -> nan

    /// The last epoch's loss over its floor in a run's `epochsOfRun` (NaN without epochs or floor).
    let lossOverFloorOfEpochs (epochs: (int * float * float) list) =
        match List.tryLast epochs with
        | Some(_, loss, floor) -> loss / floor
        | None -> nan

    /// The machine a run trained on, in one line (its machine.json's summary; empty without one).
    let machineOf (runFolder: string) =
        let file = RunFolder(runFolder).Machine
        if File.Exists file then
            use document = JsonDocument.Parse(File.ReadAllText file)
            document.RootElement.GetProperty("summary").GetString()
        else ""

    /// Copies the finished stage in `runFolder` (trained with `identity`; `epochs` its `epochsOfRun`) into
    /// `storeFolder`, replacing what was there; written beside it and moved into place, so an interrupted write leaves
    /// the old record or the new.
    let save (storeFolder: string) (runFolder: string) (identity: Stage.Identity) (finished: Stage.Finished) epochs =
        let run = RunFolder runFolder
        let staging = storeFolder + ".tmp"
        if Directory.Exists staging then Directory.Delete(staging, true)
        Directory.CreateDirectory staging |> ignore
        // Paths inside the repository are kept relative to it, so a record reads the same from any checkout.
        for file in [ run.Evaluation; run.Predictions; run.Config ] do
            if File.Exists file then
                File.WriteAllText(Path.Combine(staging, Path.GetFileName file), (File.ReadAllText file).Replace(rootPrefix (), ""))
        let invariant (value: float) = value.ToString("R", CultureInfo.InvariantCulture)
        let curve = [ for epoch, loss, floor in epochs -> $"%d{epoch},%s{invariant loss},%s{invariant floor}" ]
        File.WriteAllLines(Path.Combine(staging, epochsName), "epoch,loss,floor" :: curve)
        let record =
            { Key = keyOf identity; Library = identity.Library; Finished = finished
              ModelSha256 = (if File.Exists run.Model then Stage.hash run.Model else null)
              Machine = machineOf runFolder; Stored = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }
        File.WriteAllText(Path.Combine(staging, recordName), JsonSerializer.Serialize(record, JsonSerializerOptions(WriteIndented = true)))
        if Directory.Exists storeFolder then Directory.Delete(storeFolder, true)
        Directory.Move(staging, storeFolder)
