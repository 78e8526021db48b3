namespace VideoMae.SelfCheck;

/// <summary>Where the reference fixtures were looked for and where, if anywhere, they were found.</summary>
/// <param name="Folder">The folder that holds every fixture file, or null.</param>
/// <param name="Searched">Every place looked at, in order, for the message when none holds them.</param>
/// <param name="Explicit">The folder was named by the user (--fixtures): then not finding it is a failure, not a skip.</param>
public sealed record FixtureLocation(string? Folder, IReadOnlyList<string> Searched, bool Explicit)
{
    /// <summary>The absolute path of one fixture file; only valid when <see cref="Folder"/> is set.</summary>
    public string PathOf(string fileName) => Path.Combine(Folder ?? throw new InvalidOperationException("the reference fixtures were not found."), fileName);
}

/// <summary>
/// The official implementation's outputs for the tiny_p8 configuration (shared/fixtures/reference of a checkout; its
/// README describes them). An installed tool finds them in <c>fixtures/reference</c> beside its executable, where a
/// GPU kit ships them; a checkout finds them in <c>../shared/fixtures/reference</c> beside the repository root.
/// </summary>
public static class ReferenceFixtures
{
    /// <summary>The pre-training autoencoder's state dict (official key names).</summary>
    public const string Pretrain = "tiny_p8.pretrain.safetensors";

    /// <summary>The 7-class fine-tuning classifier's state dict.</summary>
    public const string Classifier = "tiny_p8.classifier.safetensors";

    /// <summary>The inputs and expected outputs.</summary>
    public const string InputsAndOutputs = "tiny_p8.io.safetensors";

    /// <summary>The files a folder must hold to count as the fixtures.</summary>
    public static IReadOnlyList<string> Files { get; } = [Pretrain, Classifier, InputsAndOutputs];

    /// <summary>
    /// Finds the fixtures: <paramref name="explicitFolder"/> alone when given; else <c>fixtures/reference</c> beside
    /// the executable (<paramref name="baseDirectory"/>, default <see cref="AppContext.BaseDirectory"/>); else
    /// <c>../shared/fixtures/reference</c> of the first checkout (a folder holding VideoMae.sln) at or above
    /// <paramref name="startDirectory"/> (default: the current directory).
    /// </summary>
    public static FixtureLocation Find(string? explicitFolder, string? startDirectory = null, string? baseDirectory = null)
    {
        if (explicitFolder is not null)
        {
            var given = Path.GetFullPath(explicitFolder);
            return new FixtureLocation(Holds(given) ? given : null, [given], Explicit: true);
        }
        var searched = new List<string>();
        var beside = Path.GetFullPath(Path.Combine(baseDirectory ?? AppContext.BaseDirectory, "fixtures", "reference"));
        searched.Add(beside);
        if (Holds(beside))
            return new FixtureLocation(beside, searched, Explicit: false);
        var start = Path.GetFullPath(startDirectory ?? Directory.GetCurrentDirectory());
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "VideoMae.sln")))
                continue;
            var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "reference"));
            searched.Add(shared);
            return new FixtureLocation(Holds(shared) ? shared : null, searched, Explicit: false);
        }
        searched.Add($"no checkout (VideoMae.sln) at or above {start}");
        return new FixtureLocation(null, searched, Explicit: false);
    }

    private static bool Holds(string folder) => Files.All(f => File.Exists(Path.Combine(folder, f)));
}
