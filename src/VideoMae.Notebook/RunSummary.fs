namespace VideoMae.Notebook

open System
open Deedle

/// One row per run of a `Runs.load` frame.
[<RequireQualifiedAccess>]
module RunSummary =
    /// The row keys of each run of a runs frame, runs in the order they first appear.
    let groups (runs: Frame<int, string>) : (string * int list) list =
        if not (runs.ColumnKeys |> Seq.contains "run") then
            invalidArg (nameof runs) "The frame has no \"run\" column; expected a frame from Runs.load or Runs.summary."
        runs.GetColumn<string> "run"
        |> Series.observations
        |> Seq.groupBy snd
        |> Seq.map (fun (name, rows) -> name, rows |> Seq.map fst |> List.ofSeq)
        |> List.ofSeq

    let private floats (runs: Frame<int, string>) (column: string) (keys: int list) =
        if runs.ColumnKeys |> Seq.contains column then
            let values = runs.GetColumn<float> column
            keys |> List.map (fun k -> let v = values.TryGet k in if v.HasValue then v.Value else nan)
        else keys |> List.map (fun _ -> nan)

    let private mean (values: float list) =
        match values |> List.filter Double.IsFinite with
        | [] -> None
        | finite -> Some(List.average finite)

    /// The steps of the run's last epoch, as many as one epoch has (steps per epoch = last step / last epoch, which
    /// metrics.csv's fractional epoch gives), or all of them when it ran fewer: the window of final_loss and floor.
    let lastEpochWindow (steps: float list) (epochs: float list) =
        let lastStep, lastEpoch = List.last steps, List.last epochs
        let perEpoch = if lastEpoch > 0.0 then max 1 (int (Math.Round(lastStep / lastEpoch))) else steps.Length
        min perEpoch steps.Length

    /// The summary frame of `Runs.summary`.
    let ofRuns (runs: Frame<int, string>) : Frame<int, string> =
        let groups = groups runs
        let firstRows = groups |> List.map (snd >> List.head)
        let measured =
            groups
            |> List.map (fun (_, keys) ->
                let step = floats runs "step" keys
                let order = List.zip step keys |> List.sortBy fst |> List.map snd
                let column name = floats runs name order
                let step, epoch, loss, baseline = column "step", column "epoch", column "loss", column "baseline_loss"
                let clipsPerSecond, seconds = column "clips_per_s", column "step_s"
                let window = lastEpochWindow step epoch
                let last (values: float list) = List.skip (values.Length - window) values
                let finalLoss, floor = mean (last loss), mean (last baseline)
                let wall = List.sum seconds
                Map.ofList
                    [ "steps", Some(box (int (List.last step)))
                      "epochs", Some(box (List.last epoch))
                      "final_loss", finalLoss |> Option.map box
                      "floor", floor |> Option.map box
                      "loss_over_floor", Option.map2 (fun l f -> box (l / f)) finalLoss floor
                      // clips over the time of the steps: each step's clips are its clips/s times its seconds.
                      "clips_per_s", (if wall > 0.0 then Some(box (List.sum (List.map2 (*) clipsPerSecond seconds) / wall)) else None)
                      "wall_s", Some(box wall) ])
        // Each run's own values, from its first row (read from those rows alone: a frame can hold many thousand).
        let heads = Frame.realignRows firstRows runs
        let perRun column =
            let values = heads.GetColumn<obj> column
            firstRows |> List.map (fun k -> let v = values.TryGet k in if v.HasValue then Some v.Value else None)
        let present = [ "top1"; "top5"; "pretrain_gflops" ] |> List.filter (fun c -> runs.ColumnKeys |> Seq.contains c)
        [ yield "run", groups |> List.map (fst >> box >> Some)
          yield "status", perRun "status"
          for c in RunColumns.summary -> c, measured |> List.map (Map.find c)
          for c in present -> c, perRun c
          for c in RunColumns.varying heads firstRows -> c, perRun c ]
        |> List.map (fun (c, values) -> c, RunTable.columnOf groups.Length (values |> List.map (fun v -> RunTable.Repeated(v, 1))))
        |> Frame.ofColumns
