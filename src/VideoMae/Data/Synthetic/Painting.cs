namespace VideoMae.Data.Synthetic;

/// <summary>Object outlines.</summary>
public enum Shape
{
    /// <summary>A disc.</summary>
    Circle,
    /// <summary>A square.</summary>
    Square,
    /// <summary>A plus sign.</summary>
    Cross,
    /// <summary>An annulus.</summary>
    Ring,
}

/// <summary>Fill patterns, in the object's own (rotating) coordinates.</summary>
public enum Texture
{
    /// <summary>Parallel bands.</summary>
    Stripes,
    /// <summary>A grid of dots.</summary>
    Dots,
    /// <summary>A checkerboard.</summary>
    Checker,
}

/// <summary>Pure pixel functions of the renderer: shape coverage, textures and the colour schemes.</summary>
internal static class Painting
{
    /// <summary>Two colours per scheme: red, blue, green, yellow, purple, orange, cyan, white.</summary>
    public static readonly (byte R, byte G, byte B)[][] Schemes =
    [
        [(220, 30, 30), (120, 10, 10)], [(30, 60, 220), (10, 20, 110)], [(30, 190, 40), (10, 90, 20)], [(235, 220, 40), (130, 110, 10)],
        [(150, 40, 200), (70, 10, 100)], [(245, 140, 20), (130, 60, 0)], [(40, 210, 210), (10, 100, 110)], [(245, 245, 245), (150, 150, 150)],
    ];

    /// <summary>Whether local point (u, v), in units of the object radius, lies inside the shape.</summary>
    public static bool Inside(Shape shape, double u, double v) => shape switch
    {
        Shape.Circle => u * u + v * v <= 1,
        Shape.Square => Math.Abs(u) <= 0.85 && Math.Abs(v) <= 0.85,
        Shape.Cross => (Math.Abs(u) <= 1 && Math.Abs(v) <= 0.35) || (Math.Abs(v) <= 1 && Math.Abs(u) <= 0.35),
        Shape.Ring => u * u + v * v <= 1 && u * u + v * v >= 0.3,
        _ => false,
    };

    /// <summary>True where the texture shows its first colour at local point (u, v).</summary>
    public static bool First(Texture texture, double u, double v, double frequency) => texture switch
    {
        Texture.Stripes => Math.Floor(u * frequency) % 2 == 0,
        Texture.Dots => Math.Pow(Frac(u * frequency) - 0.5, 2) + Math.Pow(Frac(v * frequency) - 0.5, 2) < 0.09,
        Texture.Checker => (Math.Floor(u * frequency) + Math.Floor(v * frequency)) % 2 == 0,
        _ => true,
    };

    private static double Frac(double x) => x - Math.Floor(x);
}
