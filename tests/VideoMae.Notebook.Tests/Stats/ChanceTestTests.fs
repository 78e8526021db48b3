namespace VideoMae.Notebook.Tests.Stats

open System
open Xunit
open VideoMae.Notebook.Stats

/// The exact binomial test against guessing and its sentence, against tail sums computed by hand.
module ChanceTestTests =
    [<Fact>]
    let ``binomial upper tails equal the sums of their terms`` () =
        // n = 10, p = 1/2: P(X ≥ 9) = (10 + 1)/1024, P(X ≥ 8) = (45 + 10 + 1)/1024.
        Assert.Equal(11.0 / 1024.0, AboveChance.upperTail 9 10 0.5, 12)
        Assert.Equal(56.0 / 1024.0, AboveChance.upperTail 8 10 0.5, 12)
        // n = 3, p = 1/4: P(X ≥ 3) = 1/64; P(X ≥ 0) = 1.
        Assert.Equal(1.0 / 64.0, AboveChance.upperTail 3 3 0.25, 12)
        Assert.Equal(1.0, AboveChance.upperTail 0 3 0.25)

    [<Fact>]
    let ``9 of 10 right among two classes is above chance and 8 of 10 is not`` () =
        let nine, eight = AboveChance.test 0.95 2 9 10, AboveChance.test 0.95 2 8 10
        Assert.True(nine.Above)
        Assert.False(eight.Above)
        Assert.Equal(50.0, nine.Chance)
        Assert.Equal(90.0, nine.Accuracy)
        Assert.Equal(
            "B is above chance: 90.0 % (9 of 10, 95 % interval [59.6, 98.2]) against chance 50.0 % for 2 classes (exact binomial test, one-sided p = 0.0107).",
            Verdict.chance "B" nine)
        Assert.StartsWith("A is at chance: 80.0 % (8 of 10, 95 % interval [49.0, 94.3]) is not distinguishable from chance 50.0 %", Verdict.chance "A" eight)

    [<Fact>]
    let ``an accuracy below chance is at chance, not above it`` () =
        let t = AboveChance.test 0.95 12 0 48
        Assert.False(t.Above)
        Assert.Equal(1.0, t.PValue)

    [<Fact>]
    let ``one class leaves nothing to guess and is refused`` () =
        Assert.Contains("classes = 1", (Assert.Throws<ArgumentException>(fun () -> AboveChance.test 0.95 1 1 1 |> ignore)).Message)

    [<Fact>]
    let ``over seeds the test is the interval over seeds and videos against chance`` () =
        // Seeds at 70, 72, 74, 76 % on every video: interval [68.891, 77.109] (CrossedTests), above chance (50 %, two
        // classes). Seeds at 60, 70, 80 %: 70 ± 4.303 · 10 / √3 = [45.16, 94.84] reaches 50 %, so at chance, though
        // 210 of 300 pooled videos would pass the exact binomial test by far.
        let above = AboveChance.overSeeds 2 (Crossed.mean 0.95 [| for top1 in [ 70.0; 72.0; 74.0; 76.0 ] -> Array.create 10 top1 |]) 292 400
        Assert.True(above.Above)
        Assert.True(Double.IsNaN above.PValue)
        Assert.Equal("B is above chance: 73.0 % over 4 seeds (95 % interval [68.9, 77.1] over seeds and videos) against chance 50.0 % for 2 classes.",
                     Verdict.chance "B" above)
        let wide = AboveChance.overSeeds 2 (Crossed.mean 0.95 [| for top1 in [ 60.0; 70.0; 80.0 ] -> Array.create 10 top1 |]) 210 300
        Assert.False(wide.Above)
        Assert.Equal(45.16, wide.Interval.Lower, 2)
        // Cut to what an accuracy can be: 5 ± 24.84 shows as [0.0, 29.8].
        let low = AboveChance.overSeeds 12 (Crossed.mean 0.95 [| for top1 in [ -5.0; 5.0; 15.0 ] -> Array.create 10 top1 |]) 15 300
        Assert.Equal((0.0, 29.84), (low.Interval.Lower, Math.Round(low.Interval.Upper, 2)))
        Assert.StartsWith("A is at chance: 70.0 % over 3 seeds (95 % interval [45.2, 94.8] over seeds and videos) is not distinguishable from chance 50.0 %", Verdict.chance "A" wide)
