namespace VideoMae.Notebook.Stats

/// Holding a family of comparisons to one confidence level together: with m intervals at 95 % each and no real
/// difference anywhere, the chance that at least one excludes zero grows towards 1 − 0.95^m (26 % for six). Bonferroni's
/// inequality bounds it by m times each interval's miss rate, so each interval taken at 1 − (1 − level)/m holds the
/// whole family to `level`, whatever the comparisons share (Dunn 1961, "Multiple comparisons among means", JASA 56).
[<RequireQualifiedAccess>]
module Bonferroni =
    /// The level of each of `comparisons` intervals that holds them together to `familyLevel`: 0.95 and 6 give
    /// 1 − 0.05/6 = 0.99167.
    let level (familyLevel: float) (comparisons: int) =
        let familyLevel = Level.check familyLevel
        if comparisons < 1 then
            invalidArg "comparisons" $"comparisons = %d{comparisons}: expected at least one comparison in the family."
        1.0 - (1.0 - familyLevel) / float comparisons
