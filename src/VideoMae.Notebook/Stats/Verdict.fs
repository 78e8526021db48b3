namespace VideoMae.Notebook.Stats

/// The sentences a notebook's findings are worded from, computed from intervals and tests, never typed.
[<RequireQualifiedAccess>]
module Verdict =
    /// "A beats B by x points, 95 % interval [l, u]" when the interval of A − B excludes 0 (either way round), else
    /// "A vs B: no difference detectable at this n (…, 95 % interval [l, u])". A win over one seed says that its
    /// interval leaves the seed out: a pre-training seed alone can move a small model's accuracy by about 10 points.
    let difference (nameA: string) (nameB: string) (d: Difference) =
        let level = Level.percent d.Interval.Level
        let oneSeed = if d.Seeds = 1 then "; one seed, so the interval covers the validation videos, not how far the result moves with the seed" else ""
        if d.Interval.Lower > 0.0 then
            $"%s{nameA} beats %s{nameB} by %.1f{d.Mean} points, %s{level} interval [%.1f{d.Interval.Lower}, %.1f{d.Interval.Upper}]%s{oneSeed}."
        elif d.Interval.Upper < 0.0 then
            $"%s{nameB} beats %s{nameA} by %.1f{-d.Mean} points, %s{level} interval [%.1f{-d.Interval.Upper}, %.1f{-d.Interval.Lower}]%s{oneSeed}."
        else
            let seeds = if d.Seeds > 1 then $" × %d{d.Seeds} seeds" else ""
            $"%s{nameA} vs %s{nameB}: no difference detectable at this n (%d{d.Videos} videos%s{seeds}; %.1f{d.Mean} points, %s{level} interval [%.1f{d.Interval.Lower}, %.1f{d.Interval.Upper}])."

    /// Whether `name`'s accuracy is above chance or at it, with the numbers of the exact binomial test.
    let chance (name: string) (t: ChanceTest) =
        let measured =
            $"%.1f{t.Accuracy} %% (%d{t.Correct} of %d{t.Videos}, %s{string t.Interval})"
        let against =
            $"chance %.1f{t.Chance} %% for %d{t.Classes} classes (exact binomial test, one-sided p = %.3g{t.PValue})"
        if t.Above then $"%s{name} is above chance: %s{measured} against %s{against}."
        else $"%s{name} is at chance: %s{measured} is not distinguishable from %s{against}."
