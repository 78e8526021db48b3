namespace VideoMae.Notebook.Tests

open System
open System.IO
open Xunit
open VideoMae.Notebook

/// Reading an evaluation's predictions.csv (the library writes it; its format is pinned on that side by
/// tests/VideoMae.Tests/Evaluation/PredictionsFileTests.cs) and pairing two variants by video.
module PredictionsTests =
    /// A predictions.csv of the given text in a folder of its own, deleted on disposal.
    type private TempFile(text: string) =
        let folder = Directory.CreateTempSubdirectory("videomae-predictions-").FullName
        let path = Path.Combine(folder, "predictions.csv")
        do File.WriteAllText(path, text)
        member _.Path = path
        interface IDisposable with
            member _.Dispose() = Directory.Delete(folder, true)

    // Three classes; the second video's path holds a comma and a quote, so the writer quoted it.
    let private threeVideos =
        "video,label,predicted,label_probability,label_rank,p_0,p_1,p_2\n"
        + "/data/a.mp4,0,0,0.5,1,0.5,0.3,0.2\n"
        + "\"/data/b, \"\"2\"\".mp4\",2,1,0.25,2,0.125,0.625,0.25\n"
        + "/data/c.mp4,1,2,0.1,3,0.2,0.1,0.7\n"

    [<Fact>]
    let ``the rows come back with every column, quoted paths unquoted`` () =
        use file = new TempFile(threeVideos)
        let rows = Predictions.rows file.Path
        Assert.Equal(3, rows.Length)
        let b = rows.[1]
        Assert.Equal("/data/b, \"2\".mp4", b.Video)
        Assert.Equal((2, 1, 0.25, 2), (b.Label, b.Predicted, b.LabelProbability, b.LabelRank))
        Assert.Equal<float[]>([| 0.125; 0.625; 0.25 |], b.Probabilities)

    [<Fact>]
    let ``read gives top-1 correctness by video and readTop the top-k`` () =
        use file = new TempFile(threeVideos)
        let path = file.Path
        let correct = Predictions.read path
        Assert.Equal<Map<string, bool>>(Map [ "/data/a.mp4", true; "/data/b, \"2\".mp4", false; "/data/c.mp4", false ], correct)
        let top2 = Predictions.readTop 2 path
        Assert.True(top2.["/data/b, \"2\".mp4"])
        Assert.False(top2.["/data/c.mp4"])

    [<Fact>]
    let ``two variants are paired video by video whatever their rows' order`` () =
        let a = Map [ "x", true; "y", false; "z", true ]
        let b = Map [ "z", false; "x", true; "y", true ]
        let pa, pb = Predictions.paired a b
        Assert.Equal<bool[]>([| true; false; true |], pa)
        Assert.Equal<bool[]>([| true; true; false |], pb)
        Assert.Contains("z is in A's predictions but not in B's", (Assert.Throws<ArgumentException>(fun () ->
            Predictions.paired a (Map [ "x", true; "y", true ]) |> ignore)).Message)

    [<Fact>]
    let ``a file that is not a predictions file, a short row or a repeated video is refused naming it`` () =
        use notOurs = new TempFile("path,label\n/a.mp4,0\n")
        Assert.Contains("the header does not start with video,label,predicted", (Assert.Throws<InvalidDataException>(fun () -> Predictions.read notOurs.Path |> ignore)).Message)
        use short = new TempFile("video,label,predicted,label_probability,label_rank,p_0,p_1\n/a.mp4,0,0,0.5,1,0.5\n")
        Assert.Contains("line 2: 6 fields; expected 7", (Assert.Throws<InvalidDataException>(fun () -> Predictions.read short.Path |> ignore)).Message)
        use twice = new TempFile("video,label,predicted,label_probability,label_rank,p_0\n/a.mp4,0,0,1,1,1\n/a.mp4,0,0,1,1,1\n")
        Assert.Contains("/a.mp4 appears twice", (Assert.Throws<InvalidDataException>(fun () -> Predictions.read twice.Path |> ignore)).Message)
        let missing = Path.Combine(Path.GetTempPath(), "no-such-predictions.csv")
        Assert.Contains("no such predictions file", (Assert.Throws<FileNotFoundException>(fun () -> Predictions.read missing |> ignore)).Message)
