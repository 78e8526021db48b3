namespace VideoMae.Notebook.Tests.Stats

open System
open Xunit
open VideoMae.Notebook.Stats

/// A family of comparisons held to 95 % together: Bonferroni's level by hand, and a difference that clears zero alone
/// but not among six, worked out from the binomial distribution of the resampled differences.
module BonferroniTests =
    [<Fact>]
    let ``each of m intervals is taken at 1 − 0.05 / m`` () =
        Assert.Equal(0.95, Bonferroni.level 0.95 1, 12)
        Assert.Equal(0.99166666666667, Bonferroni.level 0.95 6, 12)
        Assert.Equal(0.9995, Bonferroni.level 0.99 20, 12)
        let error = Assert.Throws<ArgumentException>(fun () -> Bonferroni.level 0.95 0 |> ignore)
        Assert.Contains("comparisons = 0", error.Message)
        Assert.Throws<ArgumentException>(fun () -> Bonferroni.level 1.5 3 |> ignore) |> ignore

    // A right on 5 of 100 videos, B on none: the resampled difference is Binomial(100, 0.05) points. P(0) = 0.95^100
    // = 0.0059 and P(≤ 1) = 0.037, so the 2.5 % quantile is 1 point (A beats B at 95 %) while the 0.42 % quantile of a
    // family of six (99.17 %) is 0: not detectable once six comparisons share the 5 %.
    let private fiveOfHundred = Array.init 100 (fun v -> v < 5)
    let private none = Array.zeroCreate<bool> 100

    [<Fact>]
    let ``a difference that clears zero alone does not clear it among six`` () =
        let alone = PairedBootstrap.overVideos PairedBootstrap.defaults fiveOfHundred none
        Assert.Equal(1.0, alone.Interval.Lower)
        Assert.StartsWith("A beats B by 5.0 points", Verdict.difference "A" "B" alone)
        Assert.Equal(0.0, (Difference.at (Bonferroni.level 0.95 6) alone).Interval.Lower)
        let same = PairedBootstrap.overVideos PairedBootstrap.defaults none none
        let family = ("A − B", alone) :: [ for k in 1 .. 5 -> $"same %d{k}", same ]
        Assert.Equal("Held to 95 % for all 6 comparisons together (Bonferroni: each interval at 99.2 %), none clears zero.", Verdict.family 0.95 family)
        Assert.StartsWith("Held to 95 % (one comparison, so no correction), 1 of 1 clears zero: A − B (+5.0 points, [1.0, ", Verdict.family 0.95 [ "A − B", alone ])

    [<Fact>]
    let ``a family names the differences that clear zero, with their direction and family-level interval`` () =
        let fortyOfHundred = Array.init 100 (fun v -> v < 40)
        let large = PairedBootstrap.overVideos PairedBootstrap.defaults fortyOfHundred none
        let reverse = PairedBootstrap.overVideos PairedBootstrap.defaults none fortyOfHundred
        let same = PairedBootstrap.overVideos PairedBootstrap.defaults none none
        let sentence = Verdict.family 0.95 [ "large", large; "reverse", reverse; "same", same ]
        let wide = (Difference.at (Bonferroni.level 0.95 3) large).Interval
        Assert.Equal(
            $"Held to 95 %% for all 3 comparisons together (Bonferroni: each interval at 98.3 %%), 2 of 3 clear zero: large (+40.0 points, [%.1f{wide.Lower}, %.1f{wide.Upper}]); reverse (-40.0 points, [%.1f{-wide.Upper}, %.1f{-wide.Lower}]).",
            sentence)
        Assert.True(wide.Lower < large.Interval.Lower && large.Interval.Upper < wide.Upper, $"%O{wide} should be wider than %O{large.Interval}")
        Assert.Throws<ArgumentException>(fun () -> Verdict.family 0.95 [] |> ignore) |> ignore
        Assert.Equal($"+40.0 points, 95 %% interval [%.1f{large.Interval.Lower}, %.1f{large.Interval.Upper}]", string large)
