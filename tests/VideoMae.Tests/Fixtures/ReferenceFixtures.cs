namespace VideoMae.Tests.Fixtures;

/// <summary>The official implementation's outputs in shared/fixtures/reference, found relative to the repository root.</summary>
internal static class ReferenceFixtures
{
    public static string Folder { get; } = Locate();

    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Reference fixture {fileName} is missing from {Folder}.", path);
        return path;
    }

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VideoMae.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new DirectoryNotFoundException($"No VideoMae.sln above {AppContext.BaseDirectory}; cannot find the repository root.");
        var folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "reference"));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(
                $"The reference fixtures are expected at {folder} (../shared/fixtures/reference beside the repository root); the parity tests need them.");
        return folder;
    }
}
