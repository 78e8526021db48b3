using VideoMae.Data.Synthetic;

namespace VideoMae.Tests.Training;

/// <summary>Small synthetic datasets written once per test run (real H.264 files through ffmpeg), shared by the training tests.</summary>
internal static class SyntheticSets
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"videomae-training-tests-{Environment.ProcessId}");

    // The sets and runs are per test process. The test host can end without running exit handlers, so each process
    // removes the folders of earlier ones that are no longer running instead.
    static SyntheticSets()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "videomae-training-tests-*"))
            if (int.TryParse(Path.GetFileName(folder)["videomae-training-tests-".Length..], out var pid) && !Running(pid))
                try { Directory.Delete(folder, recursive: true); }
                catch (IOException) { }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The sets of the pre-training benefit test, rendered as its measurements were (seed 0, plain background).
    private static readonly SynthSettings Plain = new(Frames: 32, Size: 64, Seed: 0, Background: SyntheticBackground.Plain);

    private static readonly Lazy<string> HybridFolder = new(() => Write("hybrid", SyntheticKind.Hybrid, 48));
    private static readonly Lazy<string> MotionFolder = new(() => Write("motion", SyntheticKind.Motion, 60));
    private static readonly Lazy<string> MotionAltFolder = new(() => Write("motion-alt", SyntheticKind.MotionAlt, 24));
    private static readonly Lazy<string> PlainHybridFolder = new(() => Write("hybrid-plain", SyntheticKind.Hybrid, 600, Plain));
    private static readonly Lazy<string> PlainMotionFolder = new(() => Write("motion-plain", SyntheticKind.Motion, 1200, Plain));

    /// <summary>48 unlabeled hybrid videos (32 frames of 64×64): unlabeled.txt.</summary>
    public static string Hybrid => HybridFolder.Value;

    /// <summary>60 labelled motion videos (12 classes): train.txt, val.txt, classes.txt.</summary>
    public static string Motion => MotionFolder.Value;

    /// <summary>24 videos of the second motion source (8 classes, 5 shared under other names): train.txt, val.txt, classes.txt, label_merge.json.</summary>
    public static string MotionAlt => MotionAltFolder.Value;

    /// <summary>600 unlabeled hybrid videos on a plain background: unlabeled.txt.</summary>
    public static string PlainHybrid => PlainHybridFolder.Value;

    /// <summary>1200 labelled motion videos on a plain background (960 train, 240 val): train.txt, val.txt, classes.txt.</summary>
    public static string PlainMotion => PlainMotionFolder.Value;

    /// <summary>A fresh, empty folder for one run.</summary>
    public static string NewRunFolder(string name)
    {
        var path = Path.Combine(Root, "runs", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static string Write(string name, SyntheticKind kind, int videos, SynthSettings? settings = null)
    {
        var folder = Path.Combine(Root, name);
        SyntheticDataset.Write(folder, kind, videos, settings ?? new SynthSettings(Frames: 32, Size: 64, Seed: 1));
        return folder;
    }
}
