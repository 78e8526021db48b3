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

    [Fact]
    public void A_step_line_cut_off_by_a_kill_is_left_out_on_reading_and_on_resuming()
    {
        var path = Path.Combine(_folder, "metrics.csv");
        // Steps 1 and 2 whole, then the first characters of step 3: "2" would read as step 2 if it were taken whole.
        File.WriteAllText(path, MetricsLog.Header + "\n1,0.5,0.9,0.001,1,10,100,0,0.1,50,0.95\n2,1,0.8,0.001,1,10,100,0,0.1,50,0.95\n3,1.");
        Assert.Equal([1, 2], MetricsLog.Read(path).Select(m => m.Step));
        File.AppendAllText(path, "5");
        Assert.Equal([1, 2], MetricsLog.Read(path).Select(m => m.Step));

        File.WriteAllText(path, MetricsLog.Header + "\n1,0.5,0.9,0.001,1,10,100,0,0.1,50,0.95\n2");
        using (var log = new MetricsLog(path, keepThroughStep: 2))
            log.Append(new StepMetrics(3, 1.5, 0.7, 0.001, 1, 10, 100, 0, 0.1, 50, 0.95));
        Assert.Equal([1, 3], MetricsLog.Read(path).Select(m => m.Step));
    }

    [Fact]
    public void A_whole_line_that_is_not_a_step_is_an_error_that_names_it()
    {
        var path = Path.Combine(_folder, "metrics.csv");
        File.WriteAllText(path, MetricsLog.Header + "\n1,0.5,0.9,0.001,1,10,100,0,0.1,50,0.95\n2,1,oops\n");
        var error = Assert.Throws<InvalidDataException>(() => MetricsLog.Read(path));
        Assert.Contains("step line 2: '2,1,oops'", error.Message);
    }
}
