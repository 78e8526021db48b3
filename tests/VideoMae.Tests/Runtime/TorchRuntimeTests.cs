using TorchSharp;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Loads_libtorch_and_computes_a_known_forward_pass()
    {
        // A broken native set-up fails here with TorchUnavailableException's one sentence, not a loader trace.
        TorchRuntime.EnsureLoaded();
        Assert.StartsWith("2.10", TorchRuntime.LibtorchVersion);

        using var scope = NewDisposeScope();
        using var linear = nn.Linear(2, 2);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new float[,] { { 1, 2 }, { 3, 4 } }));
            linear.bias!.copy_(tensor(new[] { 0.5f, -1f }));
        }
        // [1, 1]·Wᵀ + b = [1+2+0.5, 3+4-1] = [3.5, 6]; exact GELU(x) = x·Φ(x), Φ(1) = 0.841344746.
        var y = linear.call(tensor(new[] { 1f, 1f })).data<float>().ToArray();
        Assert.Equal(new[] { 3.5f, 6f }, y);
        var gelu = nn.functional.gelu(tensor(new[] { 1.0 })).item<double>();
        Assert.Equal(0.841344746, gelu, 8);
    }
}
