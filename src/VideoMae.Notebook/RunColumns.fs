namespace VideoMae.Notebook

open System
open System.Globalization
open Deedle
open VideoMae.Training.Runs

/// The columns of the frames `Runs.load` and `Runs.summary` return: which are measurements and which are settings
/// (every column from a run's config.json), how a setting reads in a legend, and the axis title of each.
[<RequireQualifiedAccess>]
module RunColumns =
    /// metrics.csv's columns, as the engine writes them (MetricsLog.Header).
    let metrics = MetricsLog.Header.Split(',') |> List.ofArray

    /// The columns `Runs.load` adds to each metrics row besides the settings.
    let perRun = [ "run"; "status"; "top1"; "top5"; "pretrain_gflops"; "folder" ]

    /// The columns `Runs.summary` computes.
    let summary = [ "steps"; "epochs"; "final_loss"; "floor"; "loss_over_floor"; "clips_per_s"; "wall_s" ]

    let private measured = Set.ofList (metrics @ perRun @ summary)

    /// The column a config.json key becomes: the key itself, or "config.KEY" where a measurement has that name
    /// (pre-training's `loss`, the tokens the loss is taken over, becomes `config.loss`).
    let ofSetting (key: string) = if measured.Contains key then "config." + key else key

    /// Whether a column of a runs frame holds a setting.
    let isSetting (column: string) = not (measured.Contains column)

    /// The text of a cell for comparing runs and for legends: numbers in up to six significant digits, a path by its
    /// last two parts (".../frame-50-pretrain/model.safetensors" reads as "frame-50-pretrain/model.safetensors").
    let text (value: obj) =
        match value with
        | null -> "(none)"
        | :? float as f -> f.ToString("G6", CultureInfo.InvariantCulture)
        | :? string as s when s.Contains '/' ->
            let parts = s.TrimEnd('/').Split('/')
            String.Join("/", parts[max 0 (parts.Length - 2) ..])
        | other -> Convert.ToString(other, CultureInfo.InvariantCulture)

    /// The value of `column` in the row `key` of `frame`, as `text` gives it.
    let cell (frame: Frame<int, string>) (column: string) (key: int) =
        let value = frame.GetColumn<obj>(column).TryGet key
        if value.HasValue then text value.Value else "(none)"

    /// The setting columns of `frame` whose values differ between the rows `keys` (one row per run), in column order.
    let varying (frame: Frame<int, string>) (keys: int list) =
        // Read from those rows alone: a frame can hold many thousand.
        let rows = Frame.realignRows keys frame
        [ for column in rows.ColumnKeys do
            if isSetting column && (keys |> List.map (cell rows column) |> List.distinct |> List.length) > 1 then column ]

    /// An axis title with units for a column.
    let title (column: string) =
        match column with
        | "step" -> "optimizer step"
        | "epoch" -> "epoch"
        | "loss" -> "training loss"
        | "lr" -> "learning rate"
        | "grad_norm" -> "gradient norm (before clipping)"
        | "clips_per_s" -> "clips/s"
        | "tokens_per_s" -> "input tokens/s"
        | "data_wait_s" -> "data wait per step (s)"
        | "step_s" -> "step time (s)"
        | "memory_mb" -> "process memory (MiB)"
        | "baseline_loss" -> "loss of predicting each tubelet's mean"
        | "top1" -> "top-1 accuracy (%)"
        | "top5" -> "top-5 accuracy (%)"
        | "pretrain_gflops" -> "pre-training GFLOPs per clip (forward)"
        | "steps" -> "optimizer steps"
        | "epochs" -> "epochs"
        | "final_loss" -> "final training loss (mean of the last epoch)"
        | "floor" -> "floor: loss of predicting each tubelet's mean"
        | "loss_over_floor" -> "final loss / floor"
        | "wall_s" -> "training time (s)"
        | other -> other
