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

    /// How many of a family of differences exclude zero when the family is held to `familyLevel` together: each
    /// interval is read again at `Bonferroni.level familyLevel n` from its own spread (`Difference.at`), and the sentence names those
    /// that still clear zero, with their direction and that interval.
    let family (familyLevel: float) (named: (string * Difference) list) =
        if named.IsEmpty then invalidArg "named" "no comparisons; expected at least one named difference."
        let n = named.Length
        let each = Bonferroni.level familyLevel n
        let held =
            if n = 1 then $"Held to %s{Level.percent familyLevel} (one comparison, so no correction)"
            else $"Held to %s{Level.percent familyLevel} for all %d{n} comparisons together (Bonferroni: each interval at %.1f{100.0 * each} %%)"
        let clear =
            [ for name, d in named do
                let d = Difference.at each d
                if d.Interval.Lower > 0.0 || d.Interval.Upper < 0.0 then yield name, d ]
        let describe (name: string, d: Difference) =
            $"%s{name} (%+.1f{d.Mean} points, [%.1f{d.Interval.Lower}, %.1f{d.Interval.Upper}])"
        match clear with
        | [] -> $"%s{held}, none clears zero."
        | [ one ] -> $"%s{held}, 1 of %d{n} clears zero: %s{describe one}."
        | _ ->
            let named = clear |> List.map describe |> String.concat "; "
            $"%s{held}, %d{clear.Length} of %d{n} clear zero: %s{named}."

    /// Whether `name`'s accuracy is above chance or at it: with the numbers of the exact binomial test for one seed,
    /// with the interval over seeds and videos for several.
    let chance (name: string) (t: ChanceTest) =
        let measured, against =
            if t.Seeds = 1 then
                $"%.1f{t.Accuracy} %% (%d{t.Correct} of %d{t.Videos}, %s{string t.Interval})",
                $"chance %.1f{t.Chance} %% for %d{t.Classes} classes (exact binomial test, one-sided p = %.3g{t.PValue})"
            else
                $"%.1f{t.Accuracy} %% over %d{t.Seeds} seeds (%s{string t.Interval} over seeds and videos)",
                $"chance %.1f{t.Chance} %% for %d{t.Classes} classes"
        if t.Above then $"%s{name} is above chance: %s{measured} against %s{against}."
        else $"%s{name} is at chance: %s{measured} is not distinguishable from %s{against}."
