using System.Text.Json.Serialization;
using VideoMae.Config;

namespace VideoMae.Training.Settings;

/// <summary>
/// Logit distillation of a smaller student from a frozen, fine-tuned teacher (SPEC §6). The paper does not publish
/// the loss; this library's form is loss = α · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − α) · CE(student,
/// label), with the defaults T = 1 and α = 1: pure function matching on the teacher's probabilities, as in Beyer et al.
/// ("a good teacher is patient and consistent"), the work the maintainers point to. Serialised with both backbones
/// resolved: <c>"student"</c> (its own <c>"model"</c> and <c>"encoder"</c>), <c>"teacher_model"</c> and every field of
/// <c>"teacher_encoder"</c>.
/// </summary>
public sealed record DistillSettings
{
    private readonly string _teacherModel = "research-b";
    private readonly VitConfig _teacherConfig = Presets.ResearchB.Encoder;

    /// <summary>The student's fine-tuning settings (model, init, data, optimizer, run); its label smoothing applies to the label term.</summary>
    [JsonIgnore]
    public FinetuneSettings Student { get; init; } = new();

    /// <summary>
    /// The preset the teacher's backbone starts from. Setting it resets <see cref="TeacherConfig"/> to the preset's
    /// encoder; set <see cref="TeacherConfig"/> after it to change fields.
    /// </summary>
    /// <exception cref="ArgumentException">No preset has the name.</exception>
    [JsonIgnore]
    public string TeacherModel
    {
        get => _teacherModel;
        init => (_teacherConfig, _teacherModel) = (Presets.Get(value).Encoder, value);
    }

    /// <summary>The teacher's resolved backbone: the <see cref="TeacherModel"/> preset's encoder with the fields a config overrides.</summary>
    [JsonIgnore]
    public VitConfig TeacherConfig
    {
        get => _teacherConfig;
        init => _teacherConfig = value ?? throw new ArgumentNullException(nameof(value));
    }

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
        TeacherConfig.Validate();
        if (string.IsNullOrWhiteSpace(Teacher))
            throw new ArgumentException("teacher is empty; expected the fine-tuned teacher checkpoint (--teacher FILE).");
        if (!(Temperature > 0))
            throw new ArgumentException($"temperature = {Temperature}; expected a positive value.");
        Require.InRange(Alpha, 0, 1, "alpha", maxInclusive: true);
        return this;
    }
}
