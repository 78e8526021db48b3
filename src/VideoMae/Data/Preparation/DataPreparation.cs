using System.Text.Json;
using VideoMae.Data.Datasets;
using VideoMae.Data.Frames;
using VideoMae.Data.Video;

namespace VideoMae.Data.Preparation;

/// <summary>
/// <c>videomae prepare</c>: turns videos (a folder of them, or a list file) into what trains fastest here, with list
/// files in the reference's formats (docs/DATASET.md of the official code): frame folders of JPEG files, which the
/// loader decodes a few at a time in process instead of seeking in a video through ffmpeg, or videos re-encoded with a
/// short keyframe interval (<see cref="ShortKeyframeVideo"/>); both at a chosen short side.
/// <para>
/// Layout: video <c>a/b.mp4</c> (relative to the input folder, or to the list's folder) becomes
/// <c>OUT/frames/a/b/img_00001.jpg</c>… (or <c>OUT/videos/a/b.mp4</c>); a folder of videos gives
/// <c>OUT/unlabeled.txt</c> (<c>frames/a/b 1 N</c>, or <c>videos/a/b.mp4 0 -1</c>); a list <c>train.txt</c> gives
/// <c>OUT/train.txt</c> of its own kind (labelled: <c>frames/a/b N label</c>, or <c>videos/a/b.mp4 label</c>) and,
/// when labelled, the pre-training <c>OUT/train_pretrain.txt</c> too; a <c>classes.txt</c> beside the list is copied.
/// The settings are kept in <c>OUT/prepare.json</c>.
/// </para>
/// <para>
/// Resumable: each output is written under a hidden temporary name and renamed when complete, so a killed run never
/// leaves a half output that looks done; a later run skips complete, valid ones (frames 1…N with no gap, or a video
/// that probes, at the requested short side) and redoes the rest. A video that fails is reported and left out of the
/// lists; the others go on.
/// </para>
/// </summary>
public static class DataPreparation
{
    /// <summary>Video file extensions a folder is searched for.</summary>
    public static readonly IReadOnlyList<string> VideoExtensions = [".mp4", ".webm", ".mkv", ".avi", ".mov", ".m4v"];

    private const string SettingsFile = "prepare.json";
    private const string Partial = ".partial";

    /// <summary>Converts the videos of <paramref name="input"/> (a folder or a list file) under <paramref name="output"/>.</summary>
    /// <param name="input">A folder (searched recursively for <see cref="VideoExtensions"/>) or a list file of videos.</param>
    /// <param name="output">The output folder; created if missing.</param>
    /// <param name="settings">Format, size, quality, workers and file names.</param>
    /// <param name="progress">Called after each video, from the worker that did it (one call at a time).</param>
    /// <exception cref="ArgumentException">Bad settings, an input that is neither a folder nor a list, or an output that already holds another preparation.</exception>
    public static PrepareReport Prepare(string input, string output, PrepareSettings settings, Action<PrepareProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var template = FrameNameTemplate.Parse(settings.FrameTemplate);
        var (root, videos, listStem, labelled) = Inputs(input);
        output = Path.GetFullPath(output);
        if (File.Exists(input) && SamePath(Path.Combine(output, $"{listStem}.txt"), input))
            throw new ArgumentException($"{input}: the output folder is the list's own, and the new list would replace it; choose another output folder.");
        _ = Ffmpeg.FfmpegExecutable;   // fail before any work when ffmpeg is missing
        Directory.CreateDirectory(output);
        RefuseOtherSettings(output, settings);

        var frames = settings.Format == PrepareFormat.Frames;
        // Relative to OUT, '/'-separated: what the lists name.
        var targets = videos.Select(v => frames ? $"frames/{Stem(root, v.Path)}" : $"videos/{Stem(root, v.Path)}.mp4").ToArray();
        var frameCounts = new int[videos.Count];
        var failures = new string?[videos.Count];
        // Two videos that map to one output (a.mp4 and a.webm) would overwrite each other: the later ones fail.
        foreach (var group in Enumerable.Range(0, videos.Count).GroupBy(i => targets[i], StringComparer.Ordinal).Where(g => g.Count() > 1))
            foreach (var i in group.Skip(1))
                failures[i] = $"{videos[group.First()].Path} maps to the same output {group.Key}; rename one of them.";
        var (written, skipped, done, framesWritten) = (0, 0, 0, 0L);
        var progressLock = new object();
        var workers = settings.Workers > 0 ? settings.Workers : Environment.ProcessorCount;
        Parallel.For(0, videos.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            if (failures[i] is null)
            {
                var target = Path.Combine(output, targets[i]);
                try
                {
                    var complete = frames ? CompleteFrames(target, template, settings.ShortSide) : CompleteVideo(target, settings.ShortSide);
                    if (complete is { } count)
                    {
                        frameCounts[i] = count;
                        Interlocked.Increment(ref skipped);
                    }
                    else
                    {
                        frameCounts[i] = frames ? WriteFrames(videos[i].Path, target, template, settings) : WriteVideo(videos[i].Path, target, settings.ShortSide);
                        Interlocked.Increment(ref written);
                        Interlocked.Add(ref framesWritten, frameCounts[i]);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    failures[i] = e.Message;
                }
            }
            lock (progressLock)
                progress?.Invoke(new PrepareProgress(++done, videos.Count, videos[i].Path, failures[i]));
        });

        var ok = Enumerable.Range(0, videos.Count).Where(i => failures[i] is null).ToArray();
        string PretrainLine(int i) => frames ? $"{targets[i]} 1 {frameCounts[i]}" : $"{targets[i]} 0 -1";
        string LabelledLine(int i) => frames ? $"{targets[i]} {frameCounts[i]} {videos[i].Label}" : $"{targets[i]} {videos[i].Label}";
        var lists = new List<string>();
        void WriteList(string name, IEnumerable<string> lines)
        {
            var path = Path.Combine(output, name);
            File.WriteAllLines(path, lines);
            lists.Add(path);
        }
        if (labelled)
        {
            WriteList($"{listStem}.txt", ok.Where(i => videos[i].Label >= 0).Select(LabelledLine));
            WriteList($"{listStem}_pretrain.txt", ok.Select(PretrainLine));
        }
        else
        {
            WriteList($"{listStem}.txt", ok.Select(PretrainLine));
        }
        var classes = Path.Combine(root, "classes.txt");
        if (File.Exists(input) && File.Exists(classes) && !SamePath(classes, Path.Combine(output, "classes.txt")))
            File.Copy(classes, Path.Combine(output, "classes.txt"), overwrite: true);
        var failed = Enumerable.Range(0, videos.Count).Where(i => failures[i] is not null)
            .Select(i => new KeyValuePair<string, string>(videos[i].Path, failures[i]!)).ToArray();
        return new PrepareReport(output, written, skipped, framesWritten, failed, lists);
    }

    /// <summary>
    /// The frame count of <paramref name="folder"/> when it is complete: frames 1…N named by the template with
    /// nothing after a gap, and (with a short side) a first frame of that short side. Null when it is missing or
    /// invalid, in which case it is written anew.
    /// </summary>
    private static int? CompleteFrames(string folder, FrameNameTemplate template, int shortSide)
    {
        if (!Directory.Exists(folder))
            return null;
        var names = Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f)).Where(template.Matches).ToHashSet(StringComparer.Ordinal);
        var count = 0;
        while (names.Contains(template.Format(count + 1)))
            count++;
        if (count == 0 || count != names.Count)
            return null;
        try
        {
            var first = JpegCodec.Read(Path.Combine(folder, template.Format(1)));
            return shortSide == 0 || Math.Min(first.Width, first.Height) == shortSide ? count : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The frame count of a re-encoded video that probes valid at the requested short side, else null.</summary>
    private static int? CompleteVideo(string path, int shortSide)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            // ffprobe counts the packets actually there; the in-process probe would believe a truncated file's header.
            var info = VideoProbe.Probe(path, VideoBackend.FfmpegProcess);
            return shortSide == 0 || Math.Min(info.Width, info.Height) == shortSide ? info.FrameCount : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Decodes <paramref name="video"/> and writes its frames into <paramref name="folder"/> by way of a temporary sibling.</summary>
    private static int WriteFrames(string video, string folder, FrameNameTemplate template, PrepareSettings settings)
    {
        var partial = Path.Combine(Path.GetDirectoryName(folder)!, "." + Path.GetFileName(folder) + Partial);
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);   // a killed run's leftovers
        Directory.CreateDirectory(partial);
        try
        {
            var clip = VideoDecoder.DecodeAll(video);
            for (var i = 0; i < clip.Frames.Length; i++)
            {
                var image = new RgbImage(clip.Frames[i], clip.Width, clip.Height);
                if (settings.ShortSide > 0)
                    image = JpegCodec.ResizeShortSide(image, settings.ShortSide);
                JpegCodec.WriteJpeg(Path.Combine(partial, template.Format(i + 1)), image, settings.Quality);
            }
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);   // an incomplete or invalid folder from elsewhere
            Directory.Move(partial, folder);
            return clip.Frames.Length;
        }
        finally
        {
            if (Directory.Exists(partial))
                Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>Re-encodes <paramref name="video"/> into <paramref name="path"/> by way of a temporary sibling; returns its frame count.</summary>
    private static int WriteVideo(string video, string path, int shortSide)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileNameWithoutExtension(path) + Partial + ".mp4");
        try
        {
            ShortKeyframeVideo.Write(video, partial, shortSide);
            var frames = VideoProbe.Probe(partial).FrameCount;
            File.Move(partial, path, overwrite: true);
            return frames;
        }
        finally
        {
            if (File.Exists(partial))
                File.Delete(partial);
        }
    }

    private static (string Root, IReadOnlyList<VideoEntry> Videos, string ListStem, bool Labelled) Inputs(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Directory.Exists(input))
        {
            var root = Path.GetFullPath(input);
            var videos = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())
                    && !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                .Order(StringComparer.Ordinal).Select(f => new VideoEntry(f, -1)).ToArray();
            if (videos.Length == 0)
                throw new ArgumentException($"{input}: the folder holds no videos ({string.Join(", ", VideoExtensions)}).");
            return (root, videos, "unlabeled", false);
        }
        if (!File.Exists(input))
            throw new ArgumentException($"{input}: no such folder or list file.");
        var entries = ListFile.Read(input, ListLayout.Classification);
        if (entries.FirstOrDefault(e => e.Frames is not null) is { } frames)
            throw new ArgumentException($"{input}: '{frames.Path}' is a frame-folder line; expected a list of videos (path label, or path 0 -1).");
        return (Path.GetDirectoryName(Path.GetFullPath(input))!, entries, Path.GetFileNameWithoutExtension(input), entries.Any(e => e.Label >= 0));
    }

    /// <summary>A video's path under the root without its extension, '/'-separated; its name alone when it lies elsewhere.</summary>
    private static string Stem(string root, string video)
    {
        var relative = Path.GetRelativePath(root, video);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            relative = Path.GetFileName(video);
        return Path.ChangeExtension(relative, null).Replace('\\', '/');
    }

    // Outputs written at another size, quality or format would mix two preparations in one set.
    private static void RefuseOtherSettings(string output, PrepareSettings settings)
    {
        var path = Path.Combine(output, SettingsFile);
        var description = settings.Format == PrepareFormat.Frames
            ? JsonSerializer.Serialize(new { format = "frames", short_side = settings.ShortSide, quality = settings.Quality, frame_template = settings.FrameTemplate })
            : JsonSerializer.Serialize(new { format = "video", short_side = settings.ShortSide, keyframe_interval = ShortKeyframeVideo.KeyframeInterval });
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored != description)
                throw new ArgumentException($"{output} holds data prepared with other settings ({path}: {stored}; now {description}); use another output folder, or the same settings.");
            return;
        }
        File.WriteAllText(path, description + "\n");
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
