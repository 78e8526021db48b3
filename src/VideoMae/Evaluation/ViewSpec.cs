using System.Globalization;
using VideoMae.Data.Sampling;

namespace VideoMae.Evaluation;

/// <summary>
/// The test-time views of one video, "#frames × #clips × #crops" (SPEC §5.4, MODEL_ZOO notation): <see cref="Clips"/>
/// temporal clips of <see cref="Frames"/> frames, each cut into <see cref="Crops"/> square crops along the longer side
/// after the shorter side is resized to <see cref="ShortSide"/>.
/// </summary>
/// <param name="Frames">Frames per clip; must equal the model's.</param>
/// <param name="Clips">Temporal clips (Kinetics 5, SSv2 2).</param>
/// <param name="Crops">Spatial crops (3 in every V2 script).</param>
/// <param name="Sampling">Dense (Kinetics) or segments (SSv2); dense-window is a training sampling only.</param>
/// <param name="Stride">Frame stride of dense sampling (Kinetics 4, HMDB51 2); segments ignore it.</param>
/// <param name="ShortSide">The shorter side after resizing, at least the model's input size (224 in the paper).</param>
public sealed record ViewSpec(int Frames = 16, int Clips = 5, int Crops = 3, TemporalSampling Sampling = TemporalSampling.Dense, int Stride = 4, int ShortSide = 224)
{
    /// <summary>Kinetics: 16×5×3, dense, stride 4, short side 224.</summary>
    public static ViewSpec Kinetics { get; } = new();

    /// <summary>Something-Something V2: 16×2×3, segments, short side 224.</summary>
    public static ViewSpec SomethingSomething { get; } = new(Clips: 2, Sampling: TemporalSampling.Segments);

    /// <summary>Views per video, clips × crops.</summary>
    public int Views => Clips * Crops;

    /// <summary>
    /// Parses "FRAMESxCLIPSxCROPS" ("16x5x3"; '×' also accepted), with the other values from <paramref name="template"/>
    /// (dense, stride 4, short side 224 when null).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not three positive integers joined by 'x'.</exception>
    public static ViewSpec Parse(string text, ViewSpec? template = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('x', '×', 'X');
        var numbers = parts.Select(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0).ToArray();
        if (parts.Length != 3 || numbers.Any(n => n == 0))
            throw new ArgumentException($"views '{text}' is not FRAMESxCLIPSxCROPS; expected three positive integers such as 16x5x3.", nameof(text));
        return (template ?? Kinetics) with { Frames = numbers[0], Clips = numbers[1], Crops = numbers[2] };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable value.</summary>
    public ViewSpec Validate()
    {
        Require.Positive(Frames, nameof(Frames));
        Require.Positive(Clips, nameof(Clips));
        Require.Positive(Crops, nameof(Crops));
        Require.Positive(Stride, nameof(Stride));
        Require.Positive(ShortSide, nameof(ShortSide));
        if (Sampling is not (TemporalSampling.Dense or TemporalSampling.Segments))
            throw new ArgumentException($"Sampling = {Sampling}; expected Dense or Segments for test views.", nameof(Sampling));
        return this;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Frames}x{Clips}x{Crops} ({Sampling.ToString().ToLowerInvariant()}{(Sampling == TemporalSampling.Dense ? $", stride {Stride}" : "")}, short side {ShortSide})";
}
