using System.Runtime.CompilerServices;

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
    private readonly int[] _lowByte;
    private readonly int[] _highByte;
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
        _lowByte = columns.Low.Select(x => x * PixelBytes).ToArray();
        _highByte = columns.High.Select(x => x * PixelBytes).ToArray();
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
                var target = output.Slice(c * planeStride + y * width, width);
                for (var x = 0; x < width; x++)
                    target[x] = (wa * a[x] + wb * b[x]) / 255f;
            }
        }
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
        var source = pixels.Slice(row * rowBytes, rowBytes);
        for (var x = 0; x < width; x++)
        {
            var (l, h) = (_lowByte[x], _highByte[x]);
            var (wl, wh) = (_columns.LowWeight[x], _columns.HighWeight[x]);
            buffer[x] = wl * source[l] + wh * source[h];
            buffer[width + x] = wl * source[l + 1] + wh * source[h + 1];
            buffer[2 * width + x] = wl * source[l + 2] + wh * source[h + 2];
        }
        return buffer;
    }
}
