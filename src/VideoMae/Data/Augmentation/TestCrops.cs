namespace VideoMae.Data.Augmentation;

/// <summary>
/// Test-time spatial views (SPEC §5.4): after resizing the shorter side to S, a number of S×S crops at
/// int(k·(L − S)/(crops − 1)) along the longer side (left/centre/right or top/centre/bottom for three).
/// </summary>
public static class TestCrops
{
    /// <summary>The frame size after resizing the shorter side of <paramref name="width"/>×<paramref name="height"/> to <paramref name="shortSide"/>; the longer side is truncated as the reference's int().</summary>
    public static (int Width, int Height) ResizeShortSide(int width, int height, int shortSide) =>
        width <= height
            ? (shortSide, (int)((double)height * shortSide / width))
            : ((int)((double)width * shortSide / height), shortSide);

    /// <summary>The crops of a frame already resized to <paramref name="width"/>×<paramref name="height"/> (shorter side = <paramref name="size"/>).</summary>
    public static CropBox[] Boxes(int width, int height, int size, int crops)
    {
        Require.Positive(crops, nameof(crops));
        if (Math.Min(width, height) < size)
            throw new ArgumentException($"a {width}×{height} frame is smaller than the {size}×{size} test crop.");
        var longer = Math.Max(width, height);
        return Enumerable.Range(0, crops).Select(k =>
        {
            var offset = crops == 1 ? (longer - size) / 2 : (int)((double)k * (longer - size) / (crops - 1));
            return width >= height ? new CropBox(offset, (height - size) / 2, size, size) : new CropBox((width - size) / 2, offset, size, size);
        }).ToArray();
    }
}
