namespace VideoMae.Data.Synthetic;

/// <summary>Class names of the synthetic sets (line i of classes.txt = label i) and the alias map of the second source.</summary>
public static class SyntheticClasses
{
    /// <summary>Motion classes, canonical names.</summary>
    public static readonly IReadOnlyList<string> Motion =
    [
        "move left", "move right", "move up", "move down", "rotate clockwise", "rotate counterclockwise",
        "grow", "shrink", "approach", "separate", "appear", "disappear",
    ];

    /// <summary>The second motion source: five classes shared with <see cref="Motion"/> under other names, three of its own.</summary>
    public static readonly IReadOnlyList<string> MotionAlt =
    [
        "sliding left", "sliding right", "turning clockwise", "expanding", "vanishing", "bounce", "zigzag right", "spin and shrink",
    ];

    /// <summary>Alias → canonical name for the classes <see cref="MotionAlt"/> shares with <see cref="Motion"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> MotionAltMerge = new Dictionary<string, string>
    {
        ["sliding left"] = "move left",
        ["sliding right"] = "move right",
        ["turning clockwise"] = "rotate clockwise",
        ["expanding"] = "grow",
        ["vanishing"] = "disappear",
    };

    /// <summary>Appearance classes: shape × texture × colour scheme.</summary>
    public static readonly IReadOnlyList<(string Name, Shape Shape, Texture Texture, int Scheme)> Appearance =
    [
        ("red striped circle", Shape.Circle, Texture.Stripes, 0),
        ("blue dotted square", Shape.Square, Texture.Dots, 1),
        ("green checkered cross", Shape.Cross, Texture.Checker, 2),
        ("yellow striped ring", Shape.Ring, Texture.Stripes, 3),
        ("purple dotted circle", Shape.Circle, Texture.Dots, 4),
        ("orange checkered square", Shape.Square, Texture.Checker, 5),
        ("cyan striped cross", Shape.Cross, Texture.Stripes, 6),
        ("white dotted ring", Shape.Ring, Texture.Dots, 7),
    ];

    /// <summary>The colour names of <see cref="Painting.Schemes"/>, in its order.</summary>
    private static readonly string[] Colours = ["red", "blue", "green", "yellow", "purple", "orange", "cyan", "white"];

    /// <summary>Classes of the harder appearance set: every shape × colour scheme (the texture is not part of the class).</summary>
    public static readonly IReadOnlyList<(string Name, Shape Shape, int Scheme)> AppearanceHard =
        [.. from shape in Enum.GetValues<Shape>()
            from scheme in Enumerable.Range(0, Colours.Length)
            select ($"{Colours[scheme]} {shape.ToString().ToLowerInvariant()}", shape, scheme)];

    /// <summary>The class names of a labelled kind; empty for the unlabeled hybrid.</summary>
    public static IReadOnlyList<string> Of(SyntheticKind kind) => kind switch
    {
        SyntheticKind.Motion => Motion,
        SyntheticKind.MotionAlt => MotionAlt,
        SyntheticKind.Appearance => Appearance.Select(a => a.Name).ToList(),
        SyntheticKind.AppearanceHard => AppearanceHard.Select(a => a.Name).ToList(),
        _ => [],
    };
}
