using System.CommandLine;
using VideoMae.Data.Datasets;
using VideoMae.Training.Settings;

namespace VideoMae.Cli.Commands;

/// <summary>
/// The options every training command shares: a JSON config, the run folder, and flags that override the config's
/// run and optimizer settings. A flag given on the command line always wins; an absent flag leaves the config's value.
/// </summary>
internal sealed class TrainingOptions
{
    public Option<string?> Config { get; } = new("--config") { Description = "JSON settings file (snake_case keys, as the run folder's config.json); flags override it." };
    public Option<string> Out { get; } = new("--out") { Description = "Run folder: config, metrics.csv, checkpoint, final model.", Required = true };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out from its last checkpoint." };
    public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
    public Option<string> Precision { get; } = Choice("--precision", "auto", [.. SettingNames.Precision.Names], "Compute precision (auto: bfloat16 on CUDA, float32 on CPU)");
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of data order, augmentation, masks and initialisation.", DefaultValueFactory = _ => 0 };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the training list.", DefaultValueFactory = _ => 10 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Decoded videos per micro-batch.", DefaultValueFactory = _ => 8 };
    public Option<int> Repeats { get; } = new("--repeats") { Description = "Clips per decoded video (repeated augmentation)." };
    public Option<int> Accumulation { get; } = new("--accumulation") { Description = "Micro-batches per optimizer step.", DefaultValueFactory = _ => 1 };
    public Option<double> Lr { get; } = new("--lr") { Description = "Base learning rate per 256 videos (peak = lr × videos per step / 256)." };
    public Option<double> MinLr { get; } = new("--min-lr") { Description = "Cosine floor per 256 videos." };
    public Option<double> Warmup { get; } = new("--warmup-epochs") { Description = "Epochs of linear warm-up from 0." };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "AdamW decoupled weight decay." };
    public Option<double> ClipGrad { get; } = new("--clip-grad") { Description = "Maximum global gradient norm (default: no clipping)." };
    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Optimizer steps between checkpoints (0: only at the end).", DefaultValueFactory = _ => 50 };
    public Option<int> MaxSteps { get; } = new("--max-steps") { Description = "Stop after this many optimizer steps (the schedule still spans --epochs)." };
    public Option<int> Workers { get; } = new("--workers") { Description = "Parallel decode workers (0: one per core).", DefaultValueFactory = _ => 0 };
    public Option<int> CacheMb { get; } = new("--cache-mb") { Description = "MiB of decoded videos kept in memory.", DefaultValueFactory = _ => 1024 };
    public Option<string?> FrameTemplate { get; } = CommonOptions.FrameTemplate();
    public Option<int?> StartIndex { get; } = CommonOptions.StartIndex();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Config, Out, Resume, Device, Precision, Seed, Epochs, Batch, Repeats, Accumulation, Lr, MinLr, Warmup, WeightDecay, ClipGrad, CheckpointEvery, MaxSteps, Workers, CacheMb, FrameTemplate, StartIndex })
            command.Options.Add(option);
    }

    /// <summary>The run settings of <paramref name="baseline"/> with every flag that was given applied.</summary>
    public RunSettings Run(ParseResult parse, RunSettings baseline) => baseline with
    {
        Device = Given(parse, Device) ? parse.GetValue(Device)! : baseline.Device,
        Precision = Given(parse, Precision) ? SettingNames.Precision.Parse(parse.GetValue(Precision)!) : baseline.Precision,
        Seed = Given(parse, Seed) ? parse.GetValue(Seed) : baseline.Seed,
        Epochs = Given(parse, Epochs) ? parse.GetValue(Epochs) : baseline.Epochs,
        BatchSize = Given(parse, Batch) ? parse.GetValue(Batch) : baseline.BatchSize,
        RepeatedSamples = Given(parse, Repeats) ? parse.GetValue(Repeats) : baseline.RepeatedSamples,
        Accumulation = Given(parse, Accumulation) ? parse.GetValue(Accumulation) : baseline.Accumulation,
        CheckpointEvery = Given(parse, CheckpointEvery) ? parse.GetValue(CheckpointEvery) : baseline.CheckpointEvery,
        MaxSteps = Given(parse, MaxSteps) ? parse.GetValue(MaxSteps) : baseline.MaxSteps,
        Workers = Given(parse, Workers) ? parse.GetValue(Workers) : baseline.Workers,
        CacheMegabytes = Given(parse, CacheMb) ? parse.GetValue(CacheMb) : baseline.CacheMegabytes,
    };

    /// <summary>The optimizer settings of <paramref name="baseline"/> with every flag that was given applied.</summary>
    public OptimizerSettings Optimizer(ParseResult parse, OptimizerSettings baseline) => baseline with
    {
        BaseLearningRate = Given(parse, Lr) ? parse.GetValue(Lr) : baseline.BaseLearningRate,
        MinLearningRate = Given(parse, MinLr) ? parse.GetValue(MinLr) : baseline.MinLearningRate,
        WarmupEpochs = Given(parse, Warmup) ? parse.GetValue(Warmup) : baseline.WarmupEpochs,
        WeightDecay = Given(parse, WeightDecay) ? parse.GetValue(WeightDecay) : baseline.WeightDecay,
        ClipGrad = Given(parse, ClipGrad) ? parse.GetValue(ClipGrad) : baseline.ClipGrad,
    };

    /// <summary>Whether <paramref name="option"/> was typed on the command line (not filled by its default).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>
    /// The sources of <paramref name="lists"/> when given, else <paramref name="configured"/>, with --frame-template and
    /// --start-index applied to every one when given (a config sets them per source).
    /// </summary>
    public IReadOnlyList<VideoSource> Sources(ParseResult parse, Option<string[]> lists, IReadOnlyList<VideoSource> configured)
    {
        var sources = Given(parse, lists) ? parse.GetValue(lists)!.Select(Source).ToArray() : configured;
        return sources.Select(s => s with
        {
            FrameTemplate = Given(parse, FrameTemplate) ? parse.GetValue(FrameTemplate) : s.FrameTemplate,
            StartIndex = Given(parse, StartIndex) ? parse.GetValue(StartIndex) : s.StartIndex,
        }).ToArray();
    }

    /// <summary>Parses "LIST" or "LIST:STRIDE".</summary>
    public static VideoSource Source(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], out var stride))
            return new VideoSource(text[..colon], stride);
        return new VideoSource(text);
    }

    /// <summary>
    /// The --config file as a JSON object to apply flags to (an empty object without one), and what errors name it by.
    /// A missing or broken file is bad input, as a bad flag is: an <see cref="ArgumentException"/> (exit 2).
    /// </summary>
    public (System.Text.Json.Nodes.JsonObject Json, string Source) ConfigObject(ParseResult parse)
    {
        if (parse.GetValue(Config) is not { } path)
            return ([], "the command line");
        try
        {
            return (Training.TrainingRuns.ReadConfigObject(path), path);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    private static Option<string> Choice(string name, string defaultValue, string[] choices, string what)
    {
        var option = new Option<string>(name) { Description = $"{what}: {string.Join(", ", choices)}.", DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }
}
