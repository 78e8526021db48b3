namespace VideoMae.Notebook

open System
open System.Collections.Concurrent
open System.IO
open System.Security.Cryptography
open System.Text.Json
open VideoMae.Training.Runs

/// What makes a training stage of an experiment notebook worth keeping between runs of the notebook: a `full` run
/// takes hours on a CPU, and a notebook interrupted in its fifth stage should not train the first four again. A stage
/// records in its run folder what it was trained from; a later run reuses it when that is unchanged, resumes it from
/// its last checkpoint when it had not finished, and trains it afresh otherwise.
[<RequireQualifiedAccess>]
module Stage =
    /// Everything a stage's model depends on: its settings (the JSON of the run's config.json), the build of the
    /// training library (a change to the code trains again), and the SHA-256 of every file it reads (the weights it
    /// starts from, label maps, the data lists), so a stage after a re-trained one is trained again too.
    type Identity = { Settings: string; Library: string; Inputs: Input[] }

    /// A file a stage reads, by full path, and its content's SHA-256.
    and Input = { Path: string; Sha256: string }

    /// A finished stage: its optimizer steps, the last step's loss and the seconds it took, summed over the runs that
    /// trained it (an interrupted stage counts the time before the interruption).
    type Finished = { Steps: int; LastLoss: float; Seconds: float }

    /// What a run folder holds for an identity.
    type State =
        /// Nothing of this identity: train from scratch (the folder is emptied first).
        | Absent
        /// Started with this identity and stopped before the end: resume from its checkpoint.
        | Unfinished
        /// Trained to the end with this identity.
        | Done of Finished

    let private recordFile folder = Path.Combine(folder, "stage.json")
    let private finishedFile folder = Path.Combine(folder, "stage-finished.json")

    /// The SHA-256 of a file's content, lower-case hex.
    let hash (path: string) =
        use stream = File.OpenRead path
        Convert.ToHexString(SHA256.HashData stream).ToLowerInvariant()

    // Files known by content without being on disk: the weights of a stage read back from the committed record
    // (StageStore), which keeps a stage's results but not its weights.
    let private known = ConcurrentDictionary<string, string>()

    /// Records that the file at `path` will hold content of this SHA-256 once its stage is trained here, so a stage
    /// that reads it has an identity before it exists.
    let know (path: string) (sha256: string) = known[Path.GetFullPath path] <- sha256

    /// Whether `path` is on disk or known by content (`know`).
    let isKnown (path: string) = File.Exists path || known.ContainsKey(Path.GetFullPath path)

    /// The identity of a stage with these settings that reads these files (missing ones that are not known by
    /// content, `know`, are an error that names them).
    let identity (settings: string) (inputs: string seq) =
        let hashed =
            [| for path in inputs |> Seq.filter (String.IsNullOrEmpty >> not) |> Seq.distinct ->
                let full = Path.GetFullPath path
                match File.Exists full, known.TryGetValue full with
                | true, _ -> { Path = full; Sha256 = hash full }
                | false, (true, recorded) -> { Path = full; Sha256 = recorded }
                | false, _ -> invalidArg "inputs" $"%s{path}: the stage reads this file, but it does not exist." |]
        // The compiled library, not the git commit (Directory.Build.props keeps the commit out of the assembly).
        let library = typeof<VideoMae.Training.TrainingRuns>.Assembly.ManifestModule.ModuleVersionId
        { Settings = settings; Library = string library; Inputs = hashed }

    // Written next to the file and moved over it, so an interrupted write never leaves a half record.
    let internal writeAtomically (path: string) (text: string) =
        let temporary = path + ".tmp"
        File.WriteAllText(temporary, text)
        File.Move(temporary, path, true)

    let internal read<'T> (path: string) =
        if File.Exists path then
            try Some(JsonSerializer.Deserialize<'T>(File.ReadAllText path)) with :? JsonException -> None
        else None

    /// The state of `folder` for `identity`.
    let state (folder: string) (identity: Identity) =
        match read<Identity> (recordFile folder) with
        | Some recorded when recorded = identity ->
            match read<Finished> (finishedFile folder) with
            | Some finished -> Done finished
            | None when File.Exists(RunFolder(folder).Checkpoint) -> Unfinished
            | None -> Absent
        | _ -> Absent

    /// Runs `work` holding `folder`'s run lock (RunLock, the one a CLI run takes too), so a second notebook or a
    /// `videomae` command cannot write the stage's folder meanwhile; the trainer inside takes the same lock again.
    let locked (folder: string) (work: unit -> 'T) =
        use _held = RunLock.Acquire folder
        work ()

    /// Empties `folder` (but its lock: deleting the folder would let a second writer lock a new lock file) and records
    /// that a stage of `identity` starts in it.
    let start (folder: string) (identity: Identity) =
        use held = RunLock.Acquire folder
        held.Empty()
        writeAtomically (recordFile folder) (JsonSerializer.Serialize identity)

    /// Records that the stage in `folder` ran to its end.
    let finish (folder: string) (finished: Finished) =
        writeAtomically (finishedFile folder) (JsonSerializer.Serialize finished)

    /// The steps in `folder`'s metrics.csv (none without one; a line cut off by a kill is left out: MetricsLog.Read).
    let internal steps (folder: string) =
        let metrics = RunFolder(folder).Metrics
        if File.Exists metrics then List.ofSeq (MetricsLog.Read metrics) else []

    /// The seconds of the steps in `folder`'s metrics.csv (its step_s column): the time an interrupted stage had spent
    /// before a resume.
    let spentSeconds folder = steps folder |> List.sumBy (fun step -> step.StepSeconds)

    /// The loss of the last step in `folder`'s metrics.csv (NaN before the first): a resumed stage that had already
    /// taken its last step reports it.
    let lastLoss folder = steps folder |> List.tryLast |> Option.map (fun step -> step.Loss) |> Option.defaultValue nan
