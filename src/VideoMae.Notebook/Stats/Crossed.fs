namespace VideoMae.Notebook.Stats

open System

/// A mean over a crossed design of seeds × videos, every seed's model evaluated on the same validation videos: the
/// grand mean, the two variance components' shares of its squared standard error, and its interval.
type CrossedMean =
    { Mean: float; Seeds: int; Videos: int; SeedShare: float; VideoShare: float; Interval: Interval }

    /// √(SeedShare + VideoShare).
    member this.StandardError = sqrt (this.SeedShare + this.VideoShare)

/// A result measured on S seeds × V videos moves with both: another training seed (the spread of the seeds' means
/// shows how much) and another draw of validation videos (the spread of the videos' means over seeds). The squared
/// standard error of the grand mean is estimated as s²(seed means)/S + s²(video means)/V, the two one-way estimates;
/// each carries the seed × video residual, so their sum errs wide, as Owen's pigeonhole bootstrap does for crossed
/// designs (Owen 2007, Ann. Appl. Stat. 1:246–261). The interval's half-width expands each share by its own t
/// quantile and adds them in quadrature, √(t(S − 1)²·seed share + t(V − 1)²·video share): Student's t over the seeds'
/// means when the videos do not spread, the paired t over videos when the seeds do not. Welch–Satterthwaite's
/// pooled degrees of freedom cover the mean only 89–93 % of the time at 2–3 seeds when the seeds spread (a seed share
/// estimated small by chance raises the df and shrinks t from 4.30 towards 2), as does a bootstrap over 3 seeds; this
/// rule covered at least 94.5 % in every simulated case (CrossedTests), at most a fifth wider than
/// Welch–Satterthwaite's interval where the seeds dominate.
[<RequireQualifiedAccess>]
module Crossed =
    let private sampleVariance (xs: float[]) =
        let mean = Array.average xs
        (xs |> Array.sumBy (fun x -> (x - mean) ** 2.0)) / float (xs.Length - 1)

    /// The interval at `level` of a mean with these shares over `seeds` × `videos`.
    let interval (level: float) (mean: float) (seeds: int) (seedShare: float) (videos: int) (videoShare: float) : Interval =
        let level = Level.check level
        let expanded df share = if share = 0.0 then 0.0 else Critical.t level df ** 2.0 * share
        let half = sqrt (expanded (seeds - 1) seedShare + expanded (videos - 1) videoShare)
        { Lower = mean - half; Upper = mean + half; Level = level }

    /// The same mean with its interval at `level`.
    let at (level: float) (c: CrossedMean) =
        { c with Interval = interval level c.Mean c.Seeds c.SeedShare c.Videos c.VideoShare }

    /// The mean at `level` of `x.[s].[v]`, seed s's value on video v (0 or 100 for a correct video in percent, −100,
    /// 0 or 100 for a paired difference in points): at least 2 seeds and 2 videos, the same videos for every seed.
    let mean (level: float) (x: float[][]) : CrossedMean =
        if x.Length < 2 then
            invalidArg "x" $"%d{x.Length} seed(s): expected at least 2, as one seed shows no spread over seeds."
        let videos = x.[0].Length
        if videos < 2 then invalidArg "x" $"%d{videos} video(s) per seed: expected at least 2."
        x |> Array.iteri (fun s row ->
            if row.Length <> videos then
                invalidArg "x" $"seed %d{s} has %d{row.Length} videos and seed 0 %d{videos}: expected the same videos for every seed."
            match row |> Array.tryFind (Double.IsFinite >> not) with
            | Some value -> invalidArg "x" $"seed %d{s} has a value %g{value}: expected finite numbers."
            | None -> ())
        let seeds = x.Length
        let seedMeans = x |> Array.map Array.average
        let videoMeans = Array.init videos (fun v -> x |> Array.averageBy (fun row -> row.[v]))
        let seedShare = sampleVariance seedMeans / float seeds
        let videoShare = sampleVariance videoMeans / float videos
        let mean = Array.average seedMeans
        { Mean = mean; Seeds = seeds; Videos = videos; SeedShare = seedShare; VideoShare = videoShare
          Interval = interval level mean seeds seedShare videos videoShare }
