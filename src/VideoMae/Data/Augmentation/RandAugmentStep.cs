using VideoMae.Data.Video;

namespace VideoMae.Data.Augmentation;

/// <summary>
/// One op of a clip's RandAugment draw with its argument fixed: applied alike to every frame of the clip.
/// </summary>
/// <param name="Op">The op.</param>
/// <param name="Magnitude">The magnitude it was drawn at, in [0, 10].</param>
/// <param name="Argument">
/// What the op receives (degrees, shear factor, fraction of the frame, bits, threshold, amount or enhancement factor;
/// 0 for the ops without one), from <see cref="At"/>.
/// </param>
public sealed record RandAugmentStep(RandAugmentOp Op, double Magnitude, double Argument)
{
    /// <summary>
    /// The colour the geometric ops fill uncovered pixels with: timm's default (128, 128, 128), which the reference
    /// keeps because its video RandAugment is built without the image mean.
    /// </summary>
    public static readonly (byte R, byte G, byte B) Fill = (128, 128, 128);

    /// <summary>
    /// timm's level-to-argument mapping for <paramref name="op"/> at <paramref name="magnitude"/> (f = magnitude/10,
    /// in the same floating-point order as timm; int() truncates): see <see cref="RandAugmentOp"/> for each op.
    /// <paramref name="negate"/> is the random sign, used by the ops that take one.
    /// </summary>
    public static RandAugmentStep At(RandAugmentOp op, double magnitude, bool increasing, bool negate)
    {
        if (!(magnitude >= 0 && magnitude <= RandAugmentPolicy.MaxMagnitude))
            throw new ArgumentException($"magnitude = {magnitude}; expected a value in [0, {RandAugmentPolicy.MaxMagnitude}].", nameof(magnitude));
        var level = magnitude / RandAugmentPolicy.MaxMagnitude;
        double Signed(double v) => negate ? -v : v;
        double argument = op switch
        {
            RandAugmentOp.AutoContrast or RandAugmentOp.Equalize or RandAugmentOp.Invert => 0,
            RandAugmentOp.Rotate => Signed(level * 30.0),
            RandAugmentOp.Posterize => increasing ? 4 - (int)(level * 4) : (int)(level * 4),
            RandAugmentOp.Solarize => increasing ? 256 - (int)(level * 256) : (int)(level * 256),
            RandAugmentOp.SolarizeAdd => (int)(level * 110),
            RandAugmentOp.Color or RandAugmentOp.Contrast or RandAugmentOp.Brightness or RandAugmentOp.Sharpness =>
                increasing ? 1.0 + Signed(level * 0.9) : level * 1.8 + 0.1,
            RandAugmentOp.ShearX or RandAugmentOp.ShearY => Signed(level * 0.3),
            RandAugmentOp.TranslateX or RandAugmentOp.TranslateY => Signed(level * 0.45),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "expected a RandAugment op."),
        };
        return new RandAugmentStep(op, magnitude, argument);
    }

    /// <summary>This op on one RGB24 frame of <paramref name="width"/>×<paramref name="height"/>; a new frame.</summary>
    public byte[] Apply(byte[] frame, int width, int height) => Op switch
    {
        RandAugmentOp.AutoContrast => LookupOps.AutoContrast(frame),
        RandAugmentOp.Equalize => LookupOps.Equalize(frame),
        RandAugmentOp.Invert => LookupOps.Invert(frame),
        RandAugmentOp.Rotate => AffineWarp.Rotate(frame, width, height, Argument, Fill),
        RandAugmentOp.Posterize => LookupOps.Posterize(frame, (int)Argument),
        RandAugmentOp.Solarize => LookupOps.Solarize(frame, (int)Argument),
        RandAugmentOp.SolarizeAdd => LookupOps.SolarizeAdd(frame, (int)Argument),
        RandAugmentOp.Color => EnhanceOps.Color(frame, Argument),
        RandAugmentOp.Contrast => EnhanceOps.Contrast(frame, Argument),
        RandAugmentOp.Brightness => EnhanceOps.Brightness(frame, Argument),
        RandAugmentOp.Sharpness => EnhanceOps.Sharpness(frame, width, height, Argument),
        RandAugmentOp.ShearX => AffineWarp.ShearX(frame, width, height, Argument, Fill),
        RandAugmentOp.ShearY => AffineWarp.ShearY(frame, width, height, Argument, Fill),
        RandAugmentOp.TranslateX => AffineWarp.TranslateX(frame, width, height, Argument, Fill),
        RandAugmentOp.TranslateY => AffineWarp.TranslateY(frame, width, height, Argument, Fill),
        _ => throw new ArgumentOutOfRangeException(nameof(Op), Op, "expected a RandAugment op."),
    };

    /// <summary>This op on every frame of <paramref name="clip"/>; a frame the clip repeats is computed once.</summary>
    public DecodedClip Apply(DecodedClip clip)
    {
        var done = new Dictionary<byte[], byte[]>(ReferenceEqualityComparer.Instance);
        var frames = clip.Frames.Select(f => done.TryGetValue(f, out var result) ? result : done[f] = Apply(f, clip.Width, clip.Height)).ToArray();
        return clip with { Frames = frames };
    }
}
