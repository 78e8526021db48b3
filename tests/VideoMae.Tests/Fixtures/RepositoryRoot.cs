namespace VideoMae.Tests.Fixtures;

/// <summary>The checkout the tests were built from: the first folder above the test binaries that holds VideoMae.sln.</summary>
internal static class RepositoryRoot
{
    // Lazy rather than a static initialiser, so a missing root fails each test with its own message instead of a
    // TypeInitializationException.
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The absolute path of the repository root; throws when no VideoMae.sln is above the test binaries.</summary>
    public static string Folder => Located.Value;

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VideoMae.sln")))
            dir = dir.Parent;
        return dir?.FullName
            ?? throw new DirectoryNotFoundException($"No VideoMae.sln above {AppContext.BaseDirectory}; cannot find the repository root.");
    }
}
