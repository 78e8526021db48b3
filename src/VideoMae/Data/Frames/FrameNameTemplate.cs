using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoMae.Data.Frames;

/// <summary>
/// The file name of frame n in a frame folder, written in the Python format syntax the reference's lists are made for
/// (<c>img_{:05}.jpg</c> for Something-Something V2, <c>image_{:06}.jpg</c> for AVA; SPEC §4.3). Only the forms those
/// datasets use are accepted: one integer field, <c>{}</c>, <c>{:d}</c>, or zero-padded <c>{:05}</c> / <c>{:05d}</c>
/// (optionally with the field index 0, <c>{0:05}</c>). Anything else (space padding, two fields, a non-integer
/// format) is rejected when the template is read, not when the first frame is missing.
/// </summary>
public sealed partial class FrameNameTemplate
{
    /// <summary>The reference's default, Something-Something V2's frames: <c>img_00001.jpg</c>, …</summary>
    public const string DefaultText = "img_{:05}.jpg";

    /// <summary>The default template.</summary>
    public static FrameNameTemplate Default { get; } = Parse(DefaultText);

    /// <summary>The template as written.</summary>
    public string Text { get; }

    private readonly string _prefix;
    private readonly string _suffix;
    private readonly int _width;
    private readonly Regex _pattern;

    private FrameNameTemplate(string text, string prefix, int width, string suffix)
    {
        (Text, _prefix, _width, _suffix) = (text, prefix, width, suffix);
        // Python pads to at least the width; longer numbers are written whole.
        _pattern = new Regex($"^{Regex.Escape(prefix)}[0-9]{{{Math.Max(1, width)},}}{Regex.Escape(suffix)}$", RegexOptions.CultureInvariant);
    }

    /// <summary>Reads a template, or throws an ArgumentException that shows it and the accepted forms.</summary>
    public static FrameNameTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = Field().Matches(text);
        var open = text.Count(c => c == '{');
        if (fields.Count != 1 || open != 1 || text.Count(c => c == '}') != 1)
            throw new ArgumentException($"frame template '{text}' has {(open == 0 ? "no" : open.ToString(CultureInfo.InvariantCulture))} '{{…}}' field{(open == 1 ? " of an unsupported form" : "s")}; " +
                "expected exactly one integer field such as {:05}, {:06d} or {} (e.g. img_{:05}.jpg).", nameof(text));
        var field = fields[0];
        var prefix = text[..field.Index];
        var suffix = text[(field.Index + field.Length)..];
        if (prefix.Contains('/') || suffix.Contains('/') || prefix.Contains('\\') || suffix.Contains('\\'))
            throw new ArgumentException($"frame template '{text}' names a sub-folder; expected a file name inside the frame folder.", nameof(text));
        if (suffix.Length == 0 && prefix.Length == 0)
            throw new ArgumentException($"frame template '{text}' is only a number; expected a file name with an extension, e.g. img_{{:05}}.jpg.", nameof(text));
        var width = field.Groups["width"].Success ? int.Parse(field.Groups["width"].Value, CultureInfo.InvariantCulture) : 0;
        return new FrameNameTemplate(text, prefix, width, suffix);
    }

    /// <summary>The file name of frame number <paramref name="number"/> (a 0-based index plus the folder's start index).</summary>
    public string Format(int number)
    {
        if (number < 0)
            throw new ArgumentOutOfRangeException(nameof(number), number, "frame numbers are ≥ 0.");
        return _prefix + number.ToString(CultureInfo.InvariantCulture).PadLeft(_width, '0') + _suffix;
    }

    /// <summary>Whether <paramref name="fileName"/> has this template's form (any number).</summary>
    public bool Matches(string fileName) => _pattern.IsMatch(fileName);

    /// <inheritdoc/>
    public override string ToString() => Text;

    // {} {:d} {:05} {:05d} {0:05}; a width needs the leading 0 (Python pads {:5} with spaces).
    [GeneratedRegex(@"\{0?(?::(?:0(?<width>[0-9]+))?d?)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Field();
}
