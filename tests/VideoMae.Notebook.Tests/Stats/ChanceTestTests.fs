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
