namespace VideoMae.Evaluation;

/// <summary>Multi-view classification results over a labelled set.</summary>
/// <param name="Videos">Videos evaluated.</param>
/// <param name="Top1">Fraction whose averaged prediction's arg-max is the label.</param>
/// <param name="Top5">Fraction whose label is among the five most probable classes (all classes when fewer).</param>
/// <param name="Confusion">Confusion[label][predicted] counts.</param>
/// <param name="Views">The test views, e.g. "16x2x3 (dense, stride 4, short side 64)".</param>
/// <param name="Classes">Class names, when the set has them.</param>
public sealed record ClassificationMetrics(int Videos, double Top1, double Top5, int[][] Confusion, string Views, IReadOnlyList<string>? Classes)
{
    /// <summary>Per-class recall: correct / videos of that class (NaN for a class without videos); derived, so not serialised.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double[] PerClassAccuracy => Confusion.Select((row, i) => row.Sum() == 0 ? double.NaN : (double)row[i] / row.Sum()).ToArray();
}
