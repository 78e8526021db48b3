namespace VideoMae.Notebook

open VideoMae.Data.Augmentation
open VideoMae.Data.Datasets
open VideoMae.Data.Synthetic
open VideoMae.Masking
open VideoMae.Targets
open VideoMae.Training.Settings

/// Every training hyper-parameter of the experiment notebooks (02–06), per profile, in one place: a notebook names
/// the stage and what the experiment varies (a masking, an init, a label map), never a learning rate or an epoch
/// count, so a better recipe changes every experiment at once.
[<RequireQualifiedAccess>]
module Recipe =
    /// The synthetic sets a profile renders: videos per set, frames and pixels as written to disk (the loader resizes
    /// to the preset's input), the loader's frame stride (2, as the paper samples Something-Something) and the
    /// background behind the objects.
    type Data = { Videos: int; Frames: int; Size: int; Stride: int; Seed: int; Background: SyntheticBackground }

    /// The preset every experiment trains unless it studies model size.
    let model = "research-xs"

    /// The paper's base learning rates per 256 videos (SPEC §4.1, §5.2), shown beside ours: they are meant for
    /// hundreds of epochs over 10⁵–10⁶ videos, and move a few-hundred-step run nowhere.
    let paperPretrainLr, paperFinetuneLr = 1.5e-4, 1e-3

    /// Our base learning rates per 256 videos (pre-training, fine-tuning), far above the paper's for that reason.
    let pretrainLr, finetuneLr = 4e-2, 3e-2

    let private check (profile: string) =
        match profile with
        | "smoke" | "quick" | "full" -> ()
        | other -> invalidArg "profile" $"profile '%s{other}'; expected smoke, quick or full."

    /// The labelled (and pre-training) set size of a profile.
    let data profile =
        check profile
        let videos = match profile with "smoke" -> 12 | "quick" -> 240 | _ -> 960
        // Plain: on striped backgrounds, fine-tuning at this scale stayed near chance (measured on the lossy sets of
        // generator synthetic-1; README, Training), and the objects' motion is then the only signal in a clip.
        { Videos = videos; Frames = 32; Size = 64; Stride = 2; Seed = 0; Background = SyntheticBackground.Plain }

    /// The environment variable that shows only the first n seeds of a profile (`VIDEOMAE_SEEDS=1`): a `full` run
    /// rendered while its later seeds are still training.
    [<Literal>]
    let SeedsVariable = "VIDEOMAE_SEEDS"

    /// The seeds every row of an experiment notebook is trained with at a profile: three at `full` (each sets the
    /// pre-training's and the fine-tuning's masks, initialisation and order), one at `smoke` and `quick`.
    let profileSeeds profile =
        check profile
        if profile = "full" then [ 0; 1; 2 ] else [ 0 ]

    /// `profileSeeds`, cut to the first n when VIDEOMAE_SEEDS=n is set (an error names a value that is not 1 or more).
    let seeds profile =
        let all = profileSeeds profile
        match System.Environment.GetEnvironmentVariable SeedsVariable with
        | null | "" -> all
        | text ->
            match System.Int32.TryParse text with
            | true, n when n >= 1 -> List.truncate n all
            | _ -> invalidArg SeedsVariable $"%s{SeedsVariable} = '%s{text}': expected a whole number of seeds, 1 or more."

    /// What a table of a profile's results says of its seeds: "3 seeds", or "1 of 3 seeds (interim: the others are
    /// still training)" when VIDEOMAE_SEEDS cut them.
    let seedNote profile =
        let shown, all = (seeds profile).Length, (profileSeeds profile).Length
        if shown < all then $"%d{shown} of %d{all} seeds (interim: the others are still training)"
        elif all = 1 then "1 seed"
        else $"%d{all} seeds"

    /// The unlabeled pre-training set sizes of the data-scaling experiment (each rendered as its own set).
    let dataSizes profile =
        check profile
        match profile with "smoke" -> [ 6; 12 ] | "quick" -> [ 60; 120; 240 ] | _ -> [ 120; 240; 480; 960 ]

    /// The presets of the model-scaling experiment, smallest first: research-xs and research-xs-wide, the same 16×32²
    /// clips (a model-scaling step that changes no input), at every profile. research-s and research-b take 64 px
    /// clips and would need an estimated 7 hours or more per seed on 2 CPU cores.
    let modelSizes profile =
        check profile
        [ "research-xs"; "research-xs-wide" ]

    // Every stage runs whole epochs, so its cosine schedule ends with the run (MaxSteps would stop it mid-schedule).
    // Smoke stays small through its dozen videos and single epoch instead. A checkpoint every 200 steps loses at most
    // minutes of a stage when a full run is interrupted (Experiment resumes from it).
    let private run epochs batch repeats =
        RunSettings(Epochs = epochs, BatchSize = batch, RepeatedSamples = repeats, CheckpointEvery = 200, Device = Machine.device ())

    /// Pre-training epochs and batch of a profile. Quick's few epochs only reach the loss of predicting each
    /// tubelet's mean; a hundred is the shortest pre-training whose gain in fine-tuning held for every seed measured
    /// (README, Training).
    let private pretrainLength profile = match profile with "smoke" -> 1, 4 | "quick" -> 4, 16 | _ -> 100, 16

    /// Fine-tuning epochs and batch of a profile, at scale 1 (see `finetune`). `full` fine-tunes 10 epochs (30 until
    /// issue 21): each row of a table now takes three pre-training and fine-tuning seeds, and 10 epochs take a third
    /// of the fine-tuning time, so a notebook's full profile fits a few sittings; a short fine-tuning also shows more of
    /// what the pre-training handed over (notebook 08: 5 epochs from pre-trained weights reach 39 %, from random 9 %).
    let private finetuneLength profile = match profile with "smoke" -> 1, 4 | "quick" -> 2, 16 | _ -> 10, 16
    /// The fine-tuning epochs of a profile at scale 1: a stage of `e` epochs asks for Length = e / this.
    let finetuneEpochs profile = fst (finetuneLength profile)

    /// Dual-masking pre-training of `model` on `lists` (labels unused), with the decoder masking and loss variant
    /// under study; the encoder keeps the paper's tube masking at 90 %.
    let pretrain profile (model: string) (lists: VideoSource seq) (decoderMask: DecoderMasking) (decoderRatio: float) (loss: LossTokens) =
        check profile
        let epochs, batch = pretrainLength profile
        PretrainSettings(
            Model = model, Data = Array.ofSeq lists, EncoderMask = EncoderMasking.Tube, EncoderRatio = 0.9,
            DecoderMask = decoderMask, DecoderRatio = decoderRatio, LossTokens = loss,
            Optimizer = OptimizerSettings(BaseLearningRate = pretrainLr, WarmupEpochs = max 1.0 (float epochs / 10.0)),
            Run = run epochs batch 2)

    /// `pretrain` with VideoMAE V2's masking: running cell 50 % for the decoder, the loss on encoder-hidden tokens.
    let pretrainV2 profile model lists =
        pretrain profile model lists DecoderMasking.RunningCell 0.5 LossTokens.EncoderHiddenOnly

    /// What a fine-tuning stage trains on and starts from; the recipe supplies everything else.
    type Finetune =
        { /// Pre-training or fine-tuning weights, or None for random initialisation.
          Init: string option
          /// Labelled lists; several share one label space merged through LabelMerge.
          Train: string list
          LabelMerge: string option
          /// For an Init whose head has more classes: entry i = its head row for class i here.
          LabelMap: string option
          Val: string
          /// Epochs relative to the profile's fine-tuning length (a longer-trained teacher: 2.0).
          Length: float }

    /// A fine-tuning stage with nothing but its data: random init, one list, no label merge or map, scale 1.
    let stage (train: string) (validation: string) =
        { Init = None; Train = [ train ]; LabelMerge = None; LabelMap = None; Val = validation; Length = 1.0 }

    /// Supervised fine-tuning of `model` for the motion classes: centre crop and no flip (left and right are
    /// classes), no mixup or cutmix (they blend two motions into a clip that shows neither), one centred test view.
    /// RandAugment and random erasing, on by default in the library as in the paper's recipe, stay off here so the
    /// results stay those of the runs before they existed; to try them on the motion sets, draw from
    /// `RandAugmentOps.DirectionSafe` (rotate and shear can turn a motion) and mind that erasing can hide the object.
    let finetune profile (model: string) (job: Finetune) =
        check profile
        let epochs, batch = finetuneLength profile
        let stride = (data profile).Stride
        FinetuneSettings(
            Model = model, Init = Option.toObj job.Init, LabelMap = Option.toObj job.LabelMap,
            LabelMerge = Option.toObj job.LabelMerge, Val = job.Val,
            Train = [| for list in job.Train -> VideoSource(list, stride) |],
            Crop = SpatialAugmentation.CentreCrop, Flip = false, Mixup = 0.0, Cutmix = 0.0, LabelSmoothing = 0.1, DropPath = 0.1,
            RandAugment = RandAugmentPolicy.None, RandomErasing = 0.0,
            TestViews = "1x1",
            Optimizer = OptimizerSettings(
                BaseLearningRate = finetuneLr, MinLearningRate = 1e-6, WarmupEpochs = 1.0, Beta2 = 0.999, LayerDecay = 0.75),
            Run = run (max 1 (int (round (float epochs * job.Length)))) batch 2)

    /// Logit distillation (T = 1, α = 1: pure function matching) of a `student` from a fine-tuned `teacher`, with the
    /// student's fine-tuning recipe.
    let distill profile (student: string) (teacherModel: string) (teacher: string) (job: Finetune) =
        DistillSettings(
            Student = finetune profile student job, TeacherModel = teacherModel, Teacher = teacher,
            Temperature = 1.0, Alpha = 1.0)

    /// One stage of the recipe as a table row: what the notebooks print before they train.
    type Summary =
        { Stage: string; Preset: string; Videos: int; Epochs: int; Batch: int; ClipsPerVideo: int
          BaseLrPer256: float; PaperBaseLrPer256: float; Augmentation: string }

    /// The pre-training and fine-tuning stages of a profile, as `pretrain` and `finetune` build them.
    let summary profile =
        let d = data profile
        let p = pretrainV2 profile model []
        let f = finetune profile model (stage "train.txt" "val.txt")
        [ { Stage = "pre-training"; Preset = model; Videos = d.Videos; Epochs = p.Run.Epochs; Batch = p.Run.BatchSize
            ClipsPerVideo = p.Run.RepeatedSamples; BaseLrPer256 = pretrainLr
            PaperBaseLrPer256 = paperPretrainLr; Augmentation = "multi-scale crop, tube 90 % encoder mask" }
          { Stage = "fine-tuning"; Preset = model; Videos = d.Videos; Epochs = f.Run.Epochs; Batch = f.Run.BatchSize
            ClipsPerVideo = f.Run.RepeatedSamples; BaseLrPer256 = finetuneLr
            PaperBaseLrPer256 = paperFinetuneLr
            Augmentation =
                $"%s{SettingNames.Crop.Name f.Crop}, flip %b{f.Flip}, RandAugment %s{string f.RandAugment}, erasing %g{f.RandomErasing}, mixup %g{f.Mixup}, cutmix %g{f.Cutmix}, %s{f.TestViews} test view" } ]
