using VideoMae.Data.Sampling;
using System.CommandLine;
using System.Diagnostics;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Evaluation;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Cli.Commands;

/// <summary>
/// <c>videomae classify</c> (the test-time protocol on one video with a released or converted checkpoint) and
/// <c>videomae convert</c> (any checkpoint → safetensors under the official names).
/// </summary>
internal static class CheckpointCommands
{
    public static Command Classify()
    {
        var video = new Argument<string>("VIDEO") { Description = "The video to classify (any format ffmpeg decodes)." };
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "A .pth or .safetensors checkpoint with a classification head (official, Hugging Face or MMAction2 names).", Required = true };
        var labels = new Option<string?>("--labels") { Description = $"Class names: {string.Join(", ", LabelMap.BuiltIn)} or a file of one name per line; a K710 head reports on k400/k600/k700 through the official label maps." };
        var views = new Option<string?>("--views") { Description = "FRAMESxCLIPSxCROPS test views (SPEC §5.4); default the checkpoint's frames x5x3 (16x5x3). Other frames than trained interpolate the position table." };
        var sampling = new Option<string>("--sampling") { Description = "dense (Kinetics) or segments (SSv2).", DefaultValueFactory = _ => "dense" };
        sampling.AcceptOnlyFromAmong("dense", "segments");
        var stride = new Option<int>("--stride") { Description = "Frame stride of dense views.", DefaultValueFactory = _ => 4 };
        var shortSide = new Option<int?>("--short-side") { Description = "Shorter side after resizing; default the model's input size." };
        var inputSize = new Option<int?>("--input-size") { Description = "Run the model at this input size (default: the size it was trained at); the position table is interpolated." };
        var top = new Option<int>("--top") { Description = "How many classes to print.", DefaultValueFactory = _ => 5 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, or auto (cuda when available).", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var json = CommonOptions.Json();
        var hints = new HintOptions();
        var command = new Command("classify", "Classify a video with a checkpoint: the multi-view test protocol, top classes with probabilities.")
            { video, checkpoint, labels, views, sampling, stride, shortSide, inputSize, top, device, json };
        hints.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var watch = Stopwatch.StartNew();
            var topCount = parse.GetValue(top);
            if (topCount < 1)
                throw new ArgumentException($"--top = {topCount}; expected a positive number of classes.");
            var labelMap = parse.GetValue(labels) is { } name ? LabelMap.Resolve(name) : null;
            var template = ViewSpec.Kinetics with
            {
                Sampling = parse.GetValue(sampling) == "segments" ? TemporalSampling.Segments : TemporalSampling.Dense,
                Stride = parse.GetValue(stride),
            };
            var given = parse.GetValue(views) is { } text ? ViewSpec.Parse(text, template).Validate() : null;
            var hinted = hints.Read(parse);
            // The views' frame count and --input-size are what the model runs at; other than trained, the table is interpolated.
            hinted = hinted with { InputFrames = given?.Frames, InputSize = parse.GetValue(inputSize) };
            var target = ResolveDevice(parse.GetValue(device)!);
            var path = parse.GetValue(checkpoint)!;
            using var loaded = CheckpointLoader.LoadClassifier(path, hinted, labelMap is null ? null : labelMap.HeadRows, target);
            var spec = (given ?? template with { Frames = loaded.Model.Config.Frames }) with
            {
                ShortSide = parse.GetValue(shortSide) ?? loaded.Model.Config.ImageSize,
            };
            using var scope = NewDisposeScope();
            var probabilities = MultiViewInference.Predict(loaded.Model, parse.GetValue(video)!, spec, target);
            // Finite weights can still overflow float32 on some input; a NaN ranking is no result (issue 24).
            if (!isfinite(probabilities).all().item<bool>())
                throw new InvalidDataException($"{path}: the class probabilities for {parse.GetValue(video)} are not finite (NaN or infinite): the model overflows float32 on this video, so there is no ranking to print.");
            var (values, indices) = probabilities.topk(Math.Min(topCount, (int)probabilities.shape[0]));
            var ranked = values.data<float>().ToArray().Zip(indices.data<long>().ToArray(),
                (p, i) => (Index: (int)i, Name: labelMap?.Names[(int)i] ?? $"class {i}", Probability: (double)p)).ToList();
            var facts = new List<KeyValuePair<string, object>>
            {
                new("checkpoint", path),
                new("naming", loaded.Report.Naming.ToString()),
                new("architecture", loaded.Architecture.Describe()),
                new("views", spec.ToString()),
                new("labels", labelMap?.Name ?? "(class indices)"),
                new("device", target.type.ToString().ToLowerInvariant()),
                new("seconds", Math.Round(watch.Elapsed.TotalSeconds, 1)),
            };
            if (parse.GetValue(json))
            {
                facts.Add(new("notes", loaded.Report.Notes.ToList()));
                facts.Add(new("top", ranked.Select((r, k) => new Dictionary<string, object>
                {
                    ["rank"] = k + 1, ["index"] = r.Index, ["class"] = r.Name, ["probability"] = r.Probability,
                }).ToList()));
                Output.Write(true, facts);
                return 0;
            }
            facts.AddRange(loaded.Report.Notes.Select(n => new KeyValuePair<string, object>("note", n)));
            Output.Write(false, facts);
            Console.WriteLine();
            Output.Table(["rank", "class", "probability"], ranked.Select((r, k) => (IReadOnlyList<object>)[k + 1, r.Name, r.Probability.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)]));
            return 0;
        }));
        return command;
    }

    public static Command Convert()
    {
        var source = new Argument<string>("CHECKPOINT") { Description = "A .pth or .safetensors checkpoint (official, Hugging Face or MMAction2 names)." };
        var output = new Option<string>("--out", "-o") { Description = "The safetensors file to write.", Required = true };
        var hints = new HintOptions();
        var command = new Command("convert", "Convert a checkpoint to safetensors under the official names, with its architecture in the metadata, for fast loading.")
            { source, output };
        hints.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var watch = Stopwatch.StartNew();
            var (architecture, naming, notes) = CheckpointExport.ToSafetensors(parse.GetValue(source)!, parse.GetValue(output)!, hints.Read(parse));
            var facts = new List<KeyValuePair<string, object>>
            {
                new("written", Path.GetFullPath(parse.GetValue(output)!)),
                new("naming", naming.ToString()),
                new("architecture", architecture.Describe()),
                new("seconds", Math.Round(watch.Elapsed.TotalSeconds, 1)),
            };
            facts.AddRange(notes.Select(n => new KeyValuePair<string, object>("note", n)));
            Output.Write(false, facts);
            return 0;
        }));
        return command;
    }

    private static Device ResolveDevice(string name) => name switch
    {
        "cuda" when !TorchRuntime.CudaAvailable => throw new ArgumentException("--device cuda: no CUDA device is usable here (see `videomae info`); expected cpu or auto."),
        "cuda" => CUDA,
        "cpu" => CPU,
        _ => TorchRuntime.CudaAvailable ? CUDA : CPU,
    };

    /// <summary>The options that supply what a checkpoint's shapes cannot tell.</summary>
    private sealed class HintOptions
    {
        private readonly Option<string?> _model = new("--model", "-m") { Description = $"A preset the checkpoint is an instance of ({string.Join(", ", Presets.ByName.Keys)}); gives heads, frames and size." };
        private readonly Option<int?> _heads = new("--heads") { Description = "Encoder attention heads (default: the preset's, the paper model's of that width, else width / 64)." };
        private readonly Option<int?> _frames = new("--frames") { Description = "Frames per clip the checkpoint was trained with (default 16, or the preset's)." };
        private readonly Option<int?> _size = new("--size") { Description = "Input size in pixels the checkpoint was trained with (default 224, or the preset's)." };

        public HintOptions() => _model.AcceptOnlyFromAmong([.. Presets.ByName.Keys]);

        public void AddTo(Command command)
        {
            command.Options.Add(_model);
            command.Options.Add(_heads);
            command.Options.Add(_frames);
            command.Options.Add(_size);
        }

        public ArchitectureHints Read(ParseResult parse) => new()
        {
            Preset = parse.GetValue(_model),
            Heads = parse.GetValue(_heads),
            Frames = parse.GetValue(_frames),
            Size = parse.GetValue(_size),
        };
    }
}
