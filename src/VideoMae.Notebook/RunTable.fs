namespace VideoMae.Notebook

open System
open System.Globalization
open System.IO
open System.Text.Json
open Deedle
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
          Metrics: Frame<int, string>
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
        let metrics = Results.read run.Metrics
        let lastEpoch = metrics.GetColumn<float>("epoch").Values |> Seq.tryLast
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

    /// One typed column of a runs frame: int where every value is one, else float where every value is a number,
    /// else text; None is a missing value.
    let column (values: obj option[]) : ISeries<int> =
        let present = values |> Array.choose id
        let keyed (convert: obj -> 'T) =
            values |> Array.mapi (fun i v -> i, Option.map convert v) |> Series.ofOptionalObservations :> ISeries<int>
        if present.Length > 0 && present |> Array.forall (fun v -> v :? int) then keyed unbox<int>
        elif present |> Array.forall (fun v -> v :? int || v :? float) then keyed (fun v -> Convert.ToDouble(v, invariant))
        else keyed (fun v -> Convert.ToString(v, invariant))

    /// The frame of `runs` (named as `names` says): one row per metrics row, columns run, status, the metrics columns,
    /// top1, top5 (percent), pretrain_gflops, the settings (RunColumns.ofSetting), folder.
    let frame (runs: (string * Run) list) : Frame<int, string> =
        let metricColumns = runs |> List.collect (fun (_, r) -> List.ofSeq r.Metrics.ColumnKeys) |> List.distinct
        let settingKeys = runs |> List.collect (fun (_, r) -> List.map fst r.Settings) |> List.distinct
        let setting key (r: Run) =
            match List.tryFind (fst >> (=) key) r.Settings with
            | None | Some(_, "null") -> None
            | Some(_, text) -> Some(number text |> Option.map box |> Option.defaultValue (box text))
        // Each column over every run's rows; a run's own values repeat on each of its rows.
        let over (valuesOf: string -> Run -> obj option[]) =
            runs |> Array.ofList |> Array.collect (fun (name, r) -> valuesOf name r)
        let constant (value: Run -> string -> obj option) = over (fun name r -> Array.create r.Metrics.RowCount (value r name))
        let measured (c: string) =
            over (fun _ r ->
                if r.Metrics.ColumnKeys |> Seq.contains c then
                    let values = r.Metrics.GetColumn<obj> c
                    r.Metrics.RowKeys |> Seq.map (fun k -> let v = values.TryGet k in if v.HasValue then Some v.Value else None) |> Array.ofSeq
                else Array.create r.Metrics.RowCount None)
        [ yield "run", constant (fun _ name -> Some(box name))
          yield "status", constant (fun r _ -> Some(box r.Status))
          for c in metricColumns -> c, measured c
          yield "top1", constant (fun r _ -> r.Evaluation |> Option.map (fun e -> box (100.0 * e.Top1)))
          yield "top5", constant (fun r _ -> r.Evaluation |> Option.map (fun e -> box (100.0 * e.Top5)))
          yield "pretrain_gflops", constant (fun r _ -> r.PretrainGFlops |> Option.map box)
          for k in settingKeys -> RunColumns.ofSetting k, constant (fun r _ -> setting k r)
          yield "folder", constant (fun r _ -> Some(box r.Folder)) ]
        |> List.map (fun (c, values) -> c, column values)
        |> Frame.ofColumns
