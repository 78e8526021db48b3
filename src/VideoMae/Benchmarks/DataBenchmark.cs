using System.Diagnostics;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Data.Video;

namespace VideoMae.Benchmarks;

/// <summary>
/// <c>videomae bench data</c>: clips per second of a <see cref="ClipLoader"/> without its cache, and where its workers'
/// time goes. The first batch is not timed: it pays for loading native libraries and compiling code.
/// </summary>
public static class DataBenchmark
{
    /// <summary>One decoder's measurement.</summary>
    /// <param name="Decoder">The decoder that ran (resolved).</param>
    /// <param name="Clips">Clips in the timed batches.</param>
    /// <param name="Seconds">Wall time of the timed batches.</param>
    /// <param name="Time">Worker time of the timed batches, summed over workers.</param>
    /// <param name="Failures">Videos that failed to decode (warm-up included).</param>
    public sealed record Result(VideoBackend Decoder, int Clips, double Seconds, LoaderTime Time, long Failures)
    {
        /// <summary>Clips / wall seconds.</summary>
        public double ClipsPerSecond => Seconds > 0 ? Clips / Seconds : 0;

        /// <summary>Milliseconds of <paramref name="seconds"/> per timed clip.</summary>
        public double PerClipMilliseconds(double seconds) => Clips > 0 ? 1000 * seconds / Clips : 0;

        /// <summary>The fraction of the workers' time that <paramref name="seconds"/> is.</summary>
        public double Share(double seconds) => Time.Total > 0 ? seconds / Time.Total : 0;
    }

    /// <summary>
    /// The dataset of <paramref name="source"/>, its list repeated as often as it takes for one epoch to hold
    /// <paramref name="clips"/> clips: a small benchmark set then runs its batches in one epoch, as training on a large
    /// set does, instead of starting the loader's pipeline anew every batch or two. Repeated videos get new clips (a
    /// sample's frames and crop depend on its position in the epoch).
    /// </summary>
    public static VideoDataset Covering(VideoSource source, int clips)
    {
        Require.Positive(clips, nameof(clips));
        var once = new VideoDataset([source]);
        var repeats = (clips + once.Items.Count - 1) / Math.Max(1, once.Items.Count);
        return repeats <= 1 ? once : new VideoDataset(Enumerable.Repeat(source, repeats).ToList());
    }

    /// <summary>
    /// Times <paramref name="batches"/> batches after a warm-up batch (see <see cref="Covering"/> for a set too small for one epoch to hold them; it goes on into further epochs if need be).
    /// Every call with the same arguments loads the same clips, so decoders can be compared on equal work.
    /// </summary>
    public static Result Run(VideoDataset dataset, ClipRecipe recipe, LoaderOptions options, int batches)
    {
        Require.Positive(batches, nameof(batches));
        var loader = new ClipLoader(dataset, recipe, options);
        var (clips, timed, epoch) = (0, 0, 0);
        var watch = new Stopwatch();
        var start = default(LoaderTime);
        while (timed < batches)
        {
            foreach (var b in loader.Epoch(epoch++))
            {
                using (b)
                {
                    if (!watch.IsRunning)
                    {
                        watch.Start();
                        start = loader.Timings.Now;
                        continue;
                    }
                    clips += b.Count;
                }
                if (++timed == batches)
                    break;
            }
        }
        watch.Stop();
        return new Result(loader.Decoder, clips, watch.Elapsed.TotalSeconds, loader.Timings.Now - start, loader.Stats.Failures);
    }
}
