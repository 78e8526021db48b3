using System.CommandLine;
using VideoMae.Accounting;
using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Cli.Commands;

/// <summary>
/// <c>videomae flops | params | masks</c>: the exact quantities of the paper (SPEC §3.1) computed by the library's
/// pure accounting functions, as text or <c>--json</c>.
/// </summary>
internal static class AccountingCommands
{
    private const double Giga = 1e9;

    public static Command Flops()
    {
        var json = CommonOptions.Json();
        var model = CommonOptions.Model();
        var masking = new CommonOptions.Masking();
        var table = new Option<bool>("--table") { Description = "Print paper Tables 1–2's configurations (ViT-B and ViT-g under every decoder masking) instead of one." };
        var command = new Command("flops", "Multiply-accumulates (the paper's 'FLOPs') of one pre-training forward pass for one clip, per component.") { model, json, table };
        masking.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            if (parse.GetValue(table))
            {
                PaperTable(parse.GetValue(json));
                return 0;
            }
            var name = parse.GetValue(model)!;
            var config = Presets.Get(name);
            var dual = masking.Read(parse).Validate(config.Encoder.Grid);
            var counts = MaskCounts.Of(dual.Sample(config.Encoder.Grid, new Random(0)));
            var report = MacCounter.PretrainForward(config, counts);
            var isJson = parse.GetValue(json);
            var facts = Describe(name, dual).Concat(
            [
                Fact("total_gmacs", report.MatmulMacs / Giga),
                Fact("total_gmacs_with_layernorm", report.TotalWithLayerNorm / Giga),
                Fact("layernorm_gmacs", report.LayerNormMacs / Giga),
                Fact("activation_mb_per_clip", ActivationMemory.PretrainBytesPerClip(config, counts) / 1e6),
            ]);
            if (isJson)
            {
                var components = report.Components.Select(c => new Dictionary<string, object>
                {
                    ["component"] = c.Component,
                    ["tokens"] = c.Tokens,
                    ["linear_gmacs"] = c.LinearMacs / Giga,
                    ["attention_gmacs"] = c.AttentionMacs / Giga,
                    ["layernorm_gmacs"] = c.LayerNormMacs / Giga,
                }).ToList();
                Output.Write(true, facts.Append(Fact("components", components)));
                return 0;
            }
            Output.Write(false, facts);
            Console.WriteLine();
            Output.Table(["component", "tokens", "linear GMACs", "attention GMACs", "LayerNorm GMACs"],
                report.Components.Select(c => (IReadOnlyList<object>)[c.Component, c.Tokens, c.LinearMacs / Giga, c.AttentionMacs / Giga, c.LayerNormMacs / Giga]));
            return 0;
        }));
        return command;
    }

    public static Command Params()
    {
        var json = CommonOptions.Json();
        var model = CommonOptions.Model();
        var all = new Option<bool>("--all") { Description = "Every preset, as a table." };
        var classes = new Option<int>("--classes") { Description = "Classes of the fine-tuning head for classifier_params (K400: 400).", DefaultValueFactory = _ => 400 };
        var command = new Command("params", "Parameter counts of the encoder, the pre-training decoder and the fine-tuning classifier.") { model, classes, json, all };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var numClasses = parse.GetValue(classes);
            var names = parse.GetValue(all) ? Presets.ByName.Keys.ToList() : [parse.GetValue(model)!];
            var rows = names.Select(n => Counts(n, Presets.Get(n), numClasses)).ToList();
            if (parse.GetValue(json))
                Output.Write(true, rows.Count == 1 ? rows[0] : [Fact("models", rows.Select(r => r.ToDictionary(p => p.Key, p => p.Value)).ToList())]);
            else if (rows.Count == 1)
                Output.Write(false, rows[0]);
            else
                Output.Table(["model", "encoder (M)", "decoder (M)", $"classifier, {numClasses} classes (M)"],
                    rows.Select(r => (IReadOnlyList<object>)[r[0].Value, (long)r[1].Value / 1e6, (long)r[2].Value / 1e6, (long)r[3].Value / 1e6]));
            return 0;
        }));
        return command;
    }

    public static Command Masks()
    {
        var json = CommonOptions.Json();
        var model = CommonOptions.Model();
        var masking = new CommonOptions.Masking();
        var seed = new Option<int>("--seed") { Description = "Seed of the sampled masks (tube + running cell counts do not depend on it).", DefaultValueFactory = _ => 0 };
        var command = new Command("masks", "Token counts of dual masking for one clip: visible, decoded, reconstructed and loss tokens.") { model, seed, json };
        masking.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var name = parse.GetValue(model)!;
            var config = Presets.Get(name);
            var dual = masking.Read(parse).Validate(config.Encoder.Grid);
            var counts = MaskCounts.Of(dual.Sample(config.Encoder.Grid, new Random(parse.GetValue(seed))));
            Output.Write(parse.GetValue(json), Describe(name, dual).Concat(
            [
                Fact("grid", config.Encoder.Grid.ToString()),
                Fact("tokens", counts.Tokens),
                Fact("encoder_visible", counts.EncoderVisible),
                Fact("reconstructed", counts.Reconstructed),
                Fact("decoder_tokens", counts.DecoderTokens),
                Fact("loss_tokens", counts.LossTokens),
            ]));
            return 0;
        }));
        return command;
    }

    private static void PaperTable(bool json)
    {
        (string Model, DualMasking Masking)[] rows =
        [
            ("vit-b", DualMasking.V1),
            ("vit-b", DualMasking.V2 with { Decoder = DecoderMasking.Frame }),
            ("vit-b", DualMasking.V2 with { Decoder = DecoderMasking.Random }),
            ("vit-b", DualMasking.V2 with { DecoderRatio = 0.25 }),
            ("vit-b", DualMasking.V2),
            ("vit-b", DualMasking.V2 with { DecoderRatio = 0.75 }),
            ("vit-g", DualMasking.V1),
            ("vit-g", DualMasking.V2),
        ];
        var results = rows.Select(r =>
        {
            var config = Presets.Get(r.Model);
            var counts = MaskCounts.Of(r.Masking.Sample(config.Encoder.Grid, new Random(0)));
            var report = MacCounter.PretrainForward(config, counts);
            return (r.Model, r.Masking, counts, report, Memory: ActivationMemory.PretrainBytesPerClip(config, counts));
        }).ToList();
        if (json)
        {
            Output.Write(true, [Fact("rows", results.Select(r => Describe(r.Model, r.Masking).Concat(
            [
                Fact("decoder_tokens", r.counts.DecoderTokens),
                Fact("total_gmacs", r.report.MatmulMacs / Giga),
                Fact("total_gmacs_with_layernorm", r.report.TotalWithLayerNorm / Giga),
                Fact("activation_mb_per_clip", r.Memory / 1e6),
            ]).ToDictionary(p => p.Key, p => p.Value)).ToList())]);
            return;
        }
        Output.Table(["model", "decoder masking", "decoder tokens", "GMACs", "GMACs + LayerNorm", "est. activations (MB/clip)"],
            results.Select(r => (IReadOnlyList<object>)[r.Model, Label(r.Masking), r.counts.DecoderTokens,
                Math.Round(r.report.MatmulMacs / Giga, 2), Math.Round(r.report.TotalWithLayerNorm / Giga, 2), Math.Round(r.Memory / 1e6)]));
    }

    private static string Label(DualMasking m) =>
        m.Decoder == DecoderMasking.None ? "none" : $"{MaskNames.Name(m.Decoder)} {m.DecoderRatio * 100:0}%";

    private static List<KeyValuePair<string, object>> Counts(string name, PretrainConfig config, int classes) =>
    [
        Fact("model", name),
        Fact("encoder_params", ParameterCounter.Encoder(config.Encoder)),
        Fact("decoder_params", ParameterCounter.Decoder(config)),
        Fact("classifier_params", ParameterCounter.Classifier(config.Encoder, classes)),
    ];

    private static IEnumerable<KeyValuePair<string, object>> Describe(string model, DualMasking m) =>
    [
        Fact("model", model),
        Fact("encoder_mask", MaskNames.Name(m.Encoder)),
        Fact("encoder_ratio", m.EncoderRatio),
        Fact("decoder_mask", MaskNames.Name(m.Decoder)),
        Fact("decoder_ratio", m.Decoder == DecoderMasking.None ? 0.0 : m.DecoderRatio),
    ];

    private static KeyValuePair<string, object> Fact(string key, object value) => new(key, value);
}
