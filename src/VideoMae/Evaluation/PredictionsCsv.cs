using System.Globalization;
using System.Text;

namespace VideoMae.Evaluation;

/// <summary>
/// The per-video predictions of an evaluation as CSV, one row per video in the set's order: <c>video,label,predicted,
/// label_probability,label_rank,p_0,…,p_{C−1}</c> (probabilities as float32 round-trip text, invariant culture; a
/// video path holding a comma or a quote is quoted as RFC 4180 says). Two variants evaluated on the same list give
/// rows for the same videos, so their correctness can be compared video by video.
/// </summary>
public static class PredictionsCsv
{
    /// <summary>The header line for <paramref name="classes"/> classes.</summary>
    public static string Header(int classes) =>
        "video,label,predicted,label_probability,label_rank," + string.Join(",", Enumerable.Range(0, classes).Select(c => $"p_{c}"));

    /// <summary>Writes the header and one row per prediction to <paramref name="stream"/> (UTF-8, '\n' line ends).</summary>
    /// <exception cref="ArgumentException">Predictions with different numbers of classes.</exception>
    public static void Write(Stream stream, IReadOnlyList<VideoPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(predictions);
        var classes = predictions.Count == 0 ? 0 : predictions[0].Probabilities.Length;
        var other = predictions.FirstOrDefault(p => p.Probabilities.Length != classes);
        if (other is not null)
            throw new ArgumentException($"{other.Video} has {other.Probabilities.Length} probabilities; expected {classes}, as the first video has.", nameof(predictions));
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header(classes));
        foreach (var p in predictions)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{Quote(p.Video)},{p.Label},{p.Predicted},{p.LabelProbability:R},{p.LabelRank}"));
            foreach (var probability in p.Probabilities)
                writer.Write(string.Create(CultureInfo.InvariantCulture, $",{probability:R}"));
            writer.WriteLine();
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
