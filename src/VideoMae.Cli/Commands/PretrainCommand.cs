using System.CommandLine;
using VideoMae.Training;
using VideoMae.Training.Settings;

namespace VideoMae.Cli.Commands;

/// <summary><c>videomae pretrain</c>: masked pre-training with dual masking (SPEC §4).</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var training = new TrainingOptions();
        var model = CommonOptions.Model("research-s");
        var masking = new CommonOptions.Masking();
        var data = new Option<string[]>("--data") { Description = "List file(s) of training videos, LIST or LIST:STRIDE (repeat to mix sources).", AllowMultipleArgumentsPerToken = true };
        var loss = new Option<string>("--loss") { Description = "Loss tokens: encoder-hidden (V2) or all-reconstructed.", DefaultValueFactory = _ => "encoder-hidden" };
        loss.AcceptOnlyFromAmong("encoder-hidden", "all-reconstructed");
        var rawTarget = new Option<bool>("--raw-target") { Description = "Reconstruct raw pixels instead of per-tubelet normalised ones." };
        var dropPath = new Option<double>("--drop-path") { Description = "Encoder stochastic depth (0 in the reference)." };
        var command = new Command("pretrain", "Pre-train a VideoMAE autoencoder with encoder and decoder masking; writes a resumable run folder.")
            { model, data, loss, rawTarget, dropPath };
        masking.AddTo(command);
        training.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var config = parse.GetValue(training.Config) is { } path ? TrainingRuns.ReadConfig<PretrainSettings>(path) : new PretrainSettings();
            bool Given(Option o) => TrainingOptions.Given(parse, o);
            var settings = config with
            {
                Model = Given(model) || parse.GetValue(training.Config) is null ? parse.GetValue(model)! : config.Model,
                Data = Given(data) ? parse.GetValue(data)!.Select(TrainingOptions.Source).ToArray() : config.Data,
                EncoderMask = Given(masking.Encoder) ? parse.GetValue(masking.Encoder)! : config.EncoderMask,
                EncoderRatio = Given(masking.EncoderRatio) ? parse.GetValue(masking.EncoderRatio) : config.EncoderRatio,
                DecoderMask = Given(masking.Decoder) ? parse.GetValue(masking.Decoder)! : config.DecoderMask,
                DecoderRatio = Given(masking.DecoderRatio) ? parse.GetValue(masking.DecoderRatio) : config.DecoderRatio,
                Loss = Given(loss) ? parse.GetValue(loss)! : config.Loss,
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
