namespace VideoMae.Notebook.Tests.Stats

open System
open Xunit
open MathNet.Numerics.Distributions
open VideoMae.Notebook.Stats

/// The crossed seeds × videos interval: its shares and half-width by hand (t quantiles from the printed table: 12.706
/// at df 1, 4.303 at 2, 3.182 at 3, 2.571 at 5), its two one-way limits against the textbook intervals, and its
/// coverage on simulated crossed random effects.
module CrossedTests =
    [<Fact>]
    let ``two seeds of four videos: the shares and the half-width by hand`` () =
        // Seed means 75 and 25: s² = 1250, /2 = 625. Video means 100, 50, 50, 0: s² = 5000/3, /4 = 416.67.
        // Half-width √(12.7062² · 625 + 3.1824² · 416.67) = 324.23.
        let c = Crossed.mean 0.95 [| [| 100.0; 100.0; 100.0; 0.0 |]; [| 100.0; 0.0; 0.0; 0.0 |] |]
        Assert.Equal((50.0, 2, 4), (c.Mean, c.Seeds, c.Videos))
        Assert.Equal(625.0, c.SeedShare, 9)
        Assert.Equal(416.6667, c.VideoShare, 4)
        Assert.Equal(32.2749, c.StandardError, 4)
        Assert.Equal(-274.23, c.Interval.Lower, 2)
        Assert.Equal(374.23, c.Interval.Upper, 2)

    [<Fact>]
    let ``with no spread between seeds it is the paired t interval over videos`` () =
        // Every seed 100, 0, 100, 0, 100, 0: mean 50, s² over videos 3000, se √(3000/6) = 22.361, t(0.975, 5) = 2.5706.
        let c = Crossed.mean 0.95 (Array.init 3 (fun _ -> Array.init 6 (fun v -> if v % 2 = 0 then 100.0 else 0.0)))
        Assert.Equal(0.0, c.SeedShare)
        Assert.Equal(50.0 - 2.5706 * 22.3607, c.Interval.Lower, 2)
        Assert.Equal(50.0 + 2.5706 * 22.3607, c.Interval.Upper, 2)

    [<Fact>]
    let ``with no spread within seeds it is Student's t over the seeds' means`` () =
        // Seeds at 70, 72, 74, 76 on every video: the textbook interval 73 ± 3.182 · 2.582 / 2 = [68.891, 77.109].
        let c = Crossed.mean 0.95 [| for top1 in [ 70.0; 72.0; 74.0; 76.0 ] -> Array.create 10 top1 |]
        Assert.Equal(0.0, c.VideoShare, 12)
        Assert.Equal(68.891, c.Interval.Lower, 3)
        Assert.Equal(77.109, c.Interval.Upper, 3)
        // Read again at 99 %: t(0.995, 3) = 5.841, 73 ± 5.841 · 1.291 = [65.459, 80.541].
        Assert.Equal(65.459, (Crossed.at 0.99 c).Interval.Lower, 3)

    [<Fact>]
    let ``identical values give a zero-width interval, and bad shapes are refused by name`` () =
        let c = Crossed.mean 0.95 [| [| 1.0; 1.0 |]; [| 1.0; 1.0 |] |]
        Assert.Equal({ Lower = 1.0; Upper = 1.0; Level = 0.95 }, c.Interval)
        Assert.Contains("1 seed(s)", (Assert.Throws<ArgumentException>(fun () -> Crossed.mean 0.95 [| [| 1.0; 2.0 |] |] |> ignore)).Message)
        Assert.Contains("seed 1 has 1 videos and seed 0 2", (Assert.Throws<ArgumentException>(fun () ->
            Crossed.mean 0.95 [| [| 1.0; 2.0 |]; [| 1.0 |] |] |> ignore)).Message)
        Assert.Contains("NaN", (Assert.Throws<ArgumentException>(fun () -> Crossed.mean 0.95 [| [| 1.0; 2.0 |]; [| 1.0; nan |] |] |> ignore)).Message)

    /// The share of 2000 simulated experiments, y = a_seed + b_video + e with standard deviations (sa, sb, se) and true
    /// mean 0, whose interval holds 0.
    let private coverage (sa, sb, se) seeds videos =
        let random = Random 1
        let normal sd = sd * Normal.Sample(random, 0.0, 1.0)
        let covered =
            Seq.init 2000 (fun _ ->
                let a, b = Array.init seeds (fun _ -> normal sa), Array.init videos (fun _ -> normal sb)
                let y = Array.init seeds (fun s -> Array.init videos (fun v -> a.[s] + b.[v] + normal se))
                (Crossed.mean 0.95 y).Interval.Contains 0.0)
            |> Seq.filter id
            |> Seq.length
        float covered / 2000.0

    [<Theory>]
    [<InlineData(1.0, 1.0, 1.0, 3, 40)>]
    [<InlineData(1.0, 1.0, 1.0, 2, 192)>]
    [<InlineData(0.3, 1.0, 1.0, 3, 192)>]
    [<InlineData(1.0, 0.0, 1.0, 3, 192)>]
    [<InlineData(0.0, 1.0, 1.0, 3, 192)>]
    let ``on simulated seeds × videos it covers the true mean at least 94 % of the time`` sa sb se seeds videos =
        let c = coverage (sa, sb, se) seeds videos
        Assert.True(c >= 0.94 && c <= 0.999, $"coverage %.3f{c}")

    [<Fact>]
    let ``a win over seeds carries no one-seed caveat, and a family reads its interval again`` () =
        let c = Crossed.mean 0.95 [| for top1 in [ 70.0; 72.0; 74.0; 76.0 ] -> Array.create 10 top1 |]
        let d = { Mean = c.Mean; Interval = c.Interval; Videos = c.Videos; Seeds = c.Seeds; Spread = SeedsByVideos c }
        Assert.Equal("A beats B by 73.0 points, 95 % interval [68.9, 77.1].", Verdict.difference "A" "B" d)
        Assert.Equal((Crossed.at 0.99 c).Interval, (Difference.at 0.99 d).Interval)
