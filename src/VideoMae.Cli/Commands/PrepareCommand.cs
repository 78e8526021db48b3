using System.CommandLine;
using System.Diagnostics;
using VideoMae.Data.Frames;
using VideoMae.Data.Preparation;

namespace VideoMae.Cli.Commands;

/// <summary>
/// <c>videomae prepare</c>: videos (a folder or a list) → JPEG frame folders (or short-keyframe videos) and list files in
/// the reference's formats.
/// Progress and each failure go to stderr; the summary to stdout; exit 1 when any video failed.
/// </summary>
internal static class PrepareCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A folder of videos (searched recursively) or a list file of videos (path label, or path 0 -1)." };
        var output = new Option<string>("--out") { Description = "Output folder: frames/…, the list files, prepare.json.", Required = true };
        var shortSide = new Option<int>("--short-side") { Description = "Shorter side of the frames in pixels (0: keep each video's size).", DefaultValueFactory = _ => 0 };
        var quality = new Option<int>("--quality") { Description = "JPEG quality, 1–100.", DefaultValueFactory = _ => JpegCodec.DefaultQuality };
        var workers = new Option<int>("--workers") { Description = "Videos converted at a time (0: one per core).", DefaultValueFactory = _ => 0 };
        var template = new Option<string>("--frame-template") { Description = "File name of frame n, numbered from 1 (Python format).", DefaultValueFactory = _ => FrameNameTemplate.DefaultText };
        var format = new Option<string>("--format") { Description = $"frames (JPEG folders) or video (H.264 with a keyframe every {ShortKeyframeVideo.KeyframeInterval} frames).", DefaultValueFactory = _ => "frames" };
        format.AcceptOnlyFromAmong("frames", "video");
        var json = CommonOptions.Json();
        var command = new Command("prepare",
            "Turn videos into JPEG frame folders or short-keyframe videos (resumable: complete ones are kept) with pre-training and, for a labelled list, fine-tuning list files.")
            { input, output, format, shortSide, quality, workers, template, json };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var watch = Stopwatch.StartNew();
            var settings = new PrepareSettings(parse.GetValue(shortSide), parse.GetValue(quality), parse.GetValue(workers), parse.GetValue(template)!,
                parse.GetValue(format) == "video" ? PrepareFormat.Video : PrepareFormat.Frames);
            var report = DataPreparation.Prepare(parse.GetValue(input)!, parse.GetValue(output)!, settings, p =>
            {
                if (p.Failure is { } failure)
                    Console.Error.WriteLine($"prepare: failed {p.Video}: {failure}");
                if (p.Done == p.Total || p.Done % Math.Max(1, p.Total / 20) == 0)
                    Console.Error.WriteLine($"prepare: {p.Done}/{p.Total} videos ({watch.Elapsed.TotalSeconds:0}s)");
            });
            var seconds = watch.Elapsed.TotalSeconds;
            Output.Write(parse.GetValue(json),
            [
                new("folder", report.Folder),
                new("written", report.Written),
                new("skipped", report.Skipped),
                new("failed", report.Failures.Count),
                new("frames_written", report.Frames),
                new("frames_per_second", seconds > 0 ? Math.Round(report.Frames / seconds, 1) : 0),
                new("lists", string.Join(", ", report.Lists)),
                new("seconds", Math.Round(seconds, 1)),
            ]);
            return report.Failures.Count == 0 ? 0 : 1;
        }));
        return command;
    }
}
