namespace VideoMae.Notebook.Stats

open System

/// One number measured once per seed: mean, sample standard deviation (n − 1), how many seeds, and the Student-t
/// interval for the mean, mean ± t(level, n − 1)·sd/√n.
type SeedSummary = { Mean: float; Sd: float; N: int; Interval: Interval }

[<RequireQualifiedAccess>]
module OverSeeds =
    /// The summary at `level` of `values` (one per seed; at least two, since one seed has no spread).
    let summary (level: float) (values: float seq) : SeedSummary =
        let xs = Array.ofSeq values
        if xs.Length < 2 then
            invalidArg "values" $"%d{xs.Length} value(s): expected one per seed and at least 2 seeds, as one seed shows no spread."
        match xs |> Array.tryFind (Double.IsFinite >> not) with
        | Some x -> invalidArg "values" $"a value is %g{x}: expected finite numbers."
        | None -> ()
        let n = xs.Length
        let mean = Array.average xs
        let sd = sqrt ((xs |> Array.sumBy (fun x -> (x - mean) ** 2.0)) / float (n - 1))
        let half = Critical.t level (n - 1) * sd / sqrt (float n)
        { Mean = mean; Sd = sd; N = n; Interval = { Lower = mean - half; Upper = mean + half; Level = level } }
