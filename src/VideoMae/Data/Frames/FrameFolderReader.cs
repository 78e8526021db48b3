using VideoMae.Data.Video;

namespace VideoMae.Data.Frames;

/// <summary>
/// Decodes chosen frames of a <see cref="FrameFolder"/>: only the files a clip needs, each once however often the
/// clip repeats it, on the calling thread (the loader already runs one sample per worker). Indices past the end
/// repeat the last frame, as <see cref="VideoDecoder"/> does for videos, so both kinds of source give a clip the same
/// frames for the same indices.
/// </summary>
public static class FrameFolderReader
{
    /// <summary>Decodes <paramref name="frameIndices"/> (0-based, any order, repeats allowed) of <paramref name="clip"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The folder is missing; a needed file is missing (the message tells a template that matches no file from a
    /// folder shorter than its list says); a file is not a whole image; or the frames differ in size.
    /// </exception>
    public static DecodedClip Read(FrameFolder clip, IReadOnlyList<int> frameIndices)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(frameIndices);
        if (frameIndices.Count == 0)
            throw new ArgumentException("frameIndices is empty; expected at least one frame index.", nameof(frameIndices));
        if (frameIndices.Any(i => i < 0))
            throw new ArgumentException($"frameIndices contains {frameIndices.Min()}; expected indices ≥ 0.", nameof(frameIndices));
        if (!Directory.Exists(clip.Folder))
            throw new InvalidDataException($"{clip.Folder}: no such frame folder.");
        var clamped = frameIndices.Select(i => Math.Min(i, clip.FrameCount - 1)).ToArray();
        var decoded = new Dictionary<int, RgbImage>();
        RgbImage? first = null;
        foreach (var index in clamped.Distinct().Order())
        {
            var file = clip.FileOf(index);
            if (!File.Exists(file))
                throw Missing(clip, index);
            var image = JpegCodec.Read(file);
            first ??= image;
            if (image.Width != first.Width || image.Height != first.Height)
                throw new InvalidDataException($"{file}: the frame is {image.Width}×{image.Height}, but {clip.FileOf(clamped.Min())} is {first.Width}×{first.Height}; expected frames of one size.");
            decoded[index] = image;
        }
        return new DecodedClip(clamped.Select(i => decoded[i].Pixels).ToArray(), first!.Width, first.Height);
    }

    /// <summary>Why the file of frame <paramref name="index"/> is missing, told from what the folder does hold.</summary>
    private static InvalidDataException Missing(FrameFolder clip, int index)
    {
        var names = Directory.EnumerateFiles(clip.Folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        var matching = names.Where(clip.Template.Matches).ToList();
        if (matching.Count == 0)
            return new InvalidDataException(
                $"{clip.Folder}: no file matches the frame template '{clip.Template}' " +
                $"({(names.Count == 0 ? "the folder is empty" : $"the folder holds {names.Count} files, e.g. '{names[0]}'")}); " +
                "set the source's frame_template (--frame-template) to the folder's naming.");
        return new InvalidDataException(
            $"{clip.Folder}: frame {index} of the clip, {clip.Template.Format(clip.StartIndex + index)}, is missing: the folder holds " +
            $"{matching.Count} files named like '{clip.Template}' ({matching[0]} … {matching[^1]}), and the list says the clip has " +
            $"{clip.FrameCount} frames from {clip.Template.Format(clip.StartIndex)} on (a fine-tuning list read as a pre-training one " +
            "takes 'folder total_frames label' for 'folder start_index total_frames').");
    }
}
