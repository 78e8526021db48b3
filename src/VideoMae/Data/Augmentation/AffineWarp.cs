using System.Globalization;
using System.Runtime.CompilerServices;

namespace VideoMae.Data.Augmentation;

/// <summary>
/// The geometric RandAugment ops with Pillow's <c>Image.transform(AFFINE, BICUBIC, fillcolor)</c> semantics, what
/// timm's RandAugment calls: the matrix (a, b, c, d, e, f) maps each output pixel centre (x + ½, y + ½) to the input
/// point (a·x′ + b·y′ + c, d·x′ + e·y′ + f); a point outside the frame takes the fill colour; otherwise Pillow's bicubic
/// (cubic convolution with a = −1 over the 4×4 neighbours, edges clamped, in double precision) is truncated to a byte.
/// The output has the input's size. Frames are RGB24; every op returns a new frame.
/// </summary>
public static class AffineWarp
{
    /// <summary>
    /// Rotates the content by <paramref name="degrees"/> counter-clockwise on screen about the frame centre, as
    /// Pillow's <c>Image.rotate</c> (no expand): the angle is taken modulo 360, 0 is a copy, and the matrix entries are
    /// rounded to 15 decimals as Pillow rounds them. Pillow's exact fast paths for 90°, 180° and 270° are not
    /// reproduced: RandAugment never turns by more than 30°.
    /// </summary>
    public static byte[] Rotate(byte[] frame, int width, int height, double degrees, (byte R, byte G, byte B) fill)
    {
        var angle = degrees % 360.0;
        if (angle < 0)
            angle += 360.0;
        if (angle == 0)
        {
            EnhanceOps.RequireSize(frame, width, height);
            return (byte[])frame.Clone();
        }
        // -math.radians(angle): CPython multiplies by the constant π/180.
        var radians = -(angle * (Math.PI / 180.0));
        double a = Round15(Math.Cos(radians)), b = Round15(Math.Sin(radians)), d = Round15(-Math.Sin(radians)), e = Round15(Math.Cos(radians));
        var (cx, cy) = (width / 2.0, height / 2.0);
        var c = a * -cx + b * -cy + 0.0 + cx;
        var f = d * -cx + e * -cy + 0.0 + cy;
        return Transform(frame, width, height, (a, b, c, d, e, f), fill);
    }

    /// <summary>Horizontal shear about the top edge: output (x, y) samples input (x + factor·y, y).</summary>
    public static byte[] ShearX(byte[] frame, int width, int height, double factor, (byte R, byte G, byte B) fill) =>
        Transform(frame, width, height, (1, factor, 0, 0, 1, 0), fill);

    /// <summary>Vertical shear about the left edge: output (x, y) samples input (x, y + factor·x).</summary>
    public static byte[] ShearY(byte[] frame, int width, int height, double factor, (byte R, byte G, byte B) fill) =>
        Transform(frame, width, height, (1, 0, 0, factor, 1, 0), fill);

    /// <summary>Output (x, y) samples input (x + fraction·width, y): a positive fraction moves the content left.</summary>
    public static byte[] TranslateX(byte[] frame, int width, int height, double fraction, (byte R, byte G, byte B) fill) =>
        Transform(frame, width, height, (1, 0, fraction * width, 0, 1, 0), fill);

    /// <summary>Output (x, y) samples input (x, y + fraction·height): a positive fraction moves the content up.</summary>
    public static byte[] TranslateY(byte[] frame, int width, int height, double fraction, (byte R, byte G, byte B) fill) =>
        Transform(frame, width, height, (1, 0, 0, 0, 1, fraction * height), fill);

    /// <summary>The affine warp with bicubic sampling and a fill colour, as described on the class.</summary>
    public static byte[] Transform(byte[] frame, int width, int height, (double A, double B, double C, double D, double E, double F) m, (byte R, byte G, byte B) fill)
    {
        EnhanceOps.RequireSize(frame, width, height);
        var result = new byte[frame.Length];
        var stride = width * 3;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var o = y * stride + x * 3;
                var (xo, yo) = (x + 0.5, y + 0.5);
                var xin = m.A * xo + m.B * yo + m.C;
                var yin = m.D * xo + m.E * yo + m.F;
                if (xin < 0.0 || xin >= width || yin < 0.0 || yin >= height)
                {
                    (result[o], result[o + 1], result[o + 2]) = fill;
                    continue;
                }
                xin -= 0.5;
                yin -= 0.5;
                var (x0, y0) = ((int)Math.Floor(xin), (int)Math.Floor(yin));
                var (dx, dy) = (xin - x0, yin - y0);
                // The four neighbours on each axis, clamped to the frame (Pillow's edge handling), as byte offsets.
                var (c0, c1, c2, c3) = (Column(x0 - 1, width), Column(x0, width), Column(x0 + 1, width), Column(x0 + 2, width));
                var r1 = Row(y0, height, stride);
                for (var ch = 0; ch < 3; ch++)
                {
                    // A cubic at offset 0 is its second sample exactly: shears and shifts along one axis skip the other.
                    var v = dy == 0
                        ? Horizontal(frame, r1 + ch, c0, c1, c2, c3, dx)
                        : Cubic(
                            Horizontal(frame, Row(y0 - 1, height, stride) + ch, c0, c1, c2, c3, dx),
                            Horizontal(frame, r1 + ch, c0, c1, c2, c3, dx),
                            Horizontal(frame, Row(y0 + 1, height, stride) + ch, c0, c1, c2, c3, dx),
                            Horizontal(frame, Row(y0 + 2, height, stride) + ch, c0, c1, c2, c3, dx),
                            dy);
                    result[o + ch] = v <= 0.0 ? (byte)0 : v >= 255.0 ? (byte)255 : (byte)v;
                }
            }
        return result;
    }

    /// <summary>Pillow's cubic through four samples at offset <paramref name="d"/> ∈ [0, 1) past the second (a = −1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Cubic(double v1, double v2, double v3, double v4, double d)
    {
        var p1 = v2;
        var p2 = -v1 + v3;
        var p3 = 2 * (v1 - v2) + v3 - v4;
        var p4 = -v1 + v2 - v3 + v4;
        return p1 + d * (p2 + d * (p3 + d * p4));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Horizontal(byte[] frame, int start, int c0, int c1, int c2, int c3, double dx) =>
        dx == 0 ? frame[start + c1] : Cubic(frame[start + c0], frame[start + c1], frame[start + c2], frame[start + c3], dx);

    private static int Column(int x, int width) => Math.Clamp(x, 0, width - 1) * 3;

    private static int Row(int y, int height, int stride) => Math.Clamp(y, 0, height - 1) * stride;

    // Python's round(x, 15): the double nearest the correctly rounded 15-decimal string.
    private static double Round15(double x) => double.Parse(x.ToString("F15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
