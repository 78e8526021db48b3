namespace VideoMae.Notebook.Stats

open MathNet.Numerics

/// Whether an accuracy shows learning against guessing uniformly among `Classes` (chance 1/Classes). For one seed, an
/// exact one-sided binomial test of `Correct` of `Videos`: `PValue` = P(X ≥ Correct) for X ~ Binomial(Videos,
/// 1/Classes), `Above` when it is below (1 − level)/2, the same bar the lower end of the two-sided interval at that
/// level uses. For several seeds the videos of one seed are not independent trials of another seed's model, so pooling
/// them into one binomial would overstate the evidence: `Above` when the lower end of the seeds × videos interval
/// (`Crossed`) lies above chance, and `PValue` is NaN.
type ChanceTest =
    { Seeds: int
      /// Correct videos, pooled over the seeds.
      Correct: int
      Videos: int
      Classes: int
      /// Correct / Videos, in percent.
      Accuracy: float
      /// 100 / Classes.
      Chance: float
      /// The interval of the accuracy: Wilson's for one seed, the crossed one for several.
      Interval: Interval
      PValue: float
      Above: bool }

[<RequireQualifiedAccess>]
module AboveChance =
    /// P(X ≥ k) for X ~ Binomial(n, p), exactly: the regularised incomplete beta I_p(k, n − k + 1) (1 at k = 0).
    let upperTail (k: int) (n: int) (p: float) =
        if n < 1 then invalidArg "n" $"n = %d{n}: expected at least 1 trial."
        if k < 0 || k > n then invalidArg "k" $"k = %d{k}: expected a count between 0 and n = %d{n}."
        if not (p >= 0.0 && p <= 1.0) then invalidArg "p" $"p = %g{p}: expected a probability in [0, 1]."
        if k = 0 then 1.0 else SpecialFunctions.BetaRegularized(float k, float (n - k + 1), p)

    /// The test at `level` of `correct` of `videos` over `classes` classes, one seed.
    let test (level: float) (classes: int) (correct: int) (videos: int) : ChanceTest =
        if classes < 2 then invalidArg "classes" $"classes = %d{classes}: expected at least 2 classes to guess among."
        let interval = Wilson.interval level correct videos
        let p = upperTail correct videos (1.0 / float classes)
        { Seeds = 1
          Correct = correct
          Videos = videos
          Classes = classes
          Accuracy = 100.0 * float correct / float videos
          Chance = 100.0 / float classes
          Interval = interval
          PValue = p
          Above = p < (1.0 - level) / 2.0 }

    /// The test of an accuracy measured over seeds × videos (`Crossed.mean` of 0/100 correctness, at the level to test
    /// at), `correct` of `videos` pooled over the seeds, among `classes` classes.
    let overSeeds (classes: int) (accuracy: CrossedMean) (correct: int) (videos: int) : ChanceTest =
        if classes < 2 then invalidArg "classes" $"classes = %d{classes}: expected at least 2 classes to guess among."
        let chance = 100.0 / float classes
        { Seeds = accuracy.Seeds
          Correct = correct
          Videos = videos
          Classes = classes
          Accuracy = accuracy.Mean
          Chance = chance
          // An accuracy lies in 0–100 %; the cut leaves the comparison with chance (above 0) as it was.
          Interval = { accuracy.Interval with Lower = max 0.0 accuracy.Interval.Lower; Upper = min 100.0 accuracy.Interval.Upper }
          PValue = nan
          Above = accuracy.Interval.Lower > chance }
