using System.Text.RegularExpressions;

namespace VideoMae.Data.Video;

/// <summary>
/// Which FFmpeg OpenCV's native library carries, read from its build information (<c>Cv2.GetBuildInformation()</c>
/// lists <c>avcodec: YES (61.19.101)</c> and the like; FFmpeg's own version functions are not exported). Only the
/// major versions whose struct layouts <see cref="LibavLayout"/> holds are accepted: FFmpeg 7.1.
/// </summary>
internal static partial class LibavVersions
{
    /// <summary>The libraries and the major versions of FFmpeg 7.1, whose layouts were verified.</summary>
    public static IReadOnlyList<(string Library, int Major)> Verified { get; } =
        [("avcodec", 61), ("avformat", 61), ("avutil", 59), ("swscale", 8)];

    /// <summary>
    /// Null when <paramref name="buildInformation"/> names exactly the verified major version of every library, else
    /// why not (the library, the version found, the one expected).
    /// </summary>
    public static string? Mismatch(string buildInformation)
    {
        var found = VersionLine().Matches(buildInformation)
            .GroupBy(m => m.Groups["library"].Value)
            .ToDictionary(g => g.Key, g => g.First().Groups["version"].Value);
        foreach (var (library, major) in Verified)
        {
            if (!found.TryGetValue(library, out var version))
                return $"OpenCV's build information names no {library} version (expected FFmpeg 7.1's {library} {major}.x)";
            if (int.Parse(version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture) != major)
                return $"OpenCV's FFmpeg has {library} {version}, but the struct offsets used here are FFmpeg 7.1's ({library} {major}.x)";
        }
        return null;
    }

    [GeneratedRegex(@"^\s*(?<library>avcodec|avformat|avutil|swscale):\s*YES\s*\((?<version>\d+\.\d+\.\d+)\)", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
