using System.Collections.Concurrent;
using System.Diagnostics;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Frames;
using VideoMae.Data.Video;
using VideoMae.Masking;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Data.Loading;

/// <summary>Too many videos failed to decode for the run to be trusted.</summary>
public sealed class DataLoadException(string message) : Exception(message);

/// <summary>Decode failures of a loader, per epoch and in total.</summary>
public sealed class LoaderStats
{
    private const int NamedInReport = 5;
    private long _attempts;
    private long _failures;
    private long _reportedAttempts;
    private long _reportedFailures;
    private readonly ConcurrentDictionary<string, string> _sinceReport = new();

    /// <summary>Videos the loader tried to decode.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Videos that failed and were replaced by another.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Each failed video (its path, or a frame folder's <see cref="DatasetItem.Name"/>) with its first reason.</summary>
    public ConcurrentDictionary<string, string> FailedPaths { get; } = new();

    /// <summary>
    /// One line on the failures since the last call (an epoch's, when called at each epoch's end): how many of the
    /// videos tried failed, and which, with their reasons; null when none failed.
    /// </summary>
    public string? FailureReport()
    {
        var (attempts, failures) = (Attempts, Failures);
        var (tried, failed) = (attempts - _reportedAttempts, failures - _reportedFailures);
        (_reportedAttempts, _reportedFailures) = (attempts, failures);
        var names = _sinceReport.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        _sinceReport.Clear();
        if (failed == 0)
            return null;
        var named = string.Join("; ", names.Take(NamedInReport).Select(p => $"{p.Key}: {p.Value}"));
        var more = names.Length > NamedInReport ? $"; and {names.Length - NamedInReport} more" : "";
        return $"data: {failed} of {tried} videos tried failed to decode and were replaced ({names.Length} distinct): {named}{more}";
    }

    internal void Attempt() => Interlocked.Increment(ref _attempts);

    internal bool Fail(string name, string reason)
    {
        Interlocked.Increment(ref _failures);
        _sinceReport.TryAdd(name, reason);
        return FailedPaths.TryAdd(name, reason);
    }
}

/// <summary>
/// Yields batches of clips from a <see cref="VideoDataset"/> on a background pipeline: <see cref="LoaderOptions.Workers"/>
/// workers take the next sample of the next two batches in turn (videos in process, or an ffmpeg process each:
/// <see cref="LoaderOptions.Decoder"/>; in-process JPEG decoding for frame folders) and write its clips straight into
/// their slots of the batch tensor, while a producer hands finished batches, up to <see cref="LoaderOptions.Prefetch"/>
/// ahead, to the consumer on the training device. Every sample's frames, crop and masks depend only on
/// (seed, epoch, position), so a run is reproducible whatever the thread timing. A video that cannot be decoded is
/// logged once, replaced by the next one in the epoch's order, and counted; past
/// <see cref="LoaderOptions.MaxFailureFraction"/> the epoch stops with a <see cref="DataLoadException"/>.
/// </summary>
public sealed class ClipLoader
{
    private const int MaxSubstitutes = 16;
    private readonly VideoDataset _dataset;
    private readonly ClipRecipe _recipe;
    private readonly LoaderOptions _options;
    private readonly Device? _device;
    private readonly ConcurrentDictionary<string, VideoInfo> _probes = new();
    private readonly ConcurrentDictionary<string, DecodedClip> _cache = new();
    private long _cachedBytes;

    /// <summary>Decode failures so far.</summary>
    public LoaderStats Stats { get; } = new();

    /// <summary>Where the workers' time has gone so far.</summary>
    public LoaderTimings Timings { get; } = new();

    /// <summary>The video decoder this loader runs (<see cref="LoaderOptions.Decoder"/>, resolved).</summary>
    public VideoBackend Decoder { get; }

    /// <summary>A loader over <paramref name="dataset"/>; batches land on <paramref name="device"/> (CPU when null).</summary>
    public ClipLoader(VideoDataset dataset, ClipRecipe recipe, LoaderOptions options, Device? device = null)
    {
        _dataset = dataset;
        _recipe = recipe.Validate();
        _options = options.Validate();
        _device = device;
        Decoder = VideoBackends.Resolve(_options.Decoder, _options.Log ?? Console.Error.WriteLine);
        if (Decoder == VideoBackend.FfmpegProcess && dataset.Items.Any(i => i.Frames is null))
            _ = Ffmpeg.FfmpegExecutable;
    }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => _options.BatchesPerEpoch(_dataset.Items.Count);

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, in a reproducible order, from batch <paramref name="firstBatch"/> on
    /// (a resumed run skips what it already trained on without decoding it). Dispose each batch after use.
    /// </summary>
    public IEnumerable<ClipBatch> Epoch(int epoch, CancellationToken cancellation = default, int firstBatch = 0)
    {
        if (firstBatch < 0 || firstBatch > BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(firstBatch), firstBatch, $"expected a batch index in [0, {BatchesPerEpoch}].");
        var order = Order(epoch);
        using var queue = new BlockingCollection<ClipBatch>(_options.Prefetch);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(() =>
        {
            try
            {
                using var samples = new SamplePipeline(this, order, epoch, stop, _options.WorkerCount);
                for (var b = firstBatch; b < BatchesPerEpoch && !stop.IsCancellationRequested; b++)
                {
                    // Batches up to BatchesInFlight ahead are decoding while this one is assembled and waits in the queue.
                    for (var ahead = b; ahead < Math.Min(BatchesPerEpoch, b + BatchesInFlight); ahead++)
                        samples.Dispatch(ahead, Positions(order, ahead));
                    var batch = Assemble(samples.Take(b));
                    try
                    {
                        queue.Add(batch, stop.Token);
                    }
                    catch
                    {
                        // Left by the consumer while this batch waited for room: nobody else will dispose it.
                        batch.Dispose();
                        throw;
                    }
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, stop.Token);
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancellation))
            {
                // Counted when handed over, not when made: the workers run batches ahead of the consumer.
                Timings.Add(batch.Time);
                yield return batch;
            }
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) when (stop.IsCancellationRequested) { }
            while (queue.TryTake(out var left))
                left.Dispose();
        }
    }

    /// <summary>
    /// Batches whose clips may be decoding at once: two, so the workers go on with the next batch while the slowest clip
    /// of this one finishes and while it is assembled (clips of a Kinetics-like video cost 61 to 310 decoded frames).
    /// </summary>
    private const int BatchesInFlight = 2;

    private int[] Positions(int[] order, int batch) =>
        Enumerable.Range(batch * _options.BatchSize, Math.Min(_options.BatchSize, order.Length - batch * _options.BatchSize)).ToArray();

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, _dataset.Items.Count).ToArray();
        if (_options.Shuffle)
            new Random(Seeds.Mix(_options.Seed, epoch)).Shuffle(order);
        return order;
    }

    private ClipBatch Assemble(SamplePipeline.Batch taken)
    {
        var video = taken.Video;
        try
        {
            CheckFailures();
            var assembling = Stopwatch.GetTimestamp();
            var clips = taken.Samples.SelectMany(s => s).ToArray();
            using var scope = NewDisposeScope();
            var labels = tensor(clips.Select(c => (long)c.Label).ToArray());
            var split = _recipe.Masking is null ? null : TokenSplit.FromMasks(clips.Select(c => c.Masks!).ToArray(), _recipe.LossTokens, _device);
            var moved = _device is null ? video : video.to(_device);
            if (!ReferenceEquals(moved, video))
                video.Dispose();
            video = null;
            var batch = new ClipBatch(moved.DetachFromDisposeScope(), split?.DetachFromDisposeScope(), Move(labels), clips.Select(c => c.Video).ToArray());
            taken.Timings.AddAssemble(Stopwatch.GetTimestamp() - assembling);
            return batch with { Time = taken.Timings.Now };
        }
        finally
        {
            video?.Dispose();
        }
    }

    private Tensor Move(Tensor t) => (_device is null ? t : t.to(_device)).DetachFromDisposeScope();

    /// <summary>The CPU tensor a batch of <paramref name="videos"/> decoded videos is written into by the workers (huge pages where Linux gives them: <see cref="HugePages"/>).</summary>
    internal Tensor NewBatchTensor(int videos)
    {
        var video = empty([videos * _recipe.RepeatedSamples, 3, _recipe.Frames, _recipe.Size, _recipe.Size], ScalarType.Float32);
        HugePages.Advise(video);
        return video;
    }

    /// <summary>
    /// The sample at <paramref name="position"/> of the epoch's order (or the first decodable substitute after it), its
    /// <see cref="ClipRecipe.RepeatedSamples"/> clips written into slots <c>slot·R</c> to <c>slot·R + R − 1</c> of <paramref name="video"/>.
    /// </summary>
    internal (MaskPair? Masks, int Label, int Video)[] Sample(int[] order, int position, int epoch, Tensor video, int slot, LoaderTimings timings, CancellationToken stop)
    {
        string? lastError = null;
        for (var attempt = 0; attempt < MaxSubstitutes; attempt++)
        {
            var videoIndex = order[(position + attempt) % order.Length];
            var item = _dataset.Items[videoIndex];
            var rng = new Random(Seeds.Mix(_options.Seed, epoch, position, attempt));
            Stats.Attempt();
            try
            {
                var started = Stopwatch.GetTimestamp();
                var (frameCount, decode) = item.Frames is { } folder
                    ? (folder.FrameCount, frames => FrameFolderReader.Read(folder, frames))
                    : Source(item.Path);
                var clip = decode(_recipe.FrameIndices(frameCount, item.Stride, rng));
                var decoded = Stopwatch.GetTimestamp();
                timings.AddDecode(decoded - started);
                var samples = Enumerable.Range(0, _recipe.RepeatedSamples).Select(r =>
                {
                    using var target = video[slot * _recipe.RepeatedSamples + r];
                    return (_recipe.Make(clip, rng, target), item.Label, videoIndex);
                }).ToArray();
                timings.AddAugment(Stopwatch.GetTimestamp() - decoded);
                return samples;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A stopping run's decoders die with it (Ctrl+C reaches the whole process group): not the video's fault.
                stop.ThrowIfCancellationRequested();
                lastError = $"{item.Name}: {e.Message}";
                if (Stats.Fail(item.Name, e.Message))
                    (_options.Log ?? Console.Error.WriteLine)($"data: skipping {item.Name}: {e.Message}");
            }
        }
        throw new DataLoadException($"{MaxSubstitutes} videos in a row failed to decode; the last: {lastError}");
    }

    /// <summary>
    /// The frame count of a video and how to decode chosen frames of it: from the in-memory cache when the whole video
    /// fits the budget (decoded once, then sliced), otherwise with a seeking decode per clip. Both give the same frames.
    /// </summary>
    private (int FrameCount, Func<IReadOnlyList<int>, DecodedClip> Decode) Source(string path)
    {
        if (_cache.TryGetValue(path, out var cached))
            return (cached.Frames.Length, frames => Slice(cached, frames));
        var info = _probes.GetOrAdd(path, p => VideoProbe.Probe(p, Decoder));
        var bytes = (long)info.FrameCount * info.Width * info.Height * 3;
        if (Interlocked.Add(ref _cachedBytes, bytes) <= _options.CacheBytes)
        {
            DecodedClip all;
            try
            {
                all = VideoDecoder.Decode(path, Enumerable.Range(0, info.FrameCount).ToArray(), info, Decoder);
            }
            catch
            {
                Interlocked.Add(ref _cachedBytes, -bytes);
                throw;
            }
            _cache[path] = all;
            return (all.Frames.Length, frames => Slice(all, frames));
        }
        Interlocked.Add(ref _cachedBytes, -bytes);
        return (info.FrameCount, frames => VideoDecoder.Decode(path, frames, info, Decoder));
    }

    private static DecodedClip Slice(DecodedClip all, IReadOnlyList<int> frames) =>
        new(frames.Select(i => all.Frames[Math.Min(i, all.Frames.Length - 1)]).ToArray(), all.Width, all.Height);

    private void CheckFailures()
    {
        var (failures, attempts) = (Stats.Failures, Stats.Attempts);
        if (failures > 0 && failures > _options.MaxFailureFraction * attempts && attempts >= 10)
            throw new DataLoadException(
                $"{failures} of {attempts} videos failed to decode, more than the allowed {_options.MaxFailureFraction:P0}; " +
                $"e.g. {Stats.FailedPaths.First().Key}: {Stats.FailedPaths.First().Value}");
    }
}
