using System.Globalization;

namespace VideoMae.Data.Augmentation;

/// <summary>
/// A RandAugment configuration as timm's config string spells it (the reference's <c>--aa</c>):
/// <c>rand-m{M}-n{N}-mstd{S}-inc{I}</c>, sections after <c>rand</c> in any order, each optional with timm's default
/// (m 10, n 2, mstd 0, inc 0); or <c>none</c>. The fine-tuning default is the official scripts'
/// <c>rand-m7-n4-mstd0.5-inc1</c> (<see cref="Reference"/>).
/// </summary>
/// <remarks>
/// Stricter than timm, which ignores what it does not understand: an unknown or repeated section, a value that is not
/// a number, m outside [0, 10] (timm clips it to 10 anyway), n = 0 (write <c>none</c>) and timm's op-weight section
/// <c>w</c> (not implemented) are errors. <c>inc0</c> means the plain op set here; timm reads any <c>inc</c> value,
/// <c>inc0</c> included, as the increasing set (it tests the string, not the number).
/// </remarks>
/// <param name="Magnitude">m: the magnitude every op is drawn around, 0 to <see cref="MaxMagnitude"/>.</param>
/// <param name="Layers">n: ops drawn per clip (with replacement); 0 only in <see cref="None"/>.</param>
/// <param name="MagnitudeStd">mstd: σ of the Gaussian noise on the magnitude, drawn each time an op fires; 0 for none.</param>
/// <param name="Increasing">inc: the "increasing" variants, whose distortion grows with the magnitude for every op.</param>
public sealed record RandAugmentPolicy(int Magnitude = 10, int Layers = 2, double MagnitudeStd = 0, bool Increasing = false)
{
    /// <summary>The top of the magnitude scale (timm's _LEVEL_DENOM / _MAX_LEVEL); noisy magnitudes are clipped to [0, 10].</summary>
    public const int MaxMagnitude = 10;

    /// <summary>No RandAugment (<c>none</c>).</summary>
    public static RandAugmentPolicy None { get; } = new(0, 0, 0, false);

    /// <summary>The official fine-tuning scripts' <c>rand-m7-n4-mstd0.5-inc1</c>.</summary>
    public static RandAugmentPolicy Reference { get; } = new(7, 4, 0.5, true);

    /// <summary>Whether this is <see cref="None"/>.</summary>
    public bool IsNone => this == None;

    private const string Expected = "expected 'none' or rand-m<0..10>-n<count>-mstd<σ>-inc<0|1> (sections optional, e.g. rand-m7-n4-mstd0.5-inc1)";

    /// <summary>Reads a config string: <c>none</c> or <c>rand-…</c> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The string, the section and what was expected, named.</exception>
    public static RandAugmentPolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "none")
            return None;
        var sections = trimmed.Split('-');
        if (sections[0] != "rand")
            throw new ArgumentException($"RandAugment '{text}' does not start with 'rand'; {Expected}. (AutoAugment and AugMix policies are not implemented.)");
        var seen = new HashSet<string>();
        var (magnitude, layers, std, increasing) = (10, 2, 0.0, false);
        foreach (var section in sections.Skip(1))
        {
            var digit = section.IndexOfAny("0123456789.".ToCharArray());
            var (key, value) = digit < 0 ? (section, "") : (section[..digit], section[digit..]);
            if (key.Length == 0 || value.Length == 0 || !seen.Add(key))
                throw new ArgumentException($"RandAugment '{text}': {Problem(section, key, value)}; {Expected}.");
            switch (key)
            {
                case "m":
                    magnitude = Integer(text, section, value, 0, MaxMagnitude);
                    break;
                case "n":
                    layers = Integer(text, section, value, 1, int.MaxValue);
                    break;
                case "mstd":
                    std = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s)
                        ? s : throw new ArgumentException($"RandAugment '{text}': '{section}' has no usable σ; expected mstd followed by a number ≥ 0 (mstd0.5).");
                    break;
                case "inc":
                    increasing = Integer(text, section, value, 0, 1) == 1;
                    break;
                case "w":
                    throw new ArgumentException($"RandAugment '{text}': op weights ('{section}') are not implemented; ops are drawn uniformly (drop the w section).");
                default:
                    throw new ArgumentException($"RandAugment '{text}': unknown section '{section}'; {Expected}.");
            }
        }
        return new RandAugmentPolicy(magnitude, layers, std, increasing).Validate();
    }

    /// <summary>Throws ArgumentException naming the first value out of range.</summary>
    public RandAugmentPolicy Validate()
    {
        if (this == None)
            return this;
        if (Layers < 1)
            throw new ArgumentException($"RandAugment n = {Layers}; expected at least 1 op per clip ('none' turns RandAugment off).");
        if (Magnitude is < 0 or > MaxMagnitude)
            throw new ArgumentException($"RandAugment m = {Magnitude}; expected a magnitude from 0 to {MaxMagnitude}.");
        if (!(MagnitudeStd >= 0) || double.IsInfinity(MagnitudeStd))
            throw new ArgumentException($"RandAugment mstd = {MagnitudeStd}; expected a finite σ ≥ 0.");
        return this;
    }

    /// <summary>The config string: <c>none</c>, or every section (<c>rand-m7-n4-mstd0.5-inc1</c>).</summary>
    public override string ToString() => IsNone ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"rand-m{Magnitude}-n{Layers}-mstd{MagnitudeStd:R}-inc{(Increasing ? 1 : 0)}");

    private static string Problem(string section, string key, string value) =>
        section.Length == 0 ? "an empty section (two dashes in a row, or a dash at the end)"
        : key.Length == 0 ? $"section '{section}' has no name"
        : value.Length == 0 ? $"section '{section}' has no value"
        : $"'{key}' is given twice";

    private static int Integer(string text, string section, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"RandAugment '{text}': '{section}' has no usable value; expected an integer from {min}{(max == int.MaxValue ? " up" : $" to {max}")}.");
}
