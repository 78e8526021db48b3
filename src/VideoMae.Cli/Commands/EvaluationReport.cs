using VideoMae.Data.Sampling;
using System.CommandLine;
using VideoMae.Checkpoints;
using VideoMae.Data.Datasets;
using VideoMae.Evaluation;
using VideoMae.Training;
using VideoMae.Training.Runs;

namespace VideoMae.Cli.Commands;

/// <summary><c>videomae eval</c>, and the evaluation lines that finish a fine-tuning or distillation command.</summary>
internal static class EvaluationReport
{
    public static IEnumerable<KeyValuePair<string, object>> AfterTraining(TrainingResult result, VideoMae.Training.Settings.FinetuneSettings settings) =>
        result.Evaluation is { } m
            ? [new("val_top1", Math.Round(m.Top1, 4)), new("val_top5", Math.Round(m.Top5, 4)), new("val_videos", m.Videos), new("views", m.Views), new("eval", result.Folder.Evaluation)]
            : settings.Val is null ? [] : [new("val", "not evaluated (the run stopped early)")];

    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A classifier checkpoint (.safetensors or .pth; official, Hugging Face or MMAction2 names).", Required = true };
        var list = new Option<string>("--list") { Description = "Labelled list file (path label, or frame_folder total_frames label) to evaluate on.", Required = true };
        var stride = new Option<int>("--stride") { Description = "Frame stride of dense views.", DefaultValueFactory = _ => 4 };
        var views = new Option<string>("--views") { Description = "FRAMESxCLIPSxCROPS, e.g. 16x5x3 (Kinetics) or 16x2x3 with --segments (Something-Something).", DefaultValueFactory = _ => "16x5x3" };
        var segments = new Option<bool>("--segments") { Description = "Segment (TSN) views instead of dense ones." };
        var shortSide = new Option<int>("--short-side") { Description = "Shorter side after resizing (default: the model's input size)." };
        var model = new Option<string?>("--model") { Description = "Preset, when the checkpoint's shapes leave the architecture open." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string?>("--out") { Description = "Write eval.json (metrics and confusion matrix) and predictions.csv (each video's label, prediction and averaged softmax) to this folder." };
        var frameTemplate = CommonOptions.FrameTemplate();
        var startIndex = CommonOptions.StartIndex();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Multi-view evaluation of a classifier on a labelled list: top-1, top-5, per-class accuracy and confusion matrix.")
            { checkpoint, list, stride, views, segments, shortSide, model, device, output, frameTemplate, startIndex, json };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var dev = Trainer.DeviceOf(parse.GetValue(device)!);
            var hints = new ArchitectureHints { Preset = parse.GetValue(model) };
            using var loaded = CheckpointLoader.LoadClassifier(parse.GetValue(checkpoint)!, hints, device: dev);
            var config = loaded.Architecture.Encoder;
            var spec = ViewSpec.Parse(parse.GetValue(views)!, new ViewSpec(Sampling: parse.GetValue(segments) ? TemporalSampling.Segments : TemporalSampling.Dense,
                ShortSide: TrainingOptions.Given(parse, shortSide) ? parse.GetValue(shortSide) : config.ImageSize));
            var set = VideoDataset.FromList(new VideoSource(parse.GetValue(list)!, parse.GetValue(stride))
                { FrameTemplate = parse.GetValue(frameTemplate), StartIndex = parse.GetValue(startIndex) });
            var every = Math.Max(1, set.Items.Count / 10);
            var result = ClassificationEvaluation.EvaluateVideos(loaded.Model, set, spec, dev,
                (done, total) => { if (done % every == 0 || done == total) Console.Error.WriteLine($"eval: {done}/{total} videos"); });
            if (parse.GetValue(output) is { } folder)
                EvaluationFiles.Write(new RunFolder(folder), result);
            var metrics = result.Metrics;
            var perClass = metrics.PerClassAccuracy;
            Output.Write(parse.GetValue(json),
            [
                new("checkpoint", parse.GetValue(checkpoint)!),
                new("architecture", loaded.Architecture.Describe()),
                new("videos", metrics.Videos),
                new("views", metrics.Views),
                new("top1", Math.Round(metrics.Top1, 4)),
                new("top5", Math.Round(metrics.Top5, 4)),
                new("per_class_top1", string.Join(" ", perClass.Select((a, i) => $"{metrics.Classes?[i] ?? i.ToString()}={(double.IsNaN(a) ? "-" : a.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))}"))),
            ]);
            return 0;
        }));
        return command;
    }
}
