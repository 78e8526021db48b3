namespace VideoMae.Notebook

open System

/// What guessing scores, and whether measured accuracies differ from it by more than the validation set's sampling
/// noise: the findings of a scaled-down experiment are worded from these, not typed.
[<RequireQualifiedAccess>]
module Chance =
    /// Top-k accuracy in percent of guessing uniformly among `classes`.
    let topK (k: int) (classes: int) = 100.0 * float (min k classes) / float classes

    /// Top-1 accuracy in percent of guessing.
    let top1 classes = topK 1 classes

    /// Two binomial standard deviations, in percentage points, of the top-1 that guessing scores on `videos`
    /// validation videos: an accuracy within this band of chance is indistinguishable from guessing.
    let band (classes: int) (videos: int) =
        let p = 1.0 / float classes
        200.0 * sqrt (p * (1.0 - p) / float videos)

    /// How far, in percentage points, the best of `top1s` lies above chance (0 when none does). Only accuracy above
    /// chance shows learning: a model below it has learnt nothing either, it just guesses unevenly (one class, say,
    /// that the validation set holds few of).
    let above classes (top1s: float seq) = top1s |> Seq.map (fun t -> t - top1 classes) |> Seq.fold max 0.0

    /// Whether no one of `top1s` lies above the guessing band of chance.
    let allNear classes videos (top1s: float seq) = above classes top1s <= band classes videos

    /// One sentence on whether a comparison of `top1s` can carry a trend at this scale.
    let verdict classes videos (top1s: float seq) =
        let far, noise = above classes top1s, band classes videos
        if far = 0.0 then
            $"No variant scores above chance (%.1f{top1 classes} %%) on %d{videos} validation videos: at this scale the ranking says nothing about the paper's trend."
        elif far <= noise then
            $"No variant is more than %.1f{far} points above chance (%.1f{top1 classes} %%), inside the %.1f{noise}-point band guessing spans on %d{videos} validation videos: at this scale the ranking says nothing about the paper's trend."
        else
            $"At least one variant is %.1f{far} points above chance (%.1f{top1 classes} %%), beyond the %.1f{noise}-point band guessing spans on %d{videos} validation videos, so differences of that size are signal; smaller ones are not."

    /// Whether two accuracies on the same number of videos differ by more than two standard deviations of the
    /// difference of two independent guesses (√2 × the band), the bar for an "A beats B" sentence.
    let differ classes videos (a: float) (b: float) = Math.Abs(a - b) > sqrt 2.0 * band classes videos
