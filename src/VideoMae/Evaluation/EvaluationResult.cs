namespace VideoMae.Evaluation;

/// <summary>An evaluation's metrics and the per-video predictions they are counted from, in the set's order.</summary>
/// <param name="Metrics">Top-1, top-5 and the confusion matrix (eval.json).</param>
/// <param name="Predictions">One per labelled video (predictions.csv).</param>
public sealed record EvaluationResult(ClassificationMetrics Metrics, IReadOnlyList<VideoPrediction> Predictions);
