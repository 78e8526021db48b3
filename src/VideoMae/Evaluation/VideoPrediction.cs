namespace VideoMae.Evaluation;

/// <summary>
/// One video's evaluation: its label and the softmax averaged over its views. Classes are ranked by probability,
/// highest first, a tie going to the lower class index and a NaN probability ranking last, so the ranking (and with it
/// top-1 and top-5) is the same on every run.
/// </summary>
/// <param name="Video">The video file or frame folder (absolute path, as the dataset holds it).</param>
/// <param name="Label">Its label.</param>
/// <param name="Probabilities">The averaged softmax, one entry per class.</param>
public sealed record VideoPrediction(string Video, int Label, float[] Probabilities)
{
    /// <summary>The top-ranked class.</summary>
    public int Predicted => Enumerable.Range(0, Probabilities.Length).MinBy(RankOf);

    /// <summary>The probability of the label.</summary>
    public float LabelProbability => Probabilities[Label];

    /// <summary>The label's place in the ranking: 1 when it is the prediction, ≤ 5 when it is among the top five.</summary>
    public int LabelRank => RankOf(Label);

    /// <summary>Whether the label is among the <paramref name="k"/> top-ranked classes.</summary>
    public bool InTop(int k) => LabelRank <= k;

    // 1 + the classes ranked above class c.
    private int RankOf(int c)
    {
        var p = Key(Probabilities[c]);
        var above = 0;
        for (var j = 0; j < Probabilities.Length; j++)
            above += Key(Probabilities[j]) > p || (Key(Probabilities[j]) == p && j < c) ? 1 : 0;
        return above + 1;
    }

    private static float Key(float p) => float.IsNaN(p) ? float.NegativeInfinity : p;
}
