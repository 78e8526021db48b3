namespace VideoMae.Data.Synthetic;

/// <summary>The embedded synthetic datasets.</summary>
public enum SyntheticKind
{
    /// <summary>Something-Something-like: the class is what happens over time (move, rotate, grow, approach, appear, …).</summary>
    Motion,

    /// <summary>A second labelled motion source whose overlapping classes have other names (merged through label_merge.json).</summary>
    MotionAlt,

    /// <summary>Kinetics-like: the class is what the scene contains (shape × texture × colour), motion is random.</summary>
    Appearance,

    /// <summary>Unlabeled half motion, half appearance, for pre-training.</summary>
    Hybrid,

    /// <summary>A harder Kinetics-like set: the class is the largest object's shape × colour (32 classes; its texture is
    /// random), and two smaller distractors wear other classes' shapes and colours.</summary>
    // Last, so the kinds before it keep their numbers and with them the seeds of their videos.
    AppearanceHard,
}

/// <summary>What is behind the objects.</summary>
public enum SyntheticBackground
{
    /// <summary>Two-colour stripes at a random angle that pan (the default: clutter and camera-like motion to see past).</summary>
    Striped,

    /// <summary>One colour, still: only the objects change, an easier set for small models and short runs.</summary>
    Plain,
}

/// <summary>Sizes of a synthetic set; every video depends only on these, the kind and its index.</summary>
/// <param name="Frames">Frames per video (8–128).</param>
/// <param name="Size">Width and height in pixels (even, 32–256).</param>
/// <param name="Fps">Frame rate written into the files.</param>
/// <param name="Seed">Seed of the whole set.</param>
/// <param name="Background">Striped and panning, or plain; a plain video is its striped twin with the background flattened.</param>
public sealed record SynthSettings(int Frames = 32, int Size = 64, double Fps = 12, int Seed = 0, SyntheticBackground Background = SyntheticBackground.Striped)
{
    /// <summary>Throws ArgumentException naming the first value out of range.</summary>
    public SynthSettings Validate()
    {
        if (Frames is < 8 or > 128)
            throw new ArgumentException($"frames = {Frames}; expected 8 to 128.", nameof(Frames));
        if (Size is < 32 or > 256 || Size % 2 != 0)
            throw new ArgumentException($"size = {Size}; expected an even size from 32 to 256.", nameof(Size));
        if (!(Fps > 0))
            throw new ArgumentException($"fps = {Fps}; expected a positive frame rate.", nameof(Fps));
        if (!Enum.IsDefined(Background))
            throw new ArgumentException($"background = {Background}; expected striped or plain.", nameof(Background));
        return this;
    }
}
