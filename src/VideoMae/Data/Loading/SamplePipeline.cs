using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using VideoMae.Masking;
using static TorchSharp.torch;

namespace VideoMae.Data.Loading;

/// <summary>
/// The loader's decode workers for one epoch: each takes the next sample of the dispatched batches, in order, so no
/// worker waits for the slowest clip of a batch or for the batch's assembly while later samples are due. A sample's
/// content depends only on (seed, epoch, position), never on which worker made it or when.
/// </summary>
internal sealed class SamplePipeline : IDisposable
{
    private readonly ClipLoader _loader;
    private readonly int[] _order;
    private readonly int _epoch;
    private readonly CancellationTokenSource _stop;
    private readonly BlockingCollection<(int Batch, int Slot, int Position)> _jobs = new();
    private readonly ConcurrentDictionary<int, Pending> _batches = new();
    private readonly Task[] _workers;
    private ExceptionDispatchInfo? _failure;
    private int _dispatched = -1;

    /// <summary>Starts <paramref name="workers"/> workers for <paramref name="epoch"/>; cancelling <paramref name="stop"/> ends them after their current sample.</summary>
    public SamplePipeline(ClipLoader loader, int[] order, int epoch, CancellationTokenSource stop, int workers)
    {
        (_loader, _order, _epoch, _stop) = (loader, order, epoch, stop);
        _workers = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
    }

    /// <summary>
    /// Queues the samples of <paramref name="batch"/> (dataset order positions <paramref name="positions"/>) unless
    /// already queued, with the batch tensor the workers write their clips into.
    /// </summary>
    public void Dispatch(int batch, int[] positions)
    {
        if (batch <= _dispatched)
            return;
        _dispatched = batch;
        _batches[batch] = new Pending(positions.Length, _loader.NewBatchTensor(positions.Length));
        for (var slot = 0; slot < positions.Length; slot++)
            _jobs.Add((batch, slot, positions[slot]));
    }

    /// <summary>
    /// The batch tensor and samples of <paramref name="batch"/> once all are made; the caller owns the tensor. A worker's
    /// error (a <see cref="DataLoadException"/>) is rethrown here as it was thrown.
    /// </summary>
    public Batch Take(int batch)
    {
        if (!_batches.TryGetValue(batch, out var pending))
            throw new InvalidOperationException($"batch {batch} was never dispatched.");
        try
        {
            pending.Done.Wait(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            _failure?.Throw();
            throw;
        }
        _batches.TryRemove(batch, out _);
        pending.Done.Dispose();
        return new Batch(pending.Video, pending.Samples, pending.Timings);
    }

    /// <summary>Lets the workers finish (after their current sample when stopped) and frees what no batch took.</summary>
    public void Dispose()
    {
        _jobs.CompleteAdding();
        try
        {
            Task.WaitAll(_workers);
        }
        catch (AggregateException)
        {
            // A worker's error was recorded and rethrown by Take.
        }
        foreach (var pending in _batches.Values)
        {
            pending.Video.Dispose();
            pending.Done.Dispose();
        }
        _jobs.Dispose();
    }

    private void Work()
    {
        try
        {
            foreach (var (batch, slot, position) in _jobs.GetConsumingEnumerable(_stop.Token))
            {
                var pending = _batches[batch];
                pending.Samples[slot] = _loader.Sample(_order, position, _epoch, pending.Video, slot, pending.Timings, _stop.Token);
                pending.Done.Signal();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            _stop.Cancel();
        }
    }

    /// <summary>
    /// A made batch: its clips, float32 [B·R, 3, T, S, S] on the CPU, per decoded video its clips' masks, label and
    /// dataset position, and the workers' time spent on it.
    /// </summary>
    public sealed record Batch(Tensor Video, (MaskPair? Masks, int Label, int Video)[][] Samples, LoaderTimings Timings);

    private sealed class Pending(int count, Tensor video)
    {
        public Tensor Video { get; } = video;

        public (MaskPair? Masks, int Label, int Video)[][] Samples { get; } = new (MaskPair?, int, int)[count][];

        public CountdownEvent Done { get; } = new(count);

        public LoaderTimings Timings { get; } = new();
    }
}
