using System.Globalization;
using System.Text.Json;
using VideoMae.Checkpoints;
using VideoMae.Data.Datasets;
using VideoMae.Evaluation;
using VideoMae.Runtime;
using VideoMae.Tests.Cli;
using VideoMae.Tests.Data;
using VideoMae.Tests.Fixtures;
using VideoMae.Training.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.Tests.Evaluation;

/// <summary>
/// predictions.csv beside eval.json: one row per video that agrees with eval.json and the list's labels, and the
/// probabilities the test-time protocol gives each video alone. The notebook side reads the same format
/// (tests/VideoMae.Notebook.Tests/PredictionsTests.fs).
/// </summary>
public sealed class PredictionsFileTests : IDisposable
{
    private static readonly int[] Labels = [0, 3, 6, 2];
    private static readonly ViewSpec Views = new(Frames: 8, Clips: 2, Crops: 2, Stride: 2, ShortSide: 32);
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-predictions-").FullName;
    private readonly DisposeScope _scope;

    public PredictionsFileTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Checkpoint => ReferenceFixtures.PathOf("tiny_p8.classifier.pth");

    // Four short videos (one with a comma in its name, which the CSV must quote) and their labelled list.
    private (string List, string[] Videos) WriteList()
    {
        var videos = Labels.Select((_, i) => TestVideos.Write(_folder, i == 1 ? "b,comma.mp4" : $"v{i}.mp4", frames: 16 + 5 * i, size: 40)).ToArray();
        var list = Path.Combine(_folder, "val.txt");
        File.WriteAllLines(list, videos.Select((v, i) => $"{v} {Labels[i]}"));
        return (list, videos);
    }

    private sealed record Row(string Video, int Label, int Predicted, double LabelProbability, int LabelRank, double[] Probabilities);

    private static Row[] ReadRows(string path, int classes)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("video,label,predicted,label_probability,label_rank," + string.Join(",", Enumerable.Range(0, classes).Select(c => $"p_{c}")), lines[0]);
        return lines.Skip(1).Select(line =>
        {
            // A quoted first field ends at the quote before the first comma outside it.
            var end = line.StartsWith('"') ? line.IndexOf("\",", StringComparison.Ordinal) + 1 : line.IndexOf(',', StringComparison.Ordinal);
            var video = line.StartsWith('"') ? line[1..(end - 1)].Replace("\"\"", "\"", StringComparison.Ordinal) : line[..end];
            var rest = line[(end + 1)..].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(4 + classes, rest.Length);
            return new Row(video, (int)rest[0], (int)rest[1], rest[2], (int)rest[3], rest[4..]);
        }).ToArray();
    }

    [Fact]
    public void The_rows_agree_with_eval_json_the_labels_and_each_videos_own_prediction()
    {
        var (list, videos) = WriteList();
        using var loaded = CheckpointLoader.LoadClassifier(Checkpoint, new ArchitectureHints { Preset = "tiny" });
        var classes = loaded.Model.Classes;
        var result = ClassificationEvaluation.EvaluateVideos(loaded.Model, VideoDataset.FromList(list, stride: 2), Views);
        var folder = new RunFolder(Path.Combine(_folder, "run"));
        EvaluationFiles.Write(folder, result);

        Assert.Equal(["eval.json", "predictions.csv"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
        Assert.Contains("\"" + videos[1] + "\",", File.ReadAllText(folder.Predictions));
        var rows = ReadRows(folder.Predictions, classes);
        var eval = JsonDocument.Parse(File.ReadAllText(folder.Evaluation)).RootElement;
        Assert.Equal(videos, rows.Select(r => r.Video));
        Assert.Equal(Labels, rows.Select(r => r.Label));
        for (var v = 0; v < rows.Length; v++)
        {
            var row = rows[v];
            // The protocol on this video alone is the yardstick for the averaged softmax.
            var own = MultiViewInference.Predict(loaded.Model, videos[v], Views).data<float>().ToArray();
            Assert.Equal(own.Select(p => (double)p), row.Probabilities, (x, y) => Math.Abs(x - y) < 1e-6);
            Assert.Equal(1.0, row.Probabilities.Sum(), 5);
            Assert.Equal(Array.IndexOf(row.Probabilities, row.Probabilities.Max()), row.Predicted);
            Assert.Equal(row.Probabilities[row.Label], row.LabelProbability);
            Assert.Equal(1 + row.Probabilities.Count(p => p > row.LabelProbability), row.LabelRank);
        }
        Assert.Equal(rows.Length, eval.GetProperty("videos").GetInt32());
        Assert.Equal(rows.Count(r => r.Predicted == r.Label) / (double)rows.Length, eval.GetProperty("top1").GetDouble());
        Assert.Equal(rows.Count(r => r.LabelRank <= 5) / (double)rows.Length, eval.GetProperty("top5").GetDouble());
        var confusion = eval.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        for (var label = 0; label < classes; label++)
            for (var predicted = 0; predicted < classes; predicted++)
                Assert.Equal(rows.Count(r => r.Label == label && r.Predicted == predicted), confusion[label][predicted]);
    }

    [Fact]
    public void Videomae_eval_writes_the_predictions_beside_eval_json()
    {
        var (list, videos) = WriteList();
        var output = Path.Combine(_folder, "eval-out");
        var run = CliRunner.Run("eval", "--checkpoint", Checkpoint, "--model", "tiny", "--list", list, "--stride", "2", "--views", "8x2x2",
            "--short-side", "32", "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = ReadRows(Path.Combine(output, "predictions.csv"), 7);
        Assert.Equal(videos, rows.Select(r => r.Video));
        Assert.Equal(run.Json.GetProperty("top1").GetDouble(), Math.Round(rows.Count(r => r.Predicted == r.Label) / (double)rows.Length, 4));
    }

    [Fact]
    public void A_ranking_tie_goes_to_the_lower_class_and_a_NaN_ranks_last()
    {
        var tie = new VideoPrediction("v", 2, [0.1f, 0.4f, 0.4f, 0.1f]);
        Assert.Equal(1, tie.Predicted);
        Assert.Equal(2, tie.LabelRank);
        var nan = new VideoPrediction("v", 0, [float.NaN, 0.2f, 0.8f]);
        Assert.Equal(2, nan.Predicted);
        Assert.Equal(3, nan.LabelRank);
        Assert.False(nan.InTop(2));
    }
}
