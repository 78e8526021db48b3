using System.Text.Json;
using VideoMae.Data.Augmentation;
using VideoMae.Tests.Fixtures;

namespace VideoMae.Tests.Data.Augmentation;

/// <summary>
/// Every op against what Pillow returns when called as timm's RandAugment calls it (Pillow/pillow-ops.json, written by
/// Pillow/pillow_ops.py): byte for byte, on a noise frame and a ramp, at arguments on both sides of each op's range.
/// </summary>
public class PillowParityTests
{
    [Fact]
    public void Every_op_matches_pillow_byte_for_byte()
    {
        var path = Path.Combine(RepositoryRoot.Folder, "tests", "VideoMae.Tests", "Data", "Augmentation", "Pillow", "pillow-ops.json");
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var frames = root.GetProperty("frames").EnumerateObject().ToDictionary(f => f.Name, f =>
            (Width: f.Value.GetProperty("width").GetInt32(), Height: f.Value.GetProperty("height").GetInt32(), Rgb: f.Value.GetProperty("rgb").GetBytesFromBase64()));
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(64, cases.Count);
        Assert.Equal(RandAugmentOps.All.Order(), cases.Select(c => Enum.Parse<RandAugmentOp>(c.GetProperty("op").GetString()!)).Distinct().Order());
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            var (width, height, rgb) = frames[c.GetProperty("frame").GetString()!];
            var op = Enum.Parse<RandAugmentOp>(c.GetProperty("op").GetString()!);
            var argument = c.GetProperty("argument").GetDouble();
            var expected = c.GetProperty("rgb").GetBytesFromBase64();
            var actual = new RandAugmentStep(op, 0, argument).Apply(rgb, width, height);
            var differing = expected.Zip(actual).Count(p => p.First != p.Second);
            if (differing > 0)
                mismatches.Add($"{op}({argument}) on {c.GetProperty("frame").GetString()}: {differing} of {expected.Length} bytes differ");
        }
        Assert.True(mismatches.Count == 0, $"Pillow {root.GetProperty("pillow").GetString()} disagrees:\n{string.Join("\n", mismatches)}");
    }
}
