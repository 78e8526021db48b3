namespace VideoMae.Training.Settings;

/// <summary>
/// Logit distillation of a smaller student from a frozen, fine-tuned teacher (SPEC §6). The paper does not publish
/// the loss; this library's form is loss = α · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − α) · CE(student,
/// label), with the defaults T = 1 and α = 1: pure function matching on the teacher's probabilities, as in Beyer et al.
/// ("a good teacher is patient and consistent"), the work the maintainers point to.
/// </summary>
public sealed record DistillSettings
{
    /// <summary>The student's fine-tuning settings (model, init, data, optimizer, run); its label smoothing applies to the label term.</summary>
    public FinetuneSettings Student { get; init; } = new();

    /// <summary>The teacher's model preset.</summary>
    public string TeacherModel { get; init; } = "research-b";

    /// <summary>The teacher's fine-tuned classifier checkpoint (its head must have the student's classes).</summary>
    public string Teacher { get; init; } = "";

    /// <summary>Softmax temperature T of both distributions.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Weight α of the distillation term; 1 − α goes to the label cross-entropy.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public DistillSettings Validate()
    {
        Student.Validate();
        _ = Config.Presets.Get(TeacherModel);
        if (string.IsNullOrWhiteSpace(Teacher))
            throw new ArgumentException("teacher is empty; expected the fine-tuned teacher checkpoint (--teacher FILE).");
        if (!(Temperature > 0))
            throw new ArgumentException($"temperature = {Temperature}; expected a positive value.");
        Require.InRange(Alpha, 0, 1, "alpha", maxInclusive: true);
        return this;
    }
}
