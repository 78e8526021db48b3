using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Training;

namespace VideoMae.Tests.Training;

public class ClassifierInitialisationTests
{
    [Fact]
    public void A_checkpoint_of_another_head_count_is_refused_though_every_shape_fits()
    {
        TorchRuntime.EnsureLoaded();
        var two = Presets.ResearchXS.Encoder;           // 64-d, 2 heads
        var four = two with { NumHeads = 4 };            // the same tensor shapes
        using var trained = new VideoClassifier(four, classes: 3);
        var path = Path.Combine(Path.GetTempPath(), $"heads-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (TorchSharp.torch.NewDisposeScope())
                Safetensors.Save(path, trained.state_dict(), ModelMetadata.For(four));
            using var other = new VideoClassifier(two, classes: 3);
            var error = Assert.Throws<ArgumentException>(() => ClassifierInitialisation.Load(other, path));
            Assert.Contains("4 encoder heads but the model here has 2", error.Message);
            using var same = new VideoClassifier(four, classes: 3);
            Assert.Empty(ClassifierInitialisation.Load(same, path).Missing);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
