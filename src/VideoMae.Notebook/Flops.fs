namespace VideoMae.Notebook

open System
open VideoMae.Accounting
open VideoMae.Config
open VideoMae.Masking

/// The library's analytic MAC count (the paper's "FLOPs", 1 MAC = 1 FLOP; SPEC §3.1) for a preset and masking.
[<RequireQualifiedAccess>]
module Flops =
    /// One pre-training forward pass of one clip of the architecture `config`; token counts of dual masking do not
    /// depend on the draw, so any seed gives the same report.
    let pretrainOf (config: PretrainConfig) (masking: DualMasking) : MacReport =
        MacCounter.PretrainForward(config, MaskCounts.Of(masking.Sample(config.Encoder.Grid, Random 0)))

    /// `pretrainOf` the preset called model.
    let pretrain (model: string) (masking: DualMasking) : MacReport = pretrainOf (Presets.Get model) masking
