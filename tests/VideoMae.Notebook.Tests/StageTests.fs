namespace VideoMae.Notebook.Tests

open System
open System.IO
open System.Text.Json
open Xunit
open VideoMae.Data.Datasets
open VideoMae.Data.Synthetic
open VideoMae.Notebook
open VideoMae.Training.Runs
open VideoMae.Training.Settings

/// A notebook run cut short keeps its finished stages: Stage decides from a stage's record whether to reuse, resume
/// or retrain it, and Experiment acts on that.
module StageTests =
    let private temporaryFolder () =
        let folder = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())
        Directory.CreateDirectory folder |> ignore
        folder

    [<Fact>]
    let ``an identity changes with the settings and with the content of an input file, and names a missing one`` () =
        let folder = temporaryFolder ()
        try
            let weights = Path.Combine(folder, "model.safetensors")
            File.WriteAllText(weights, "first weights")
            let first = Stage.identity """{"epochs": 1}""" [ weights; null ]
            Assert.Equal(first, Stage.identity """{"epochs": 1}""" [ weights ])
            Assert.NotEqual(first, Stage.identity """{"epochs": 2}""" [ weights ])
            File.WriteAllText(weights, "retrained weights")
            Assert.NotEqual(first, Stage.identity """{"epochs": 1}""" [ weights ])
            let missing = Path.Combine(folder, "absent.json")
            let error = Assert.Throws<ArgumentException>(fun () -> Stage.identity "{}" [ missing ] |> ignore)
            Assert.Contains(missing, error.Message)
        finally
            Directory.Delete(folder, true)

    // The identity's library part is the assembly's MVID; the SDK would put the git commit into the assembly's
    // informational version, changing that MVID on every commit, even one that touches only notebooks or docs.
    [<Fact>]
    let ``the library in an identity does not carry the git commit`` () =
        let assembly = typeof<VideoMae.Training.TrainingRuns>.Assembly
        let version = assembly.GetCustomAttributes(typeof<System.Reflection.AssemblyInformationalVersionAttribute>, false)
                      |> Seq.cast<System.Reflection.AssemblyInformationalVersionAttribute> |> Seq.exactlyOne
        Assert.DoesNotContain("+", version.InformationalVersion)
        Assert.Equal(string assembly.ManifestModule.ModuleVersionId, (Stage.identity "{}" []).Library)

    [<Fact>]
    let ``a stage is absent until started, unfinished with a checkpoint, done once finished, and absent for another identity`` () =
        let folder = temporaryFolder ()
        try
            let identity = Stage.identity "{}" []
            Assert.Equal(Stage.Absent, Stage.state folder identity)
            File.WriteAllText(Path.Combine(folder, "left-over.txt"), "from an earlier recipe")
            Stage.start folder identity
            Assert.False(File.Exists(Path.Combine(folder, "left-over.txt")))
            Assert.Equal(Stage.Absent, Stage.state folder identity)
            File.WriteAllText(RunFolder(folder).Checkpoint, "state at step 200")
            Assert.Equal(Stage.Unfinished, Stage.state folder identity)
            let finished: Stage.Finished = { Steps = 400; LastLoss = 0.125; Seconds = 61.5 }
            Stage.finish folder finished
            Assert.Equal(Stage.Done finished, Stage.state folder identity)
            Assert.Equal(Stage.Absent, Stage.state folder (Stage.identity """{"epochs": 2}""" []))
        finally
            Directory.Delete(folder, true)

    // The lock a CLI run takes: another process (util-linux flock) or thread cannot take the folder while a stage
    // holds it, not even after start emptied it, and the trainer inside takes it again.
    [<Fact>]
    let ``a stage holds its folder's run lock, and start empties the folder but keeps the lock`` () =
        let folder = temporaryFolder ()
        let lockFile = Path.Combine(folder, RunLock.FileName)
        let takenElsewhere () =
            use probe = Diagnostics.Process.Start("flock", [| "-n"; "-x"; lockFile; "true" |])
            probe.WaitForExit()
            probe.ExitCode = 0
        let fromAnotherThread () =
            let mutable thrown = null
            let thread = Threading.Thread(fun () -> try RunLock.Acquire(folder).Dispose() with e -> thrown <- e)
            thread.Start()
            thread.Join()
            thrown
        try
            File.WriteAllText(Path.Combine(folder, "left-over.txt"), "from an earlier recipe")
            Stage.locked folder (fun () ->
                Stage.start folder (Stage.identity "{}" [])
                Assert.Equal<string list>(
                    [ RunLock.FileName; RunLock.OwnerFileName; "stage.json" ],
                    Directory.GetFiles folder |> Seq.map Path.GetFileName |> Seq.sort |> List.ofSeq)
                Assert.False(takenElsewhere ())
                Assert.IsType<RunFolderInUseException>(fromAnotherThread ()) |> ignore
                (RunLock.Acquire folder).Dispose())   // the trainer's own hold, inside
            Assert.True(takenElsewhere ())
            Assert.Null(fromAnotherThread ())
        finally
            Directory.Delete(folder, true)

    [<Fact>]
    let ``the time an interrupted stage spent is the sum of its steps' seconds`` () =
        let folder = temporaryFolder ()
        try
            File.WriteAllLines(
                RunFolder(folder).Metrics,
                [ MetricsLog.Header
                  "1,0.5,0.7,0,0.7,22.4,11498.3,1.1,1.5,664.0,0.2"
                  "2,1,0.6,0.01,0.6,22.4,11498.3,0.1,2.25,664.0,0.2" ])
            Assert.Equal(3.75, Stage.spentSeconds folder, 10)
            Assert.Equal(0.0, Stage.spentSeconds (Path.Combine(folder, "never-started")))
        finally
            Directory.Delete(folder, true)

    [<Fact>]
    let ``Experiment reuses a finished stage, resumes an unfinished one and retrains after its input changed`` () =
        let notebook = "stage-tests-" + Path.GetRandomFileName()
        let runs = Path.Combine(Results.root (), "runs", notebook)
        try
            Libtorch.load ()
            let motion = Experiment.synthetic "smoke" SyntheticKind.Motion
            let stride = (Recipe.data "smoke").Stride
            let pretraining = Recipe.pretrainV2 "smoke" Recipe.model [ VideoSource(motion.Train, stride) ]
            let weights, seconds = Experiment.pretrain notebook "pretrain" pretraining
            let pretrainMetrics = Path.Combine(runs, "pretrain", "metrics.csv")
            let written = File.GetLastWriteTimeUtc pretrainMetrics

            let reusedWeights, reusedSeconds = Experiment.pretrain notebook "pretrain" pretraining
            Assert.Equal(weights, reusedWeights)
            Assert.Equal(seconds, reusedSeconds)
            Assert.Equal(written, File.GetLastWriteTimeUtc pretrainMetrics)

            let tuning = Recipe.finetune "smoke" Recipe.model { Recipe.stage motion.Train motion.Val with Init = Some weights }
            let tuned = Experiment.finetune notebook "finetune" tuning
            // Killed after its last checkpoint but before it was recorded finished: it resumes, and evaluates the same.
            File.Delete(Path.Combine(runs, "finetune", "stage-finished.json"))
            let stepsBefore = Stage.spentSeconds (Path.Combine(runs, "finetune"))
            Assert.True(stepsBefore > 0.0)
            let checkpoint = RunFolder(Path.Combine(runs, "finetune")).Checkpoint
            let checkpointAt = File.GetLastWriteTimeUtc checkpoint
            let resumed = Experiment.finetune notebook "finetune" tuning
            Assert.Equal(checkpointAt, File.GetLastWriteTimeUtc checkpoint)   // resumed from it, not trained from scratch
            Assert.Equal(tuned.Top1, resumed.Top1)
            Assert.Equal(tuned.Top5, resumed.Top5)
            Assert.True(resumed.Seconds > stepsBefore, $"a resumed stage counts its steps before: {resumed.Seconds} s <= {stepsBefore} s")
            Assert.Equal(resumed, Experiment.finetune notebook "finetune" tuning)

            // The pre-training retrained with another decoder ratio into the same folder: the fine-tuning that started
            // from its old weights is trained again.
            let finetuneMetrics = Path.Combine(runs, "finetune", "metrics.csv")
            let tunedAt = File.GetLastWriteTimeUtc finetuneMetrics
            let other = Recipe.pretrain "smoke" Recipe.model [ VideoSource(motion.Train, stride) ] VideoMae.Masking.DecoderMasking.RunningCell 0.25 VideoMae.Targets.LossTokens.EncoderHiddenOnly
            Assert.Equal(weights, fst (Experiment.pretrain notebook "pretrain" other))
            Assert.True(File.GetLastWriteTimeUtc pretrainMetrics > written, "the pre-training with new settings was not trained again")
            Experiment.finetune notebook "finetune" tuning |> ignore
            Assert.True(File.GetLastWriteTimeUtc finetuneMetrics > tunedAt, "the fine-tuning from changed weights was not trained again")
        finally
            if Directory.Exists runs then Directory.Delete(runs, true)

    [<Fact>]
    let ``pretrainThenFinetuneEach pre-trains once and fine-tunes those weights for every job`` () =
        let notebook = "stage-tests-" + Path.GetRandomFileName()
        let runs = Path.Combine(Results.root (), "runs", notebook)
        try
            Libtorch.load ()
            let motion = Experiment.synthetic "smoke" SyntheticKind.Motion
            let appearance = Experiment.synthetic "smoke" SyntheticKind.Appearance
            let hybrid = Experiment.synthetic "smoke" SyntheticKind.Hybrid
            let pretraining =
                Recipe.pretrainV2 "smoke" Recipe.model [ VideoSource(hybrid.Unlabeled, (Recipe.data "smoke").Stride) ]
            let on (set: Experiment.Synthetic) weights = Recipe.finetune "smoke" Recipe.model { Recipe.stage set.Train set.Val with Init = Some weights }
            let rows = Experiment.pretrainThenFinetuneEach notebook "xs" pretraining [ "motion", on motion; "appearance", on appearance ]

            Assert.Equal<string list>([ "motion"; "appearance" ], List.map fst rows)
            Assert.Equal<string list>(
                [ "xs-appearance"; "xs-motion"; "xs-pretrain" ],
                Directory.GetDirectories runs |> Seq.map Path.GetFileName |> Seq.sort |> List.ofSeq)
            let recorded name = JsonSerializer.Deserialize<Stage.Identity>(File.ReadAllText(Path.Combine(runs, name, "stage.json")))
            let finished name = JsonSerializer.Deserialize<Stage.Finished>(File.ReadAllText(Path.Combine(runs, name, "stage-finished.json")))
            let weights = Path.GetFullPath(Path.Combine(runs, "xs-pretrain", "model.safetensors"))
            for job, row in rows do
                // Each fine-tuning read the one pre-training's weights and its own set's lists.
                let inputs = (recorded $"xs-%s{job}").Inputs |> Array.map (fun i -> i.Path)
                Assert.Contains(weights, inputs)
                let set = if job = "motion" then motion else appearance
                Assert.Contains(Path.GetFullPath set.Val, inputs)
                Assert.Equal((finished "xs-pretrain").Seconds + (finished $"xs-%s{job}").Seconds, row.Seconds, 6)
                Assert.True(row.PretrainGFlops > 0.0, $"{job}: the row carries no pre-training FLOPs")
            // The profile's compute counts the shared pre-training once, though both rows carry its seconds.
            let spent = Experiment.compute notebook
            let stages = [ "xs-pretrain"; "xs-motion"; "xs-appearance" ]
            Assert.Equal(3, spent.Stages)
            Assert.Equal(stages |> List.sumBy (fun name -> (finished name).Seconds), spent.Seconds, 6)
            Assert.Equal<string list>([ (snd rows.Head).Machine ], spent.Machines)
            Assert.StartsWith("The 3 stages of this profile took ", Experiment.computeNote notebook)
            Assert.Equal(0, (Experiment.compute (notebook + "-other")).Stages)
        finally
            if Directory.Exists runs then Directory.Delete(runs, true)

    [<Fact>]
    let ``a record keys on repository-relative paths, without the library build`` () =
        let root = Results.root ()
        let list = Path.Combine(root, "data", "synth", "motion", "train.txt")
        let identity: Stage.Identity =
            { Settings = $"{{\"train\": \"%s{list}\"}}"; Library = "build-a"; Inputs = [| { Path = list; Sha256 = "ab" } |] }
        let key = StageStore.keyOf identity
        Assert.Equal("{\"train\": \"data/synth/motion/train.txt\"}", key.Settings)
        Assert.Equal("data/synth/motion/train.txt", key.Inputs.[0].Path)
        Assert.Equal(key, StageStore.keyOf { identity with Library = "build-b" })

    [<Fact>]
    let ``at full a finished stage is committed, read back with runs emptied, and retrained when its weights are needed`` () =
        let notebook = "stage-tests-" + Path.GetRandomFileName()
        let place = notebook + "/full"
        let runs = Path.Combine(Results.root (), "runs", notebook)
        let store = Results.file notebook
        try
            Libtorch.load ()
            let motion = Experiment.synthetic "smoke" SyntheticKind.Motion
            let pretraining = Recipe.pretrainV2 "smoke" Recipe.model [ VideoSource(motion.Train, (Recipe.data "smoke").Stride) ]
            let tuning seed weights =
                (Recipe.finetune "smoke" Recipe.model { Recipe.stage motion.Train motion.Val with Init = Some weights }).WithSeed seed
            let trained = Experiment.pretrainThenFinetune place "xs" pretraining (tuning 0)
            let stored name file = Path.Combine(store, "stages", name, file)
            for name in [ "xs-pretrain"; "xs" ] do
                Assert.True(File.Exists(stored name "record.json"), $"{name} was not committed")
            Assert.True(File.Exists(stored "xs" "predictions.csv"))
            Assert.False(File.Exists(stored "xs-pretrain" "model.safetensors"), "a record keeps no weights")
            Assert.DoesNotContain(Results.root (), File.ReadAllText(stored "xs" "predictions.csv"))
            Assert.True(Double.IsFinite trained.PretrainLossOverFloor)
            let trainedPredictions = Predictions.read trained.Predictions

            // A fresh checkout: runs/ is empty, and nothing is trained again.
            Directory.Delete(runs, true)
            let again = Experiment.pretrainThenFinetune place "xs" pretraining (tuning 0)
            Assert.False(File.Exists(Path.Combine(runs, "full", "xs", "metrics.csv")), "the fine-tuning was trained again")
            Assert.False(File.Exists(Path.Combine(runs, "full", "xs-pretrain", "metrics.csv")), "the pre-training was trained again")
            Assert.Equal((trained.Top1, trained.Seconds, trained.PretrainLossOverFloor), (again.Top1, again.Seconds, again.PretrainLossOverFloor))
            Assert.Equal(stored "xs" "predictions.csv", again.Predictions)
            Assert.Equal<Map<string, bool>>(trainedPredictions, Predictions.read again.Predictions)

            // A new fine-tuning from the read-back pre-training needs its weights: the pre-training is trained here
            // first, to the same weights (training is deterministic), which the new stage's identity names.
            let pre = Experiment.pretrained place "xs-pretrain" pretraining
            Assert.False(File.Exists pre.Model)
            Experiment.finetune place "xs-seed1" (tuning 1 pre.Model) |> ignore
            Assert.True(File.Exists pre.Model, "the pre-training was not trained again for its weights")
            let record = JsonSerializer.Deserialize<StageStore.Record>(File.ReadAllText(stored "xs-pretrain" "record.json"))
            Assert.Equal(record.ModelSha256, Stage.hash pre.Model)
            let inputs = JsonSerializer.Deserialize<Stage.Identity>(File.ReadAllText(Path.Combine(runs, "full", "xs-seed1", "stage.json"))).Inputs
            Assert.Contains({ Stage.Input.Path = Path.GetFullPath pre.Model; Stage.Input.Sha256 = record.ModelSha256 }, inputs)
        finally
            if Directory.Exists runs then Directory.Delete(runs, true)
            if Directory.Exists store then Directory.Delete(store, true)
