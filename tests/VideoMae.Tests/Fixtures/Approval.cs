namespace VideoMae.Tests.Fixtures;

/// <summary>
/// Approval tests of text: the expected text is a reviewed file, <c>NAME.approved.txt</c>, committed beside the tests.
/// A run that produces other text writes <c>NAME.received.txt</c> next to it (git ignores it) and fails at the first
/// line that differs. To accept a deliberate change, compare the two files and rename the received one to approved.
/// </summary>
internal static class Approval
{
    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="folder"/>/<paramref name="name"/>.approved.txt.</summary>
    public static void Verify(string folder, string name, string actual)
    {
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? Read(approvedPath) : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);   // a stale one from an earlier failure would mislead
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(approved is null
            ? $"No approved snapshot {approvedPath}. Review {receivedPath} and rename it to approve it."
            : $"{name} differs from its approved snapshot: {FirstDifference(approved, actual)}. Compare {receivedPath} with {approvedPath}.");
    }

    /// <summary>The approved text of <paramref name="name"/> in <paramref name="folder"/>, with Unix line ends.</summary>
    public static string Approved(string folder, string name) => Read(Path.Combine(folder, name + ".approved.txt"));

    // A checkout with CRLF line ends must not fail the comparison.
    private static string Read(string path) => File.ReadAllText(path).Replace("\r\n", "\n");

    private static string FirstDifference(string approved, string actual)
    {
        var (a, b) = (approved.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        return $"line {line + 1} is '{(line < b.Length ? b[line] : "(end)")}', approved '{(line < a.Length ? a[line] : "(end)")}'";
    }
}
