using VideoMae.Data.Frames;

namespace VideoMae.Data.Preparation;

/// <summary>What <see cref="DataPreparation"/> writes.</summary>
public enum PrepareFormat
{
    /// <summary>Folders of JPEG frames, read in process (the reference's rawframes).</summary>
    Frames,

    /// <summary>H.264 videos with a keyframe every <see cref="ShortKeyframeVideo.KeyframeInterval"/> frames, so a clip's seek decodes little.</summary>
    Video,
}

/// <summary>How <see cref="DataPreparation"/> writes each video.</summary>
/// <param name="ShortSide">Shorter side of the output in pixels (aspect kept); 0 keeps each video's size.</param>
/// <param name="Quality">JPEG quality of frames, 1–100 (videos use x264's crf 18 instead).</param>
/// <param name="Workers">Videos converted at a time; 0 = one per core.</param>
/// <param name="FrameTemplate">File name of frame n (numbered from 1), Python format syntax.</param>
/// <param name="Format">Frame folders or re-encoded videos.</param>
public sealed record PrepareSettings(int ShortSide = 0, int Quality = JpegCodec.DefaultQuality, int Workers = 0,
    string FrameTemplate = FrameNameTemplate.DefaultText, PrepareFormat Format = PrepareFormat.Frames)
{
    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public PrepareSettings Validate()
    {
        if (ShortSide < 0)
            throw new ArgumentException($"short_side = {ShortSide}; expected 0 (keep the size) or a positive number of pixels.");
        if (Format == PrepareFormat.Video && ShortSide % 2 != 0)
            throw new ArgumentException($"short_side = {ShortSide}; H.264 in yuv420p needs an even size.");
        if (Quality is < 1 or > 100)
            throw new ArgumentException($"quality = {Quality}; expected a JPEG quality in [1, 100].");
        if (Workers < 0)
            throw new ArgumentException($"workers = {Workers}; expected 0 (one per core) or a positive count.");
        if (!Enum.IsDefined(Format))
            throw new ArgumentException($"format = {Format}; expected frames or video.");
        _ = FrameNameTemplate.Parse(FrameTemplate);
        return this;
    }
}

/// <summary>One video done (or skipped, or failed) by <see cref="DataPreparation.Prepare"/>.</summary>
/// <param name="Done">Videos finished so far, this one included.</param>
/// <param name="Total">Videos in all.</param>
/// <param name="Video">The video.</param>
/// <param name="Failure">Why it failed, or null when its output is there.</param>
public sealed record PrepareProgress(int Done, int Total, string Video, string? Failure);

/// <summary>What <see cref="DataPreparation.Prepare"/> did.</summary>
/// <param name="Folder">The output folder.</param>
/// <param name="Written">Frame folders (or videos) written now.</param>
/// <param name="Skipped">Ones that were already complete and valid.</param>
/// <param name="Frames">Frames written now.</param>
/// <param name="Failures">Each video that failed, with the reason; those are left out of the lists.</param>
/// <param name="Lists">The list files written.</param>
public sealed record PrepareReport(string Folder, int Written, int Skipped, long Frames, IReadOnlyList<KeyValuePair<string, string>> Failures, IReadOnlyList<string> Lists);
