namespace VideoMae.Notebook

open System
open System.Globalization
open System.IO
open System.Text.Json
open Deedle
open Deedle.Indices
open Deedle.Indices.Linear
open Deedle.Vectors
open VideoMae.Evaluation
open VideoMae.Training
open VideoMae.Training.Runs
open VideoMae.Training.Settings

/// Run folders read into one Deedle frame: a row per metrics.csv line, beside its run's name, status, evaluation and
/// settings (RunColumns says which column is which).
[<RequireQualifiedAccess>]
module RunTable =
    /// One run folder as read from disk.
    type Run =
        { Folder: string
          Status: string
          Reason: string
          /// config.json flattened (SettingsComparison.Leaves: dotted keys, JSON text values).
          Settings: (string * string) list
          /// metrics.csv, as the engine reads it back.
          Metrics: StepMetrics list
          Evaluation: ClassificationMetrics option
          PretrainGFlops: float option }

    let private invariant = CultureInfo.InvariantCulture

    let private settingsOf (configPath: string) =
        if File.Exists configPath then
            SettingsComparison.Leaves(File.ReadAllText configPath, configPath) |> Seq.map (fun p -> p.Key, p.Value) |> List.ofSeq
        else []

    let private number (text: string) =
        match Double.TryParse(text, NumberStyles.Float, invariant) with
        | true, value -> Some value
        | _ -> None

    // A pre-training's own MACs per clip; for a fine-tuning or distillation, those of the pre-training its weights
    // came from (followed through init, across a post-pre-training too), when that run folder is at hand.
    let rec private pretrainGFlops (configPath: string) (depth: int) =
        let settings = settingsOf configPath |> Map.ofList
        if settings.ContainsKey "decoder_mask" then
            try
                let pretraining = TrainingRuns.ReadConfig<PretrainSettings> configPath
                Some(float (Flops.pretrainOf pretraining.ModelConfig pretraining.Masking).TotalWithLayerNorm / 1e9)
            with :? ArgumentException | :? InvalidDataException -> None
        else
            match settings.TryFind "init" |> Option.orElse (settings.TryFind "student.init") with
            | Some init when depth < 8 && init <> "null" ->
                let parent = Path.Combine(Path.GetDirectoryName(Path.GetFullPath init), "config.json")
                if File.Exists parent then pretrainGFlops parent (depth + 1) else None
            | _ -> None

    let private hasRows (metricsPath: string) = File.ReadLines metricsPath |> Seq.skip 1 |> Seq.exists (fun l -> l.Trim().Length > 0)

    /// Why `folder` holds no run this table can show, or None for a run folder.
    let notARun (folder: string) =
        let run = RunFolder folder
        if not (Directory.Exists folder) then Some "no such folder"
        elif not (File.Exists run.Metrics) then
            if File.Exists run.Config then Some "config.json but no metrics.csv: its run stopped before training began"
            else Some "no metrics.csv or config.json: not a run folder"
        elif not (hasRows run.Metrics) then Some "metrics.csv has no steps yet"
        else None

    /// Reads the run in `folder` (one `notARun` accepts).
    let read (folder: string) : Run =
        let run = RunFolder folder
        let settings = settingsOf run.Config
        let metrics = MetricsLog.Read run.Metrics |> List.ofSeq
        let lastEpoch = metrics |> List.tryLast |> Option.map (fun m -> m.Epoch)
        let epochs =
            settings |> List.tryPick (fun (key, value) -> if key = "run.epochs" || key.EndsWith ".run.epochs" then number value else None)
        let status, reason = RunStatus.ofFolder folder lastEpoch epochs
        let evaluation =
            if File.Exists run.Evaluation then
                try Some(JsonSerializer.Deserialize<ClassificationMetrics>(File.ReadAllText run.Evaluation, Trainer.Json))
                with :? JsonException as e ->
                    printfn "Runs.load: %s is not readable (%s); its top1 and top5 are left empty" run.Evaluation e.Message
                    None
            else None
        { Folder = Path.GetFullPath folder; Status = status; Reason = reason; Settings = settings; Metrics = metrics
          Evaluation = evaluation; PretrainGFlops = pretrainGFlops run.Config 0 }

    /// Short unique names: each folder relative to the deepest folder above all of them (a lone run: its own name).
    let names (folders: string list) =
        let parents = folders |> List.map (fun f -> (Path.GetDirectoryName(Path.GetFullPath f): string).TrimEnd('/').Split('/'))
        let common =
            match parents with
            | [] -> [||]
            | first :: _ ->
                let shared = first |> Array.mapi (fun i part -> i, part) |> Array.takeWhile (fun (i, part) -> parents |> List.forall (fun p -> i < p.Length && p[i] = part))
                shared |> Array.map snd
        let root = String.Join("/", common) |> fun r -> if r = "" then "/" else r
        folders |> List.map (fun f -> Path.GetRelativePath(root, Path.GetFullPath f))

    // A step's values in the order of metrics.csv's columns (RunColumns.metrics).
    let private cellsOf (m: StepMetrics) : obj[] =
        [| m.Step; m.Epoch; m.Loss; m.LearningRate; m.GradNorm; m.ClipsPerSecond; m.TokensPerSecond; m.DataWaitSeconds
           m.StepSeconds; m.MemoryMegabytes; m.BaselineLoss |]

    /// The values of one column for one run: the same on each of its rows (a setting), or one per row (a metric).
    type Cells =
        | Repeated of value: obj option * rows: int
        | PerRow of obj option[]

    /// One typed column of a runs frame from its runs' cells, in order, on `index` (one index shared by every column
    /// builds the frame without aligning them): int where every row has an int, else float where every value is a
    /// number (NaN where missing), else text (null where missing).
    let column (index: IIndex<int>) (cells: Cells list) : ISeries<int> =
        let present =
            cells |> List.collect (function Repeated(Some v, n) when n > 0 -> [ v ] | Repeated _ -> [] | PerRow values -> Array.choose id values |> List.ofArray)
        let complete = cells |> List.forall (function Repeated(v, n) -> n = 0 || v.IsSome | PerRow values -> Array.forall Option.isSome values)
        let fill (convert: obj option -> 'T) =
            let values = cells |> Array.ofList |> Array.collect (function Repeated(v, n) -> Array.create n (convert v) | PerRow values -> Array.map convert values)
            Series(index, Vector.ofValues values, VectorBuilder.Instance, LinearIndexBuilder.Instance) :> ISeries<int>
        if complete && not present.IsEmpty && present |> List.forall (fun v -> v :? int) then fill (Option.get >> unbox<int>)
        elif present |> List.forall (fun v -> v :? int || v :? float) then
            fill (function Some v -> Convert.ToDouble(v, invariant) | None -> nan)
        else fill (function Some v -> Convert.ToString(v, invariant) | None -> null)

    /// `column` for a frame of `rows` rows.
    let columnOf (rows: int) = column (Index.ofKeys (Array.init rows id))

    /// The frame of `runs` (named as `names` says): one row per metrics row, columns run, status, the metrics columns,
    /// top1, top5 (percent), pretrain_gflops, the settings (RunColumns.ofSetting), folder.
    let frame (runs: (string * Run) list) : Frame<int, string> =
        let settingKeys = runs |> List.collect (fun (_, r) -> List.map fst r.Settings) |> List.distinct
        let setting key (r: Run) =
            match List.tryFind (fst >> (=) key) r.Settings with
            | None | Some(_, "null") -> None
            | Some(_, text) -> Some(number text |> Option.map box |> Option.defaultValue (box text))
        let repeated (value: string -> Run -> obj option) = runs |> List.map (fun (name, r) -> Repeated(value name r, r.Metrics.Length))
        let steps = runs |> List.map (fun (_, r) -> r.Metrics |> List.map cellsOf |> Array.ofList)
        let measured (position: int) = steps |> List.map (fun cells -> PerRow(cells |> Array.map (fun c -> Some c[position])))
        [ yield "run", repeated (fun name _ -> Some(box name))
          yield "status", repeated (fun _ r -> Some(box r.Status))
          for position, c in List.indexed RunColumns.metrics -> c, measured position
          yield "top1", repeated (fun _ r -> r.Evaluation |> Option.map (fun e -> box (100.0 * e.Top1)))
          yield "top5", repeated (fun _ r -> r.Evaluation |> Option.map (fun e -> box (100.0 * e.Top5)))
          yield "pretrain_gflops", repeated (fun _ r -> r.PretrainGFlops |> Option.map box)
          for k in settingKeys -> RunColumns.ofSetting k, repeated (fun _ r -> setting k r)
          yield "folder", repeated (fun _ r -> Some(box r.Folder)) ]
        |> fun columns ->
            let column = columnOf (runs |> List.sumBy (fun (_, r) -> r.Metrics.Length))
            columns |> List.map (fun (c, cells) -> c, column cells) |> Frame.ofColumns
