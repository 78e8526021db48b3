using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.Training.Regularisation;

/// <summary>The logit-distillation term: T² · KL(softmax(teacher/T) ‖ softmax(student/T)), averaged over the batch.</summary>
public static class Distillation
{
    /// <summary>The scalar loss in float32; the T² factor keeps gradient magnitudes comparable across temperatures (Hinton et al.).</summary>
    public static Tensor Loss(Tensor studentLogits, Tensor teacherLogits, double temperature)
    {
        if (!(temperature > 0))
            throw new ArgumentException($"temperature = {temperature}; expected a positive value.", nameof(temperature));
        using var scope = NewDisposeScope();
        var logStudent = nn.functional.log_softmax(studentLogits.to(ScalarType.Float32).Div(temperature), 1);
        var logTeacher = nn.functional.log_softmax(teacherLogits.to(ScalarType.Float32).detach().Div(temperature), 1);
        var kl = (logTeacher.exp() * (logTeacher - logStudent)).sum(dim: 1).mean();
        return kl.Mul(temperature * temperature).MoveToOuterDisposeScope();
    }
}
