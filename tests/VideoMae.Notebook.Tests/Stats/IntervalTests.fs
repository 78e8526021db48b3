namespace VideoMae.Notebook.Tests.Stats

open System
open Xunit
open VideoMae.Notebook.Stats

/// Wilson intervals, Student-t intervals over seeds and their critical values, against published values.
module IntervalTests =
    [<Theory>]
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Statistics in Medicine 17:857–872: its worked examples under method 3 (Wilson score, no continuity correction), 95 %.
    [<InlineData(81, 263, 0.2553, 0.3662)>]
    [<InlineData(15, 148, 0.0624, 0.1605)>]
    [<InlineData(0, 20, 0.0000, 0.1611)>]
    [<InlineData(1, 29, 0.0061, 0.1718)>]
    let ``Wilson intervals equal Newcombe's published examples`` (k: int) (n: int) (lower: float) (upper: float) =
        let interval = Wilson.interval 0.95 k n
        Assert.Equal(100.0 * lower, interval.Lower, 2)
        Assert.Equal(100.0 * upper, interval.Upper, 2)
        Assert.Equal(0.95, interval.Level)

    [<Fact>]
    let ``a Wilson interval widens with the level and ends at 100 % when every video is right`` () =
        let at90, at99 = Wilson.interval 0.90 81 263, Wilson.interval 0.99 81 263
        Assert.True(at99.Lower < at90.Lower && at90.Upper < at99.Upper)
        Assert.Equal(100.0, (Wilson.interval 0.95 20 20).Upper)
        // n = 20, k = 20: the lower end is n / (n + z²) = 20 / 23.84 (Newcombe's 0/20 case mirrored).
        Assert.Equal(100.0 - 16.11, (Wilson.interval 0.95 20 20).Lower, 2)

    [<Fact>]
    let ``a Wilson interval refuses counts that are not of the videos`` () =
        Assert.Contains("correct = 21", (Assert.Throws<ArgumentException>(fun () -> Wilson.interval 0.95 21 20 |> ignore)).Message)
        Assert.Contains("videos = 0", (Assert.Throws<ArgumentException>(fun () -> Wilson.interval 0.95 0 0 |> ignore)).Message)
        Assert.Contains("level = 95", (Assert.Throws<ArgumentException>(fun () -> Wilson.interval 95.0 1 2 |> ignore)).Message)

    [<Theory>]
    // Two-sided 95 % critical values of Student's t (any printed t table): df 1, 2, 10, 30.
    [<InlineData(1, 12.706)>]
    [<InlineData(2, 4.303)>]
    [<InlineData(10, 2.228)>]
    [<InlineData(30, 2.042)>]
    let ``t quantiles equal the printed table`` (df: int) (expected: float) = Assert.Equal(expected, Critical.t 0.95 df, 3)

    [<Fact>]
    let ``normal quantiles are 1.960 at 95 % and 2.576 at 99 %`` () =
        Assert.Equal(1.960, Critical.z 0.95, 3)
        Assert.Equal(2.576, Critical.z 0.99, 3)

    [<Fact>]
    let ``over three seeds 1, 2, 3 the mean is 2, the sd 1 and the interval 2 ± 4.303 / √3`` () =
        let s = OverSeeds.summary 0.95 [ 1.0; 2.0; 3.0 ]
        Assert.Equal(2.0, s.Mean, 12)
        Assert.Equal(1.0, s.Sd, 12)
        Assert.Equal(3, s.N)
        Assert.Equal(2.0 - 2.4842, s.Interval.Lower, 3)
        Assert.Equal(2.0 + 2.4842, s.Interval.Upper, 3)

    [<Fact>]
    let ``over four seeds 70, 72, 74, 76 the interval is 73 ± 3.182 · 2.582 / 2`` () =
        // sd = √((9 + 1 + 1 + 9) / 3) = 2.5820; t(0.975, 3) = 3.1824; half-width 4.1085.
        let s = OverSeeds.summary 0.95 [ 70.0; 72.0; 74.0; 76.0 ]
        Assert.Equal(2.5820, s.Sd, 4)
        Assert.Equal(68.891, s.Interval.Lower, 3)
        Assert.Equal(77.109, s.Interval.Upper, 3)

    [<Fact>]
    let ``one seed has no spread and is refused, as is a value that is not finite`` () =
        Assert.Contains("at least 2 seeds", (Assert.Throws<ArgumentException>(fun () -> OverSeeds.summary 0.95 [ 50.0 ] |> ignore)).Message)
        Assert.Contains("NaN", (Assert.Throws<ArgumentException>(fun () -> OverSeeds.summary 0.95 [ 50.0; nan ] |> ignore)).Message)
