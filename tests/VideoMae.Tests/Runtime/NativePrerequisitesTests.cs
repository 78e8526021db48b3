using VideoMae.Runtime;

namespace VideoMae.Tests.Runtime;

public sealed class NativePrerequisitesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-native-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string FakeLibrary(params string[] versions)
    {
        var path = Path.Combine(_folder, "libstdc++.so.6");
        // Version names sit NUL-terminated among other ELF bytes.
        var bytes = new List<byte> { 0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 1, 2 };
        foreach (var v in versions)
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(v + "\0"));
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    [Fact]
    public void A_libstdcxx_that_stops_at_3_4_30_is_reported_in_one_sentence_with_the_fix()
    {
        var lib = FakeLibrary("GLIBCXX_3.4.29", "GLIBCXX_3.4.30", "GLIBCXX_3.4.3");
        var problem = NativePrerequisites.Problem(lib);
        Assert.NotNull(problem);
        Assert.Contains("GLIBCXX_3.4.32", problem);
        Assert.Contains(lib, problem);
        Assert.Contains("sudo ./build.sh setup", problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void A_prefix_of_the_required_version_does_not_count()
    {
        // "GLIBCXX_3.4.3" is a prefix of "GLIBCXX_3.4.32"; only the whole NUL-terminated name satisfies the check.
        Assert.False(NativePrerequisites.ExportsSymbolVersion(FakeLibrary("GLIBCXX_3.4.3", "GLIBCXX_3.4.320x"), "GLIBCXX_3.4.32"));
        Assert.True(NativePrerequisites.ExportsSymbolVersion(FakeLibrary("GLIBCXX_3.4.31", "GLIBCXX_3.4.32"), "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void A_libstdcxx_with_the_required_version_is_no_problem()
    {
        Assert.Null(NativePrerequisites.Problem(FakeLibrary("GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33")));
    }

    [Fact]
    public void LD_LIBRARY_PATH_comes_before_the_system_folders()
    {
        var lib = FakeLibrary("GLIBCXX_3.4.32");
        Assert.Equal(lib, NativePrerequisites.FindLibstdcxx(_folder));
    }
}
