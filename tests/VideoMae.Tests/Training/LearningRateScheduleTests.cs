using VideoMae.Training.Optimization;

namespace VideoMae.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void Warm_up_rises_linearly_from_zero_and_reaches_the_peak_on_its_last_step()
    {
        var schedule = new LearningRateSchedule(Peak: 1.0, Floor: 0.1, WarmupSteps: 5, TotalSteps: 15).Validate();
        // numpy.linspace(0, 1, 5) = 0, .25, .5, .75, 1
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], Enumerable.Range(0, 5).Select(schedule.At).ToArray());
    }

    [Fact]
    public void After_warm_up_the_cosine_falls_from_the_peak_towards_the_floor()
    {
        var schedule = new LearningRateSchedule(Peak: 1.0, Floor: 0.1, WarmupSteps: 5, TotalSteps: 15);
        // i = step − 5 over 10 cosine steps: lr = 0.1 + 0.45·(1 + cos(π·i/10))
        Assert.Equal(1.0, schedule.At(5), 12);
        Assert.Equal(0.55, schedule.At(10), 12);
        Assert.Equal(0.1 + 0.45 * (1 + Math.Cos(0.9 * Math.PI)), schedule.At(14), 12);
        Assert.True(schedule.At(14) > 0.1);
    }

    [Fact]
    public void The_batch_rule_gives_the_reference_scripts_peak_learning_rates()
    {
        // SPEC §4.1: V1, 64 GPUs × 32 videos at base 1.5e-4 → 1.2e-3; V2 ViT-g, 64 × 32 at 6e-4 → 4.8e-3.
        Assert.Equal(1.2e-3, LearningRateSchedule.ScaleByBatch(1.5e-4, 64 * 32), 15);
        Assert.Equal(4.8e-3, LearningRateSchedule.ScaleByBatch(6e-4, 64 * 32), 15);
    }

    [Theory]
    [InlineData(1.0, 2.0, 5, 15, "minimum learning rate")]
    [InlineData(1.0, 0.1, 15, 15, "warm-up of 15 steps")]
    [InlineData(-1.0, 0.0, 1, 15, "peak learning rate")]
    public void Unusable_schedules_are_refused_with_the_value_named(double peak, double floor, int warmup, int total, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new LearningRateSchedule(peak, floor, warmup, total).Validate());
        Assert.Contains(expected, e.Message);
    }
}
