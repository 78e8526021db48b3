using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VideoMae.Data.Augmentation;

/// <summary>
/// Resizes a region of an interleaved 8-bit RGB frame (RGB24, the layout of <see cref="Video.DecodedClip"/>) straight into
/// three float32 planes in [0, 1]: torch's bilinear interpolation of the frame divided by 255, computed separably as
/// torch's CPU kernel nests it — each needed source row resized along x once, then two such rows blended along y — so
/// no cropped, converted or permuted copy of the frame is ever made. One instance per thread: it keeps two row buffers.
/// </summary>
public sealed class BilinearResize
{
    private readonly BilinearAxis _columns;
    private readonly BilinearAxis _rows;
    private readonly int _firstByte;
    private readonly int[] _lowByte;
    private readonly int[] _highByte;
    // The bytes a source row's columns read, as floats: what the vectorised pass gathers from.
    private readonly float[] _rowFloats;
    // The two most recently resized source rows (3 planes of output width each); consecutive output rows share them.
    private readonly float[][] _rowBuffers;
    private readonly int[] _rowInBuffer = [-1, -1];
    private int _older;

    /// <summary>A resize reading columns by <paramref name="columns"/> and rows by <paramref name="rows"/>.</summary>
    /// <param name="columns">Source columns per output column (a mirrored table flips the output).</param>
    /// <param name="rows">Source rows per output row.</param>
    public BilinearResize(BilinearAxis columns, BilinearAxis rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        (_columns, _rows) = (columns, rows);
        // Byte offsets from the first byte a row's columns read, so only that span of a row is widened to floats.
        _firstByte = Math.Min(columns.Low.Min(), columns.High.Min()) * PixelBytes;
        _lowByte = columns.Low.Select(x => x * PixelBytes - _firstByte).ToArray();
        _highByte = columns.High.Select(x => x * PixelBytes - _firstByte).ToArray();
        _rowFloats = new float[Math.Max(_lowByte.Max(), _highByte.Max()) + PixelBytes];
        _rowBuffers = [new float[3 * columns.Size], new float[3 * columns.Size]];
    }

    /// <summary>Bytes per source pixel (RGB).</summary>
    public const int PixelBytes = 3;

    /// <summary>
    /// Resizes <paramref name="pixels"/> (rows of <paramref name="rowBytes"/> bytes) into <paramref name="output"/>:
    /// channel c, row y, column x at <c>c·planeStride + y·width + x</c>, width and height those of the tables.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // optimised from the first clip: a loader's first epoch calls it only a few hundred times
    public void Resize(ReadOnlySpan<byte> pixels, int rowBytes, Span<float> output, int planeStride)
    {
        var (width, height) = (_columns.Size, _rows.Size);
        var lastRow = _rows.High.Max();
        var lastColumn = _columns.High.Max();
        if (rowBytes < (lastColumn + 1) * PixelBytes || pixels.Length < lastRow * rowBytes + (lastColumn + 1) * PixelBytes)
            throw new ArgumentException($"the frame ({pixels.Length} bytes, rows of {rowBytes}) does not hold source row {lastRow}, column {lastColumn} at 3 bytes a pixel (RGB).", nameof(pixels));
        if (planeStride < width * height || output.Length < 2 * planeStride + width * height)
            throw new ArgumentException($"the output ({output.Length} floats, planes {planeStride} apart) cannot hold 3 planes of {width}×{height}.", nameof(output));
        _rowInBuffer[0] = _rowInBuffer[1] = -1;
        for (var y = 0; y < height; y++)
        {
            var above = SourceRow(pixels, rowBytes, _rows.Low[y]);
            var below = SourceRow(pixels, rowBytes, _rows.High[y]);
            var (wa, wb) = (_rows.LowWeight[y], _rows.HighWeight[y]);
            for (var c = 0; c < 3; c++)
            {
                var a = above.AsSpan(c * width, width);
                var b = below.AsSpan(c * width, width);
                Blend(a, b, wa, wb, output.Slice(c * planeStride + y * width, width));
            }
        }
    }

    /// <summary>
    /// target = (wa·a + wb·b) / 255, a vector of floats at a time: the same operations in the same order as the scalar
    /// tail, so every element rounds alike (half the resize's time before it was vectorised).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blend(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float wa, float wb, Span<float> target)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (va, vb, scale) = (new Vector<float>(wa), new Vector<float>(wb), new Vector<float>(255f));
            for (; x <= target.Length - Vector<float>.Count; x += Vector<float>.Count)
                ((va * new Vector<float>(a[x..]) + vb * new Vector<float>(b[x..])) / scale).CopyTo(target[x..]);
        }
        for (; x < target.Length; x++)
            target[x] = (wa * a[x] + wb * b[x]) / 255f;
    }

    /// <summary>Source row <paramref name="row"/> resized along x (three planes of output width), from the buffers when recent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float[] SourceRow(ReadOnlySpan<byte> pixels, int rowBytes, int row)
    {
        for (var k = 0; k < 2; k++)
            if (_rowInBuffer[k] == row)
            {
                _older = 1 - k;
                return _rowBuffers[k];
            }
        var slot = _older;
        _older = 1 - slot;
        _rowInBuffer[slot] = row;
        var buffer = _rowBuffers[slot];
        var width = _columns.Size;
        var source = pixels.Slice(row * rowBytes + _firstByte, _rowFloats.Length);
        var x = Avx2.IsSupported ? GatherRow(source, buffer) : 0;
        for (; x < width; x++)
        {
            var (l, h) = (_lowByte[x], _highByte[x]);
            var (wl, wh) = (_columns.LowWeight[x], _columns.HighWeight[x]);
            buffer[x] = wl * source[l] + wh * source[h];
            buffer[width + x] = wl * source[l + 1] + wh * source[h + 1];
            buffer[2 * width + x] = wl * source[l + 2] + wh * source[h + 2];
        }
        return buffer;
    }

    /// <summary>
    /// The x pass for whole vectors of output columns with AVX2 gathers, from the row widened to floats once; returns the
    /// columns done (the scalar loop does the rest). The same products and sums as the scalar loop, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int GatherRow(ReadOnlySpan<byte> source, float[] buffer)
    {
        var width = _columns.Size;
        var lanes = Vector256<float>.Count;
        var floats = _rowFloats.AsSpan();
        var i = 0;
        for (; i <= source.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.Create(source[i..]));
            var (a, b) = Vector256.Widen(lower);
            var (c, d) = Vector256.Widen(upper);
            Vector256.ConvertToSingle(a).CopyTo(floats[i..]);
            Vector256.ConvertToSingle(b).CopyTo(floats[(i + lanes)..]);
            Vector256.ConvertToSingle(c).CopyTo(floats[(i + 2 * lanes)..]);
            Vector256.ConvertToSingle(d).CopyTo(floats[(i + 3 * lanes)..]);
        }
        for (; i < source.Length; i++)
            floats[i] = source[i];
        var x = 0;
        fixed (float* row = _rowFloats, lowWeight = _columns.LowWeight, highWeight = _columns.HighWeight, output = buffer)
        fixed (int* low = _lowByte, high = _highByte)
        {
            for (; x <= width - lanes; x += lanes)
            {
                var (l, h) = (Avx.LoadVector256(low + x), Avx.LoadVector256(high + x));
                var (wl, wh) = (Avx.LoadVector256(lowWeight + x), Avx.LoadVector256(highWeight + x));
                for (var c = 0; c < 3; c++)
                {
                    var sum = Avx.Add(Avx.Multiply(wl, Avx2.GatherVector256(row + c, l, sizeof(float))),
                        Avx.Multiply(wh, Avx2.GatherVector256(row + c, h, sizeof(float))));
                    Avx.Store(output + c * width + x, sum);
                }
            }
        }
        return x;
    }
}
