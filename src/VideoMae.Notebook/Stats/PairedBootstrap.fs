namespace VideoMae.Notebook.Stats

open System

/// How a bootstrap resamples: how many times, from which seed of its random generator, at which level.
type Bootstrap = { Resamples: int; Seed: int; Level: float }

/// Paired bootstrap of a difference of two variants' accuracies (Efron & Tibshirani 1993, "An Introduction to the
/// Bootstrap", ch. 13, percentile interval): whole pairs (video v under A, video v under B) are resampled, so what the
/// two variants share (a video every variant finds hard) cancels out of the difference. Percentiles interpolate as
/// `Difference.interval` does. The same inputs and `Seed` give the same interval. For one seed; several are a crossed
/// design of seeds × videos (`Crossed`).
[<RequireQualifiedAccess>]
module PairedBootstrap =
    /// 10 000 resamples from seed 0 at 95 %.
    let defaults = { Resamples = 10000; Seed = 0; Level = 0.95 }

    // Per video: +1 when only A is right, −1 when only B is, 0 otherwise.
    let private differences (what: string) (a: bool[]) (b: bool[]) =
        if a.Length <> b.Length then
            invalidArg "b" $"%s{what}: A has %d{a.Length} videos and B %d{b.Length}; expected the same videos under both."
        if a.Length = 0 then invalidArg "a" $"%s{what}: no videos; expected at least one."
        Array.map2 (fun x y -> (if x then 1 else 0) - (if y then 1 else 0)) a b

    let private percentOf (sum: int) (count: int) = 100.0 * float sum / float count

    // Draws `count` videos with replacement from d and returns the mean difference in points.
    let private resampleMean (random: Random) (d: int[]) =
        let mutable sum = 0
        for _ in 1 .. d.Length do
            sum <- sum + d.[random.Next d.Length]
        percentOf sum d.Length

    /// Over validation videos: `a.[v]` and `b.[v]` say whether A and B classify video v correctly (one seed each).
    let overVideos (settings: Bootstrap) (a: bool[]) (b: bool[]) : Difference =
        let d = differences "overVideos" a b
        if settings.Resamples < 100 then
            invalidArg "settings" $"Resamples = %d{settings.Resamples}: expected at least 100 for a percentile interval."
        let level = Level.check settings.Level
        let random = Random(settings.Seed)
        let draws = Array.init settings.Resamples (fun _ -> resampleMean random d) |> Array.sort
        let mean = percentOf (Array.sum d) d.Length
        { Mean = mean; Interval = Difference.interval (Resampled draws) mean level; Videos = d.Length; Seeds = 1
          Spread = Resampled draws }
