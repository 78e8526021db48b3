namespace VideoMae.Notebook.Stats

/// The Wilson score interval for a proportion (Wilson 1927; method 3 of Newcombe 1998, "Two-sided confidence
/// intervals for the single proportion", Statistics in Medicine 17:857–872): the p whose score test against k of n
/// does not reject at the level. Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and keeps its coverage near 0 and
/// 1, where small validation sets put most accuracies.
[<RequireQualifiedAccess>]
module Wilson =
    /// The interval, in percent, for `correct` of `videos` at `level`:
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
    let interval (level: float) (correct: int) (videos: int) : Interval =
        if videos < 1 then invalidArg "videos" $"videos = %d{videos}: expected at least 1."
        if correct < 0 || correct > videos then
            invalidArg "correct" $"correct = %d{correct}: expected a count between 0 and videos = %d{videos}."
        let z = Critical.z level
        let n, p = float videos, float correct / float videos
        let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n)
        let half = z / (1.0 + z * z / n) * sqrt (p * (1.0 - p) / n + z * z / (4.0 * n * n))
        // Clamped: at k = 0 or k = n the bound is 0 or 1 exactly, which rounding can miss by an ulp.
        { Lower = 100.0 * max 0.0 (centre - half); Upper = 100.0 * min 1.0 (centre + half); Level = level }
