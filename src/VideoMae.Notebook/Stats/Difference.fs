namespace VideoMae.Notebook.Stats

open MathNet.Numerics.Statistics

/// How a difference's interval was computed, kept so that the interval can be read again at another level (a family
/// of comparisons held together, `Bonferroni`).
type Spread =
    /// A bootstrap's resampled differences, sorted: percentile intervals (`PairedBootstrap`, one seed).
    | Resampled of draws: float[]
    /// A mean over seeds × videos (`Crossed`, several seeds).
    | SeedsByVideos of CrossedMean

/// The accuracy of A minus that of B, in percentage points, measured on the same videos (and seeds): the observed
/// difference and its interval.
type Difference =
    { Mean: float
      Interval: Interval
      /// Videos per seed (the first seed's, when they differ).
      Videos: int
      Seeds: int
      Spread: Spread }

    /// "+5.0 points, 95 % interval [1.0, 9.0]": how a table cell shows it.
    override this.ToString() = $"%+.1f{this.Mean} points, %O{this.Interval}"

[<RequireQualifiedAccess>]
module Difference =
    /// The interval at `level` of a difference with mean `mean` spread as `spread`: the percentiles of the resamples
    /// (linear between order statistics, Hyndman & Fan 1996, definition 7), or the crossed design's t interval.
    let interval (spread: Spread) (mean: float) (level: float) : Interval =
        match spread with
        | Resampled draws ->
            let level = Level.check level
            let at q = SortedArrayStatistics.QuantileCustom(draws, q, QuantileDefinition.R7)
            { Lower = at ((1.0 - level) / 2.0); Upper = at ((1.0 + level) / 2.0); Level = level }
        | SeedsByVideos c -> Crossed.interval level mean c.Seeds c.SeedShare c.Videos c.VideoShare

    /// The same difference with its interval at `level`, from the same spread.
    let at (level: float) (d: Difference) = { d with Interval = interval d.Spread d.Mean level }
