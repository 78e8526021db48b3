namespace VideoMae.Notebook

open System
open System.IO
open VideoMae.Training.Runs

/// How a run stands, read from the files the training engine leaves in its folder (docs/reliability.md), with no
/// record of its own: the engine writes model.safetensors whenever a run ends without an error (at the end of its
/// schedule, or stopped early by a signal, a cancelled cell or max_steps), holds run.lock while it runs, and deletes
/// run.lock.owner when it lets go of the lock, which a killed process never does.
[<RequireQualifiedAccess>]
module RunStatus =
    /// Trained to the end of its schedule.
    [<Literal>]
    let Finished = "finished"

    /// Stopped before the end of its schedule, by a signal, a cancelled cell or max_steps (it wrote its final weights;
    /// --resume continues it), or killed (it left run.lock.owner behind; --resume continues from its last checkpoint).
    [<Literal>]
    let Unfinished = "unfinished"

    /// Ended by an error (a non-finite loss, too many videos that failed to decode, an exception in the cell): no
    /// final weights, and it released its lock.
    [<Literal>]
    let Failed = "failed"

    /// Another process, or another thread of this one, holds the run's lock now.
    [<Literal>]
    let Running = "running"

    /// The status of the run in `folder` and why, given the epoch its metrics end at and the epochs it was set to
    /// train (run.epochs in config.json).
    let ofFolder (folder: string) (lastEpoch: float option) (epochs: float option) : string * string =
        let run = RunFolder folder
        let busy =
            try
                RunLock.ThrowIfInUse folder
                None
            with :? RunFolderInUseException as e -> Some e.Owner
        match busy with
        | Some owner -> Running, $"in use by %s{owner}"
        | None when File.Exists run.Model ->
            match lastEpoch, epochs with
            | Some last, Some total when last >= total - 1e-9 -> Finished, $"trained its %g{total} epochs"
            | Some last, Some total -> Unfinished, $"stopped at epoch %.3g{last} of %g{total}; --resume continues it"
            | None, _ -> Unfinished, "stopped before its first step"
            | Some last, None -> Unfinished, $"stopped at epoch %.3g{last}; config.json does not say how many it was set to train"
        | None when File.Exists(Path.Combine(folder, RunLock.OwnerFileName)) ->
            let resume = if File.Exists run.Checkpoint then "--resume continues from its last checkpoint" else "it has no checkpoint to resume"
            Unfinished, $"killed (its process ended holding the run lock); %s{resume}"
        | None -> Failed, "ended by an error, without its final weights (the run's output says which)"
