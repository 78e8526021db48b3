namespace VideoMae.Notebook.Tests

open System
open Xunit
open VideoMae.Data.Augmentation
open VideoMae.Data.Datasets
open VideoMae.Masking
open VideoMae.Notebook
open VideoMae.Targets

/// The experiment notebooks take every hyper-parameter from Recipe; these tests pin what the notebooks' text says
/// about it (research-xs, stride 2, the learning rates beside the paper's, centre crop without flip or mixup) and
/// that every profile builds settings the library accepts.
module RecipeTests =
    let private profiles = [ "smoke"; "quick"; "full" ]

    [<Fact>]
    let ``every profile builds pre-training, fine-tuning and distillation settings the library validates`` () =
        for profile in profiles do
            let data = Recipe.data profile
            Assert.Equal(2, data.Stride)
            Assert.Equal(VideoMae.Data.Synthetic.SyntheticBackground.Plain, data.Background)
            let pretraining = Recipe.pretrain profile Recipe.model [ VideoSource("train.txt", data.Stride) ] DecoderMasking.Frame 0.5 LossTokens.AllReconstructed
            pretraining.Validate() |> ignore
            // Checkpoints during the run are what an interrupted notebook resumes from (Stage).
            Assert.InRange(pretraining.Run.CheckpointEvery, 1, 500)
            Assert.Equal(Machine.device (), pretraining.Run.Device)
            Assert.Equal(DecoderMasking.Frame, pretraining.DecoderMask)
            Assert.Equal(LossTokens.AllReconstructed, pretraining.LossTokens)
            let job = Recipe.stage "train.txt" "val.txt"
            (Recipe.finetune profile Recipe.model job).Validate() |> ignore
            (Recipe.distill profile Recipe.model Recipe.model "teacher.safetensors" job).Validate() |> ignore

    [<Fact>]
    let ``the learning rates are the recipe's, far above the paper's, and fine-tuning keeps direction and does not mix clips`` () =
        let pretraining = Recipe.pretrainV2 "quick" Recipe.model [ VideoSource("train.txt", 2) ]
        Assert.Equal(DualMasking.V2, pretraining.Masking)
        Assert.Equal(4e-2, pretraining.Optimizer.BaseLearningRate)
        let tuning = Recipe.finetune "quick" Recipe.model (Recipe.stage "train.txt" "val.txt")
        Assert.Equal(3e-2, tuning.Optimizer.BaseLearningRate)
        Assert.True(Recipe.pretrainLr > 100.0 * Recipe.paperPretrainLr && Recipe.finetuneLr > 10.0 * Recipe.paperFinetuneLr)
        Assert.Equal(SpatialAugmentation.CentreCrop, tuning.Crop)
        Assert.False tuning.Flip
        Assert.Equal(0.0, tuning.Mixup)
        Assert.Equal(0.0, tuning.Cutmix)
        // On by default in the library (the paper's recipe); off here so the notebooks' results do not shift.
        Assert.True tuning.RandAugment.IsNone
        Assert.Equal(0.0, tuning.RandomErasing)

    [<Fact>]
    let ``a stage's length scales the fine-tuning epochs, and no stage stops before its last epoch`` () =
        let job = Recipe.stage "train.txt" "val.txt"
        let once = Recipe.finetune "quick" Recipe.model job
        let thrice = Recipe.finetune "quick" Recipe.model { job with Length = 3.0 }
        Assert.Equal(3 * once.Run.Epochs, thrice.Run.Epochs)
        // A run stopped by MaxSteps counts as interrupted and is not evaluated.
        for profile in profiles do
            Assert.False((Recipe.finetune profile Recipe.model job).Run.MaxSteps.HasValue)

    [<Fact>]
    let ``an unknown profile is refused by name`` () =
        let error = Assert.Throws<ArgumentException>(fun () -> Recipe.data "medium" |> ignore)
        Assert.Contains("medium", error.Message)

    [<Fact>]
    let ``the model-scaling presets grow from research-xs and all take its input`` () =
        let xs = (VideoMae.Config.Presets.Get "research-xs").Encoder
        for profile in profiles do
            let sizes = Recipe.modelSizes profile
            Assert.Equal("research-xs", List.head sizes)
            Assert.True(sizes.Length >= 2, $"{profile}: one preset is no curve")
            for preset in sizes do
                let e = (VideoMae.Config.Presets.Get preset).Encoder
                Assert.Equal((xs.Frames, xs.ImageSize), (e.Frames, e.ImageSize))
