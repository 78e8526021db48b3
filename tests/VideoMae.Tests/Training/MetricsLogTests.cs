using VideoMae.Training.Runs;

namespace VideoMae.Tests.Training;

public sealed class MetricsLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-metrics-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_step_reads_back_as_written_and_files_from_before_the_baseline_column_still_read()
    {
        var path = Path.Combine(_folder, "metrics.csv");
        var step = new StepMetrics(1, 0.5, 0.6031, 1e-4, 0.02, 250, 128000, 0.01, 0.064, 900, 0.5987);
        using (var log = new MetricsLog(path, keepThroughStep: 0))
            log.Append(step);
        Assert.Equal(MetricsLog.Header, File.ReadLines(path).First());
        Assert.Equal(step, Assert.Single(MetricsLog.Read(path)));

        File.WriteAllLines(path, ["step,epoch,loss,lr,grad_norm,clips_per_s,tokens_per_s,data_wait_s,step_s,memory_mb", "3,1,2.4,0.001,1.5,60,30000,0,0.2,800"]);
        var old = Assert.Single(MetricsLog.Read(path));
        Assert.Equal((3, 2.4), (old.Step, old.Loss));
        Assert.True(double.IsNaN(old.BaselineLoss));
    }
}
