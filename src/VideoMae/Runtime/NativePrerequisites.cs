namespace VideoMae.Runtime;

/// <summary>
/// Checks the one native prerequisite that TorchSharp 0.107 cannot report clearly itself: its
/// <c>libLibTorchSharp.so</c> is built with GCC 13 and needs a system libstdc++ that exports
/// <see cref="RequiredGlibcxx"/> (Debian 13, Ubuntu 24.04 and newer; not Debian 12 or Ubuntu 22.04).
/// </summary>
public static class NativePrerequisites
{
    /// <summary>The symbol version that <c>std::ios_base_library_init</c> needs (GCC 13's libstdc++).</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    /// <summary>The command that installs the prerequisite on the distributions <c>build.sh</c> knows.</summary>
    public const string FixCommand = "sudo ./build.sh setup";

    // Where the dynamic loader finds libstdc++ on x86-64 Debian/Ubuntu and other common layouts.
    private static readonly string[] SystemLibraryFolders =
    [
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    /// <summary>
    /// The libstdc++ the loader will pick: the first <c>libstdc++.so.6</c> on <c>LD_LIBRARY_PATH</c>, then in the
    /// system folders; <c>null</c> where none exists (not Linux, or an unusual layout).
    /// </summary>
    public static string? FindLibstdcxx(string? ldLibraryPath = null)
    {
        var extra = (ldLibraryPath ?? Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return extra.Concat(SystemLibraryFolders)
            .Select(folder => Path.Combine(folder, "libstdc++.so.6"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>True when the shared library at <paramref name="path"/> carries the version string <paramref name="symbolVersion"/>.</summary>
    /// <remarks>Version names are stored as plain NUL-terminated strings in the ELF version sections, so a byte search is exact.</remarks>
    public static bool ExportsSymbolVersion(string path, string symbolVersion)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(symbolVersion + "\0");
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>
    /// One sentence that says what is missing and how to fix it, or <c>null</c> when the prerequisite holds
    /// (or cannot be checked on this platform).
    /// </summary>
    public static string? Problem(string? libstdcxxPath)
    {
        if (!OperatingSystem.IsLinux() || libstdcxxPath is null)
            return null;
        return ExportsSymbolVersion(libstdcxxPath, RequiredGlibcxx)
            ? null
            : $"TorchSharp 0.107 needs libstdc++ with {RequiredGlibcxx} (GCC 13 or newer), but {libstdcxxPath} does not " +
              $"provide it: run `{FixCommand}` (on Debian 12 it installs libstdc++6 from Debian 13 with an apt pin; " +
              "elsewhere it prints the command for your distribution).";
    }
}
