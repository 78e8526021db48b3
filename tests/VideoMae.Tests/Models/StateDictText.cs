using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

/// <summary>
/// A state dict as reviewable text: one "key: [shape]" line per tensor, keys in ordinal order (registration order
/// differs between TorchSharp and PyTorch and does not matter to a load).
/// </summary>
internal static class StateDictText
{
    /// <summary>The text of <paramref name="module"/>'s state dict.</summary>
    public static string Of(nn.Module module) => Render(module.state_dict().Select(p => (p.Key, p.Value.shape)));

    /// <summary>The text of a list of keys and shapes.</summary>
    public static string Render(IEnumerable<(string Key, long[] Shape)> entries) =>
        string.Concat(entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: [{string.Join(", ", e.Shape)}]\n"));

    /// <summary>Reads the text back: key → shape.</summary>
    public static IReadOnlyDictionary<string, long[]> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(": [")).ToDictionary(
            parts => parts[0],
            parts => parts[1].TrimEnd(']').Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray());
}
