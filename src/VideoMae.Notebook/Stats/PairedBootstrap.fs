namespace VideoMae.Notebook.Stats

open System
open MathNet.Numerics.Statistics

/// How a bootstrap resamples: how many times, from which seed of its random generator, at which level.
type Bootstrap = { Resamples: int; Seed: int; Level: float }

/// The accuracy of A minus that of B, in percentage points, measured on the same videos (and seeds): the observed
/// difference and its bootstrap percentile interval.
type Difference =
    { Mean: float
      Interval: Interval
      /// Videos per seed (the first seed's, when they differ).
      Videos: int
      Seeds: int
      /// The resampled differences, sorted: the interval at another level is read from them (`PairedBootstrap.at`).
      Draws: float[] }

    /// "+5.0 points, 95 % interval [1.0, 9.0]": how a table cell shows it.
    override this.ToString() = $"%+.1f{this.Mean} points, %O{this.Interval}"

/// Paired bootstrap of a difference of two variants' accuracies (Efron & Tibshirani 1993, "An Introduction to the
/// Bootstrap", ch. 13, percentile interval): whole pairs (video v under A, video v under B) are resampled, so what the
/// two variants share (a video every variant finds hard) cancels out of the difference. Percentiles interpolate
/// linearly between order statistics (Hyndman & Fan 1996, definition 7). The same inputs and `Seed` give the same
/// interval.
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

    let private percentile (draws: float[]) (level: float) =
        let level = Level.check level
        let at q = SortedArrayStatistics.QuantileCustom(draws, q, QuantileDefinition.R7)
        { Lower = at ((1.0 - level) / 2.0); Upper = at ((1.0 + level) / 2.0); Level = level }

    let private run (settings: Bootstrap) (mean: float) (videos: int) (seeds: int) (statistic: Random -> float) =
        if settings.Resamples < 100 then
            invalidArg "settings" $"Resamples = %d{settings.Resamples}: expected at least 100 for a percentile interval."
        let level = Level.check settings.Level
        let random = Random(settings.Seed)
        let draws = Array.init settings.Resamples (fun _ -> statistic random) |> Array.sort
        { Mean = mean; Interval = percentile draws level; Videos = videos; Seeds = seeds; Draws = draws }

    /// The same difference with its interval at `level`, read from the same resamples (a family of comparisons takes
    /// each at a higher level, `Bonferroni`).
    let at (level: float) (d: Difference) = { d with Interval = percentile d.Draws level }

    /// Over validation videos: `a.[v]` and `b.[v]` say whether A and B classify video v correctly (one seed each).
    let overVideos (settings: Bootstrap) (a: bool[]) (b: bool[]) : Difference =
        let d = differences "overVideos" a b
        run settings (percentOf (Array.sum d) d.Length) d.Length 1 (fun random -> resampleMean random d)

    /// Over seeds and videos: `a.[s].[v]` and `b.[s].[v]` say whether A and B trained with seed s classify video v
    /// correctly. Each resample draws seeds with replacement, then videos with replacement within each drawn seed, and
    /// averages the seeds' differences, so both the training seed's spread and the validation set's size show in the
    /// interval. A's seed s is paired with B's seed s.
    let overSeedsAndVideos (settings: Bootstrap) (a: bool[][]) (b: bool[][]) : Difference =
        if a.Length <> b.Length then
            invalidArg "b" $"A has %d{a.Length} seeds and B %d{b.Length}; expected the same seeds under both."
        if a.Length = 0 then invalidArg "a" "no seeds; expected at least one."
        let perSeed = Array.mapi2 (fun s x y -> differences $"seed %d{s}" x y) a b
        let mean = perSeed |> Array.averageBy (fun d -> percentOf (Array.sum d) d.Length)
        run settings mean perSeed.[0].Length perSeed.Length (fun random ->
            let mutable total = 0.0
            for _ in 1 .. perSeed.Length do
                total <- total + resampleMean random perSeed.[random.Next perSeed.Length]
            total / float perSeed.Length)
