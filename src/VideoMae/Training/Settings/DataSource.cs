namespace VideoMae.Training.Settings;

/// <summary>One list file of a training set, with the frame stride its clips are sampled at (SPEC §4.3).</summary>
/// <param name="List">A list file (<c>path label</c>, <c>path 0 -1</c>, or CSV).</param>
/// <param name="Stride">Frame stride: 4 for Kinetics-like sources, 2 for Something-Something-like ones.</param>
public sealed record DataSource(string List, int Stride = 4);
