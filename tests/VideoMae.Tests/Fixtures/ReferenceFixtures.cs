namespace VideoMae.Tests.Fixtures;

/// <summary>The official implementation's outputs in shared/fixtures/reference, found relative to the repository root.</summary>
internal static class ReferenceFixtures
{
    // Lazy rather than a static initialiser, so a missing folder fails each test with its own message instead of a
    // TypeInitializationException.
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The absolute path of shared/fixtures/reference beside the repository root; throws when it is missing.</summary>
    public static string Folder => Located.Value;

    /// <summary>The absolute path of one fixture file; throws, naming the folder, when it is missing.</summary>
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Reference fixture {fileName} is missing from {Folder}.", path);
        return path;
    }

    private static string Locate()
    {
        var folder = Path.GetFullPath(Path.Combine(RepositoryRoot.Folder, "..", "shared", "fixtures", "reference"));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(
                $"The reference fixtures are expected at {folder} (../shared/fixtures/reference beside the repository root); the parity tests need them.");
        return folder;
    }
}
