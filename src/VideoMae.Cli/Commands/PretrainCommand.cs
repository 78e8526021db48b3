using System.CommandLine;
using VideoMae.Masking;
using VideoMae.Training;
using VideoMae.Training.Settings;

namespace VideoMae.Cli.Commands;

/// <summary><c>videomae pretrain</c>: masked pre-training with dual masking (SPEC §4).</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var training = new TrainingOptions();
        var architecture = new ArchitectureOptions(withDecoder: true);
        var masking = new CommonOptions.Masking();
        var data = new Option<string[]>("--data") { Description = "List file(s) of training videos or frame folders, LIST or LIST:STRIDE (repeat to mix sources).", AllowMultipleArgumentsPerToken = true };
        var loss = new Option<string>("--loss") { Description = "Loss tokens: encoder-hidden (V2) or all-reconstructed.", DefaultValueFactory = _ => "encoder-hidden" };
        loss.AcceptOnlyFromAmong([.. SettingNames.Loss.Names]);
        var rawTarget = new Option<bool>("--raw-target") { Description = "Reconstruct raw pixels instead of per-tubelet normalised ones." };
        var dropPath = new Option<double>("--drop-path") { Description = "Encoder stochastic depth (0 in the reference)." };
        var command = new Command("pretrain", "Pre-train a VideoMAE autoencoder with encoder and decoder masking; writes a resumable run folder.")
            { data, loss, rawTarget, dropPath };
        architecture.AddTo(command);
        masking.AddTo(command);
        training.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var (json, source) = training.ConfigObject(parse);
            architecture.Apply(parse, json);
            var config = SettingsJson.Read<PretrainSettings>(json, source);
            bool Given(Option o) => TrainingOptions.Given(parse, o);
            var settings = config with
            {
                Data = training.Sources(parse, data, config.Data),
                EncoderMask = Given(masking.Encoder) ? MaskNames.ParseEncoder(parse.GetValue(masking.Encoder)!) : config.EncoderMask,
                EncoderRatio = Given(masking.EncoderRatio) ? parse.GetValue(masking.EncoderRatio) : config.EncoderRatio,
                DecoderMask = Given(masking.Decoder) ? MaskNames.ParseDecoder(parse.GetValue(masking.Decoder)!) : config.DecoderMask,
                DecoderRatio = Given(masking.DecoderRatio) ? parse.GetValue(masking.DecoderRatio) : config.DecoderRatio,
                LossTokens = Given(loss) ? SettingNames.Loss.Parse(parse.GetValue(loss)!) : config.LossTokens,
                NormalizeTarget = Given(rawTarget) ? !parse.GetValue(rawTarget) : config.NormalizeTarget,
                DropPath = Given(dropPath) ? parse.GetValue(dropPath) : config.DropPath,
                Optimizer = training.Optimizer(parse, config.Optimizer),
                Run = training.Run(parse, config.Run),
            };
            var result = TrainingConsole.Run("pretrain", (onStep, log, token) =>
                TrainingRuns.Pretrain(settings, parse.GetValue(training.Out)!, parse.GetValue(training.Resume), onStep, log, token));
            TrainingReport.Print(result);
            return 0;
        }));
        return command;
    }
}
