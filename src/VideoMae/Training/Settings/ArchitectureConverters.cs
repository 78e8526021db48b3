using System.Text.Json;
using System.Text.Json.Nodes;
using VideoMae.Config;

namespace VideoMae.Training.Settings;

/// <summary>Pre-training: <c>"model"</c> (a preset), <c>"encoder"</c> and <c>"decoder"</c> (fields over it).</summary>
internal sealed class PretrainSettingsConverter : SettingsConverter<PretrainSettings>
{
    protected override IReadOnlyList<string> OwnKeys { get; } = ["model", "encoder", "decoder"];

    protected override PretrainSettings Complete(PretrainSettings plain, JsonObject own)
    {
        var preset = Preset(own["model"], "model") ?? plain.Model;
        var baseline = Presets.Get(preset);
        var config = new PretrainConfig(
            ArchitectureFields.ApplyEncoder(baseline.Encoder, own["encoder"]),
            ArchitectureFields.ApplyDecoder(baseline.Decoder, own["decoder"])).Validate();
        return plain with { Model = preset, ModelConfig = config };
    }

    protected override void WriteOwn(PretrainSettings value, JsonObject into)
    {
        into["model"] = value.Model;
        into["encoder"] = ArchitectureFields.Write(value.ModelConfig.Encoder);
        into["decoder"] = ArchitectureFields.Write(value.ModelConfig.Decoder);
    }

}

/// <summary>Fine-tuning: <c>"model"</c> (a preset) and <c>"encoder"</c> (fields over its encoder).</summary>
internal sealed class FinetuneSettingsConverter : SettingsConverter<FinetuneSettings>
{
    protected override IReadOnlyList<string> OwnKeys { get; } = ["model", "encoder"];

    protected override FinetuneSettings Complete(FinetuneSettings plain, JsonObject own)
    {
        var preset = Preset(own["model"], "model") ?? plain.Model;
        var config = ArchitectureFields.ApplyEncoder(Presets.Get(preset).Encoder, own["encoder"]).Validate();
        return plain with { Model = preset, ModelConfig = config };
    }

    protected override void WriteOwn(FinetuneSettings value, JsonObject into)
    {
        into["model"] = value.Model;
        into["encoder"] = ArchitectureFields.Write(value.ModelConfig);
    }
}

/// <summary>Distillation: <c>"student"</c> (fine-tuning settings), <c>"teacher_model"</c> and <c>"teacher_encoder"</c>.</summary>
internal sealed class DistillSettingsConverter : SettingsConverter<DistillSettings>
{
    protected override IReadOnlyList<string> OwnKeys { get; } = ["student", "teacher_model", "teacher_encoder"];

    protected override DistillSettings Complete(DistillSettings plain, JsonObject own)
    {
        var preset = Preset(own["teacher_model"], "teacher_model") ?? plain.TeacherModel;
        var teacher = ArchitectureFields.ApplyEncoder(Presets.Get(preset).Encoder, own["teacher_encoder"], "teacher_encoder").Validate();
        var student = own["student"] is { } node
            ? node.Deserialize<FinetuneSettings>(SettingsJson.Options) ?? throw new ArgumentException("student is null; expected fine-tuning settings.")
            : plain.Student;
        return plain with { Student = student, TeacherModel = preset, TeacherConfig = teacher };
    }

    protected override void WriteOwn(DistillSettings value, JsonObject into)
    {
        into["student"] = JsonSerializer.SerializeToNode(value.Student, SettingsJson.Options);
        into["teacher_model"] = value.TeacherModel;
        into["teacher_encoder"] = ArchitectureFields.Write(value.TeacherConfig);
    }
}
