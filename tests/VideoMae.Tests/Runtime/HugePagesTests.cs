using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Tests.Runtime;

public sealed class HugePagesTests
{
    public HugePagesTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Advice_on_a_large_tensor_is_taken_on_linux_and_leaves_its_values()
    {
        using var tensor = arange(0, 4 << 20, dtype: ScalarType.Float32);   // 16 MiB
        Assert.Equal(OperatingSystem.IsLinux(), HugePages.Advise(tensor));
        Assert.Equal((4 << 20) - 1, tensor[-1].item<float>());
        Assert.Equal(12345f, tensor[12345].item<float>());
    }

    [Fact]
    public void A_view_with_gaps_or_a_tensor_smaller_than_a_page_gets_no_advice()
    {
        using var matrix = zeros(1024, 1024);
        using var column = matrix[.., 0];
        Assert.False(HugePages.Advise(column));
        using var tiny = zeros(16);
        Assert.False(HugePages.Advise(tiny));
    }
}
