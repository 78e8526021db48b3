namespace VideoMae.Data.Augmentation;

/// <summary>
/// Sets of RandAugment ops and their names in settings (kebab-case, or timm's op names, case-insensitively).
/// </summary>
/// <remarks>
/// <para>
/// Direction safety, for classes that depend on how things move (Something-Something, the synthetic
/// <see cref="Synthetic.SyntheticKind.Motion"/> and <see cref="Synthetic.SyntheticKind.MotionAlt"/> sets). One
/// transform applied identically to every frame changes a motion only through its linear part: no RandAugment op
/// reflects (a horizontal flip does; it is the separate <c>flip</c> setting), so none swaps clockwise and
/// counter-clockwise, grow and shrink, approach and separate, or appear and disappear. Translation moves every frame
/// by the same amount and keeps every displacement. Rotate turns every motion by up to 30° (21° at m = 7) and ShearX/Y
/// tilt it by up to atan 0.3 ≈ 17°: one such op keeps "move left" nearer left than down, but a clip draws n = 4 ops
/// with replacement, and two rotations, or a rotation and a shear, can pass the 45° diagonal and turn "move left" into
/// "move down". The photometric ops change no geometry. Hence <see cref="DirectionSafe"/> = all but Rotate, ShearX and
/// ShearY.
/// </para>
/// <para>
/// What no op set avoids: a shift (TranslateX/Y, up to 0.45 of the frame at m = 10), the random crop and random erasing
/// can hide the object, so a "move left" clip may show an object that leaves the frame or vanishes under the erased box,
/// like "disappear". On the synthetic <see cref="Synthetic.SyntheticKind.Appearance"/> set the colour ops (Invert,
/// Solarize, SolarizeAdd, Color, Posterize, and the per-channel AutoContrast and Equalize) change the apparent colour,
/// but each class there is already fixed by its shape × texture, so colour is a redundant cue, not the class.
/// </para>
/// </remarks>
public static class RandAugmentOps
{
    /// <summary>All fifteen ops, in timm's order: what RandAugment draws from by default.</summary>
    public static IReadOnlyList<RandAugmentOp> All { get; } = Enum.GetValues<RandAugmentOp>();

    /// <summary>The ops that never change a motion's direction (see the remarks): all but Rotate, ShearX and ShearY.</summary>
    public static IReadOnlyList<RandAugmentOp> DirectionSafe { get; } =
        All.Where(op => op is not (RandAugmentOp.Rotate or RandAugmentOp.ShearX or RandAugmentOp.ShearY)).ToArray();

    /// <summary>The ops that take a random sign (the rest have none, or take no argument).</summary>
    internal static bool Signed(RandAugmentOp op, bool increasing) => op switch
    {
        RandAugmentOp.Rotate or RandAugmentOp.ShearX or RandAugmentOp.ShearY or RandAugmentOp.TranslateX or RandAugmentOp.TranslateY => true,
        RandAugmentOp.Color or RandAugmentOp.Contrast or RandAugmentOp.Brightness or RandAugmentOp.Sharpness => increasing,
        _ => false,
    };

    /// <summary>Settings names: kebab-case (written), and timm's names as aliases (case does not matter).</summary>
    public static EnumNames<RandAugmentOp> Names { get; } = new("RandAugment op",
        ("auto-contrast", RandAugmentOp.AutoContrast), ("equalize", RandAugmentOp.Equalize), ("invert", RandAugmentOp.Invert),
        ("rotate", RandAugmentOp.Rotate), ("posterize", RandAugmentOp.Posterize), ("solarize", RandAugmentOp.Solarize),
        ("solarize-add", RandAugmentOp.SolarizeAdd), ("color", RandAugmentOp.Color), ("contrast", RandAugmentOp.Contrast),
        ("brightness", RandAugmentOp.Brightness), ("sharpness", RandAugmentOp.Sharpness), ("shear-x", RandAugmentOp.ShearX),
        ("shear-y", RandAugmentOp.ShearY), ("translate-x", RandAugmentOp.TranslateX), ("translate-y", RandAugmentOp.TranslateY),
        ("AutoContrast", RandAugmentOp.AutoContrast), ("SolarizeAdd", RandAugmentOp.SolarizeAdd),
        ("PosterizeIncreasing", RandAugmentOp.Posterize), ("SolarizeIncreasing", RandAugmentOp.Solarize),
        ("ColorIncreasing", RandAugmentOp.Color), ("ContrastIncreasing", RandAugmentOp.Contrast),
        ("BrightnessIncreasing", RandAugmentOp.Brightness), ("SharpnessIncreasing", RandAugmentOp.Sharpness),
        ("ShearX", RandAugmentOp.ShearX), ("ShearY", RandAugmentOp.ShearY),
        ("TranslateXRel", RandAugmentOp.TranslateX), ("TranslateYRel", RandAugmentOp.TranslateY));

    /// <summary>
    /// An op set from the command line: <c>all</c> (null: every op), <c>direction-safe</c>, or op names separated by
    /// commas (<c>invert,translate-x,Equalize</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name (listing the accepted ones), an empty list or a name given twice.</exception>
    public static IReadOnlyList<RandAugmentOp>? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase))
            return null;
        if (trimmed.Equals("direction-safe", StringComparison.OrdinalIgnoreCase))
            return DirectionSafe;
        var ops = trimmed.Split(',', StringSplitOptions.TrimEntries).Select(name => name.Length == 0
            ? throw new ArgumentException($"RandAugment ops '{text}' has an empty name; expected all, direction-safe or names separated by commas ({string.Join(", ", Names.Names)}).")
            : Names.Parse(name)).ToArray();
        return Validate(ops);
    }

    /// <summary>Throws unless <paramref name="ops"/> is a non-empty set without repeats (a repeat would weigh an op twice).</summary>
    public static IReadOnlyList<RandAugmentOp> Validate(IReadOnlyList<RandAugmentOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Count == 0)
            throw new ArgumentException("rand_augment_ops is empty; expected at least one op, or null (all), or rand_augment 'none' to turn RandAugment off.");
        if (ops.Any(op => !Enum.IsDefined(op)))
            throw new ArgumentException($"rand_augment_ops holds {ops.First(op => !Enum.IsDefined(op))}, which is no RandAugment op; expected one of: {string.Join(", ", Names.Names)}.");
        var twice = ops.GroupBy(op => op).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ArgumentException($"rand_augment_ops lists {Names.Name(twice.Key)} twice; expected each op at most once.");
        return ops;
    }
}
