namespace VideoMae.Notebook.Tests.Stats

open System
open Xunit
open VideoMae.Notebook.Stats

/// The paired bootstrap on cases whose answer is known: degenerate ones exactly, others from the binomial or normal
/// distribution of a mean of resampled differences.
module PairedBootstrapTests =
    let private settings = PairedBootstrap.defaults

    // n videos, the first `ones` true.
    let private firstTrue ones n = Array.init n (fun v -> v < ones)

    [<Fact>]
    let ``identical variants differ by 0 with an interval of 0 and no verdict`` () =
        let a = [| true; false; true; true; false; false; true; false |]
        let d = PairedBootstrap.overVideos settings a (Array.copy a)
        Assert.Equal(0.0, d.Mean)
        Assert.Equal({ Lower = 0.0; Upper = 0.0; Level = 0.95 }, d.Interval)
        Assert.StartsWith("A vs B: no difference detectable at this n (8 videos;", Verdict.difference "A" "B" d)

    [<Fact>]
    let ``variants right on different videos but equally often differ by 0 with an interval straddling 0`` () =
        let a = Array.init 100 (fun v -> v % 2 = 0)
        let b = Array.init 100 (fun v -> v % 2 = 1)
        let d = PairedBootstrap.overVideos settings a b
        Assert.Equal(0.0, d.Mean)
        Assert.True(d.Interval.Lower < 0.0 && d.Interval.Upper > 0.0, string d.Interval)

    [<Fact>]
    let ``A always right and B always wrong differ by 100 points with zero width`` () =
        let d = PairedBootstrap.overVideos settings (Array.create 30 true) (Array.create 30 false)
        Assert.Equal(100.0, d.Mean)
        Assert.Equal({ Lower = 100.0; Upper = 100.0; Level = 0.95 }, d.Interval)
        Assert.Equal("A beats B by 100.0 points, 95 % interval [100.0, 100.0]; one seed, so the interval covers the validation videos, not how far the result moves with the seed.", Verdict.difference "A" "B" d)

    [<Fact>]
    let ``the winner is named either way round, its interval turned with it`` () =
        let d = PairedBootstrap.overVideos settings (Array.create 30 false) (Array.create 30 true)
        Assert.Equal(-100.0, d.Mean)
        Assert.Equal("B beats A by 100.0 points, 95 % interval [100.0, 100.0]; one seed, so the interval covers the validation videos, not how far the result moves with the seed.", Verdict.difference "A" "B" d)

    [<Fact>]
    let ``half the videos won by A: the interval is the binomial quantiles of 400 draws at one half`` () =
        // Each resampled video is one A won with probability 1/2, so the mean is 100·X/400 with X ~ Binomial(400, 1/2),
        // whose 2.5 % and 97.5 % quantiles are 180 and 220 (P(X ≤ 179) = 0.0204, P(X ≤ 180) = 0.0255): [45, 55] points.
        let d = PairedBootstrap.overVideos settings (firstTrue 200 400) (Array.create 400 false)
        Assert.Equal(50.0, d.Mean)
        Assert.Equal(45.0, d.Interval.Lower, 0.5)
        Assert.Equal(55.0, d.Interval.Upper, 0.5)

    [<Fact>]
    let ``30 videos won by A and 10 by B of 100: 20 points ± 1.96 · 6`` () =
        // d is +1 on 30 videos, −1 on 10, 0 on 60: mean 0.2, variance 0.4 − 0.04 = 0.36, so the resampled mean has
        // sd 0.6/√100 = 6 points and the normal approximation gives [8.24, 31.76].
        let a = Array.init 100 (fun v -> v < 30 || v >= 40 && v < 70)
        let b = Array.init 100 (fun v -> v >= 30 && v < 70)
        let d = PairedBootstrap.overVideos settings a b
        Assert.Equal(20.0, d.Mean, 10)
        Assert.Equal(8.24, d.Interval.Lower, 1.0)
        Assert.Equal(31.76, d.Interval.Upper, 1.0)
        Assert.Equal("A beats B by 20.0 points, " + string d.Interval + "; one seed, so the interval covers the validation videos, not how far the result moves with the seed.", Verdict.difference "A" "B" d)

    [<Fact>]
    let ``the same seed gives the same interval and another seed another`` () =
        let a = Array.init 100 (fun v -> v % 3 = 0)
        let b = Array.init 100 (fun v -> v % 4 = 0)
        let run seed = PairedBootstrap.overVideos { settings with Seed = seed } a b
        Assert.Equal(run 7, run 7)
        Assert.NotEqual(run 7, run 8)

    [<Fact>]
    let ``variants on different videos are refused, naming the counts`` () =
        Assert.Contains("A has 3 videos and B 2", (Assert.Throws<ArgumentException>(fun () ->
            PairedBootstrap.overVideos settings [| true; true; true |] [| true; false |] |> ignore)).Message)
        Assert.Contains("Resamples = 10", (Assert.Throws<ArgumentException>(fun () ->
            PairedBootstrap.overVideos { settings with Resamples = 10 } [| true |] [| true |] |> ignore)).Message)
