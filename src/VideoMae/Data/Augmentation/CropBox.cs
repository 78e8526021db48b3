namespace VideoMae.Data.Augmentation;

/// <summary>A crop of a frame in pixels, the same for every frame of a clip.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Crop width.</param>
/// <param name="Height">Crop height.</param>
/// <param name="Flip">Mirror horizontally after cropping.</param>
public readonly record struct CropBox(int X, int Y, int Width, int Height, bool Flip = false)
{
    /// <summary>Throws unless the box lies inside a <paramref name="frameWidth"/>×<paramref name="frameHeight"/> frame.</summary>
    public CropBox Within(int frameWidth, int frameHeight)
    {
        if (Width < 1 || Height < 1 || X < 0 || Y < 0 || X + Width > frameWidth || Y + Height > frameHeight)
            throw new ArgumentException($"crop {Width}×{Height} at ({X}, {Y}) does not fit a {frameWidth}×{frameHeight} frame.");
        return this;
    }
}
