namespace VideoMae.Notebook.Tests

open Xunit
open VideoMae.Notebook

/// The findings of the experiment notebooks are worded from Chance; these tests pin its arithmetic and which sentence
/// it picks.
module ChanceTests =
    [<Fact>]
    let ``guessing among twelve classes scores 8.33 % top-1 and 41.67 % top-5`` () =
        Assert.Equal(8.33, Chance.top1 12, 2)
        Assert.Equal(41.67, Chance.topK 5 12, 2)
        Assert.Equal(100.0, Chance.topK 5 3)

    [<Fact>]
    let ``the band is two binomial standard deviations of guessing, narrowing with more validation videos`` () =
        // p = 1/12, n = 48: 2 · sqrt(p(1 − p)/n) = 0.0798
        Assert.Equal(7.98, Chance.band 12 48, 2)
        Assert.True(Chance.band 12 192 < Chance.band 12 48)

    [<Fact>]
    let ``accuracies inside the band say nothing about a trend, one above it is called signal`` () =
        Assert.True(Chance.allNear 12 48 [ 6.25; 10.42; 8.33 ])
        Assert.StartsWith("No variant is more than 2.1 points above chance", Chance.verdict 12 48 [ 6.25; 10.42 ])
        Assert.False(Chance.allNear 12 48 [ 8.33; 25.0 ])
        Assert.StartsWith("At least one variant is 16.7 points above chance", Chance.verdict 12 48 [ 8.33; 25.0 ])

    [<Fact>]
    let ``an accuracy below chance is no signal, however far below`` () =
        // 0 of 48 right is 8.3 points from chance, beyond the 8.0-point band, yet shows no learning.
        Assert.True(Chance.allNear 12 48 [ 0.0; 4.17 ])
        Assert.StartsWith("No variant scores above chance (8.3 %) on 48 validation videos", Chance.verdict 12 48 [ 0.0; 4.17 ])

    [<Fact>]
    let ``two accuracies differ only beyond the noise of their difference`` () =
        Assert.False(Chance.differ 12 48 8.33 16.0)
        Assert.True(Chance.differ 12 48 8.33 25.0)
