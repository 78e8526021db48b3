using System.CommandLine;
using System.Diagnostics;
using VideoMae.Data.Synthetic;

namespace VideoMae.Cli.Commands;

/// <summary><c>videomae synth</c>: writes an embedded synthetic dataset as real mp4 files and list files.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "motion, motion-alt, appearance, appearance-hard or hybrid.", DefaultValueFactory = _ => "motion" };
        kind.AcceptOnlyFromAmong([.. Enum.GetValues<SyntheticKind>().Select(SyntheticDataset.Name)]);
        var videos = new Option<int>("--videos") { Description = "Number of videos.", DefaultValueFactory = _ => 200 };
        var frames = new Option<int>("--frames") { Description = "Frames per video (8–128).", DefaultValueFactory = _ => 32 };
        var size = new Option<int>("--size") { Description = "Width and height in pixels (even, 32–256).", DefaultValueFactory = _ => 64 };
        var fps = new Option<double>("--fps") { Description = "Frame rate.", DefaultValueFactory = _ => 12 };
        var seed = new Option<int>("--seed") { Description = "Seed of the set.", DefaultValueFactory = _ => 0 };
        var background = new Option<string>("--background") { Description = "striped (panning stripes) or plain (one still colour: easier for small models).", DefaultValueFactory = _ => "striped" };
        background.AcceptOnlyFromAmong([.. Enum.GetValues<SyntheticBackground>().Select(SyntheticDataset.BackgroundName)]);
        var val = new Option<double>("--val-fraction") { Description = "Fraction of labelled videos in val.txt.", DefaultValueFactory = _ => 0.2 };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var command = new Command("synth", "Write a synthetic dataset (H.264 mp4 + list files); existing valid videos are kept.")
            { kind, videos, frames, size, fps, seed, background, val, output };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var watch = Stopwatch.StartNew();
            var total = parse.GetValue(videos);
            var step = Math.Max(1, total / 10);
            var report = SyntheticDataset.Write(parse.GetValue(output)!, SyntheticDataset.Parse(parse.GetValue(kind)!), total,
                new SynthSettings(parse.GetValue(frames), parse.GetValue(size), parse.GetValue(fps), parse.GetValue(seed),
                    Enum.Parse<SyntheticBackground>(parse.GetValue(background)!, ignoreCase: true)), parse.GetValue(val),
                (done, all) => { if (done % step == 0 || done == all) Console.Error.WriteLine($"synth: {done}/{all} videos"); });
            Output.Write(false,
            [
                new("folder", Path.GetFullPath(report.Folder)),
                new("written", report.Written),
                new("skipped", report.Skipped),
                new("classes", report.Classes.Count == 0 ? "(unlabeled)" : string.Join(", ", report.Classes)),
                new("seconds", Math.Round(watch.Elapsed.TotalSeconds, 1)),
            ]);
            return 0;
        }));
        return command;
    }
}
