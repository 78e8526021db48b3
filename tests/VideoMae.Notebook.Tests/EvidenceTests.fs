namespace VideoMae.Notebook.Tests

open System
open System.IO
open Xunit
open VideoMae.Notebook

/// Evidence computes the experiment notebooks' intervals from per-seed predictions.csv files; checked against
/// hand-computed values.
module EvidenceTests =
    let private temporaryFolder () =
        let folder = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())
        Directory.CreateDirectory folder |> ignore
        folder

    /// A predictions.csv of four videos of two classes, right on the ones `correct` marks.
    let private write (folder: string) (name: string) (videos: string list) (correct: bool list) =
        let path = Path.Combine(folder, name)
        let line (video: string) right =
            if right then $"%s{video},0,0,0.9,1,0.9,0.1" else $"%s{video},0,1,0.1,2,0.1,0.9"
        File.WriteAllLines(path, "video,label,predicted,label_probability,label_rank,p_0,p_1" :: List.map2 line videos correct)
        path

    let private videos = [ "data/synth/a.mp4"; "data/synth/b.mp4"; "data/synth/c.mp4"; "data/synth/d.mp4" ]

    [<Fact>]
    let ``one seed gets Wilson's interval, several Student's t over seeds and videos cut to 0–100`` () =
        let folder = temporaryFolder ()
        try
            let threeOfFour = write folder "a0.csv" videos [ true; true; true; false ]
            let one = Evidence.accuracy [ threeOfFour ]
            // Wilson's interval for 3 of 4 at 95 %: [30.06, 95.44] %.
            Assert.Equal((1, 75.0, "Wilson, 1 seed"), (one.Seeds, one.Top1, one.IntervalKind))
            Assert.Equal(30.06, one.Lower, 2)
            Assert.Equal(95.44, one.Upper, 2)
            Assert.True(Double.IsNaN one.Sd)
            // 75, 50 and 100 %: mean 75, sd 25. Crossed over seeds and videos: seed share 625/3 = 208.33, video means
            // 100, 66.7, 100, 33.3 with share 254.63; half-width √(4.3027² · 208.33 + 3.1824² · 254.63) = 80.22.
            let twoOfFour = write folder "a1.csv" videos [ true; false; true; false ]
            let four = write folder "a2.csv" videos [ true; true; true; true ]
            let three = Evidence.accuracy [ threeOfFour; twoOfFour; four ]
            Assert.Equal((3, 75.0, 25.0, "t over seeds and videos"), (three.Seeds, three.Top1, Math.Round(three.Sd, 9), three.IntervalKind))
            Assert.Equal((0.0, 100.0), (three.Lower, three.Upper))
            // Against a variant right everywhere the differences are the correctness less 100: the same shares.
            let d = Evidence.difference [ threeOfFour; twoOfFour; four ] [ four; four; four ]
            Assert.Equal(-25.0 - 80.22, d.Interval.Lower, 2)
        finally
            Directory.Delete(folder, true)

    [<Fact>]
    let ``a difference pairs the same videos across checkouts and needs the same seeds on both sides`` () =
        let folder = temporaryFolder ()
        try
            let a = write folder "a.csv" videos [ true; true; true; false ]
            // B's file names its videos by absolute path inside this repository, as a run in this checkout writes them.
            let absolute = videos |> List.map (fun v -> Path.Combine(Results.root (), v))
            let b = write folder "b.csv" absolute [ true; false; false; false ]
            let d = Evidence.difference [ a ] [ b ]
            Assert.Equal((50.0, 4, 1), (d.Mean, d.Videos, d.Seeds))
            let error = Assert.Throws<ArgumentException>(fun () -> Evidence.difference [ a; a ] [ b ] |> ignore)
            Assert.Contains("2 seeds", error.Message)
            let chance = Evidence.aboveChance 2 [ a; b ]
            Assert.Equal((2, 4, 8), (chance.Seeds, chance.Correct, chance.Videos))
            // Over two seeds, 3 and 1 of 4 right: the interval over seeds and videos, which reaches chance.
            Assert.False(chance.Above)
            Assert.True(chance.Interval.Lower < 50.0)
        finally
            Directory.Delete(folder, true)

    [<Fact>]
    let ``over several seeds a difference is the crossed t interval of the per-video differences`` () =
        let folder = temporaryFolder ()
        try
            // Per-video differences 100, 100, 100, 0 (seed 0) and 100, 0, 0, 0 (seed 1): the hand-worked case of
            // CrossedTests, mean 50, shares 625 and 416.67, interval 50 ± 324.23.
            let a = [ write folder "a0.csv" videos [ true; true; true; false ]; write folder "a1.csv" videos [ true; false; false; false ] ]
            let none = [ false; false; false; false ]
            let b = [ write folder "b0.csv" videos none; write folder "b1.csv" videos none ]
            let d = Evidence.difference a b
            Assert.Equal((50.0, 4, 2), (d.Mean, d.Videos, d.Seeds))
            match d.Spread with
            | Stats.SeedsByVideos c -> Assert.Equal((625.0, 416.6667), (c.SeedShare, Math.Round(c.VideoShare, 4)))
            | other -> failwith $"expected seeds × videos, got %A{other}"
            Assert.Equal(-274.23, d.Interval.Lower, 2)
            Assert.StartsWith("A vs B: no difference detectable at this n (4 videos × 2 seeds; 50.0 points", Stats.Verdict.difference "A" "B" d)
            let other = [ write folder "c0.csv" videos none; write folder "c1.csv" (List.take 3 videos @ [ "data/synth/e.mp4" ]) none ]
            let error = Assert.Throws<ArgumentException>(fun () -> Evidence.difference a other |> ignore)
            Assert.Contains("data/synth/d.mp4", error.Message)
        finally
            Directory.Delete(folder, true)

    [<Fact>]
    let ``a predictions file written again is read again`` () =
        let folder = temporaryFolder ()
        try
            let path = write folder "p.csv" videos [ true; true; true; false ]
            Assert.Equal(75.0, (Evidence.accuracy [ path ]).Top1)
            // The same path, size and a later write time: a stage trained again over the same videos.
            File.Delete path
            write folder "p.csv" videos [ true; false; false; false ] |> ignore
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes 1.0)
            Assert.Equal(25.0, (Evidence.accuracy [ path ]).Top1)
            Assert.Equal(1, (Evidence.aboveChance 2 [ path ]).Correct)
        finally
            Directory.Delete(folder, true)

    [<Fact>]
    let ``a difference at another level reads the same resamples: the same as bootstrapping at that level, and wider`` () =
        let folder = temporaryFolder ()
        try
            let a = write folder "a.csv" videos [ true; true; true; false ]
            let b = write folder "b.csv" videos [ true; false; false; false ]
            let each = 1.0 - 0.05 / 3.0
            let alone = Evidence.difference [ a ] [ b ]
            let atEach = Stats.Difference.at each alone
            Assert.Equal(Evidence.differenceAt each [ a ] [ b ], atEach)
            Assert.Equal(each, atEach.Interval.Level)
            Assert.True(atEach.Interval.Lower <= alone.Interval.Lower && alone.Interval.Upper <= atEach.Interval.Upper,
                        $"%O{atEach.Interval} should contain %O{alone.Interval}")
        finally
            Directory.Delete(folder, true)
