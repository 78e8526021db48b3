using System.Text.Json;
using VideoMae.Data.Loading;
using VideoMae.Data.Video;

namespace VideoMae.Data.Synthetic;

/// <summary>What <see cref="SyntheticDataset.Write"/> did.</summary>
/// <param name="Folder">The dataset folder.</param>
/// <param name="Written">Videos encoded now.</param>
/// <param name="Skipped">Videos that already existed and probed valid.</param>
/// <param name="Classes">Class names (empty for hybrid).</param>
public sealed record SynthReport(string Folder, int Written, int Skipped, IReadOnlyList<string> Classes);

/// <summary>
/// Writes a synthetic set as real, lossless H.264 files plus list files, all paths relative to the folder:
/// <c>videos/&lt;kind&gt;_00000.mp4</c>, <c>unlabeled.txt</c> (<c>path 0 -1</c>), and for labelled kinds <c>classes.txt</c>,
/// <c>train.txt</c>/<c>val.txt</c> (<c>path label</c>); <c>dataset.json</c> records the settings; the second motion source
/// adds <c>label_merge.json</c> (alias → canonical class). Existing valid videos are kept, so a re-run only fills gaps.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>Changes whenever the renderer changes what a given (kind, index, settings) looks like
    /// (synthetic-2: lossless files; synthetic-1 sets were lossy yuv420p).</summary>
    public const string GeneratorVersion = "synthetic-2";

    /// <summary>The command-line name of a kind.</summary>
    public static string Name(SyntheticKind kind) => kind switch
    {
        SyntheticKind.MotionAlt => "motion-alt",
        SyntheticKind.AppearanceHard => "appearance-hard",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The command-line name of a background.</summary>
    public static string BackgroundName(SyntheticBackground background) => background.ToString().ToLowerInvariant();

    /// <summary>Parses a command-line kind name, or throws naming the accepted ones.</summary>
    public static SyntheticKind Parse(string name)
    {
        foreach (var kind in Enum.GetValues<SyntheticKind>())
            if (Name(kind) == name.ToLowerInvariant())
                return kind;
        throw new ArgumentException($"kind '{name}'; expected one of: {string.Join(", ", Enum.GetValues<SyntheticKind>().Select(Name))}.", nameof(name));
    }

    /// <summary>Writes <paramref name="videos"/> videos of <paramref name="kind"/> into <paramref name="folder"/>.</summary>
    public static SynthReport Write(string folder, SyntheticKind kind, int videos, SynthSettings settings, double valFraction = 0.2, Action<int, int>? progress = null)
    {
        settings.Validate();
        if (videos < 1)
            throw new ArgumentException($"videos = {videos}; expected at least 1.", nameof(videos));
        Require.InRange(valFraction, 0, 1, nameof(valFraction));
        _ = Ffmpeg.FfmpegExecutable;   // fail before any work when ffmpeg is missing
        var description = JsonSerializer.Serialize(new
        {
            kind = Name(kind), seed = settings.Seed, videos, frames = settings.Frames, size = settings.Size, fps = settings.Fps,
            background = BackgroundName(settings.Background), classes = SyntheticClasses.Of(kind), generator = GeneratorVersion,
        }, Indented);
        RefuseOtherSet(folder, kind, settings);
        var prefix = Name(kind).Replace('-', '_');
        var paths = Enumerable.Range(0, videos).Select(i => $"videos/{prefix}_{i:D5}.mp4").ToArray();
        var labels = new int[videos];
        var (written, skipped, done) = (0, 0, 0);
        var progressLock = new object();
        Parallel.For(0, videos, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var path = Path.Combine(folder, paths[i]);
            if (IsValid(path, settings))
            {
                labels[i] = SyntheticVideos.Label(kind, i);
                Interlocked.Increment(ref skipped);
            }
            else
            {
                var clip = SyntheticVideos.Render(kind, i, settings);
                labels[i] = clip.Label;
                // Lossless: a lossy codec leaves noise of a grey level or two in flat areas, and the per-tubelet
                // normalised target of pre-training scales that noise to unit variance, so most of the loss would be
                // unpredictable codec noise (measured: a zero predictor scored 0.68 of 1 on lossy plain-background sets).
                VideoWriter.Write(path, clip.Frames, settings.Size, settings.Size, settings.Fps, lossless: true);
                Interlocked.Increment(ref written);
            }
            lock (progressLock)
                progress?.Invoke(++done, videos);
        });
        var classes = SyntheticClasses.Of(kind);
        File.WriteAllLines(Path.Combine(folder, "unlabeled.txt"), paths.Select(p => $"{p} 0 -1"));
        if (classes.Count > 0)
        {
            File.WriteAllLines(Path.Combine(folder, "classes.txt"), classes);
            // A seeded split: the first valFraction of a shuffled order goes to validation.
            var order = Enumerable.Range(0, videos).ToArray();
            new Random(Seeds.Mix(settings.Seed, 17)).Shuffle(order);
            var val = order.Take((int)Math.Round(videos * valFraction)).ToHashSet();
            File.WriteAllLines(Path.Combine(folder, "train.txt"), Enumerable.Range(0, videos).Where(i => !val.Contains(i)).Select(i => $"{paths[i]} {labels[i]}"));
            File.WriteAllLines(Path.Combine(folder, "val.txt"), Enumerable.Range(0, videos).Where(val.Contains).Select(i => $"{paths[i]} {labels[i]}"));
        }
        if (kind == SyntheticKind.MotionAlt)
            File.WriteAllText(Path.Combine(folder, "label_merge.json"), JsonSerializer.Serialize(SyntheticClasses.MotionAltMerge, Indented));
        File.WriteAllText(Path.Combine(folder, "dataset.json"), description);
        return new SynthReport(folder, written, skipped, classes);
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Keeping "valid" videos of another seed, size or generator would silently mix two sets in one folder.
    private static void RefuseOtherSet(string folder, SyntheticKind kind, SynthSettings settings)
    {
        var path = Path.Combine(folder, "dataset.json");
        if (!File.Exists(path))
            return;
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var r = json.RootElement;
        var generator = r.GetProperty("generator").GetString();
        if (generator != GeneratorVersion)
            throw new ArgumentException($"{folder} was rendered by generator {generator}, and this version renders {GeneratorVersion}; delete the folder and run again to render it anew.");
        var same = r.GetProperty("kind").GetString() == Name(kind) && r.GetProperty("seed").GetInt32() == settings.Seed
            && r.GetProperty("frames").GetInt32() == settings.Frames && r.GetProperty("size").GetInt32() == settings.Size
            && r.GetProperty("fps").GetDouble() == settings.Fps && r.GetProperty("background").GetString() == BackgroundName(settings.Background);
        if (!same)
            throw new ArgumentException($"{folder} holds another synthetic set ({path}: {r.GetRawText().ReplaceLineEndings(" ")}); use a new --out folder or delete it.");
    }

    private static bool IsValid(string path, SynthSettings settings)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            // ffprobe counts the packets actually there; the in-process probe would believe a truncated file's header.
            var info = VideoProbe.Probe(path, VideoBackend.FfmpegProcess);
            return info.FrameCount == settings.Frames && info.Width == settings.Size && info.Height == settings.Size;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
