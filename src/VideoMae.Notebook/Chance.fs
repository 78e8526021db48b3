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

    /// The largest distance, in percentage points, of any of `top1s` from chance.
    let farthest classes (top1s: float seq) = top1s |> Seq.map (fun t -> abs (t - top1 classes)) |> Seq.max

    /// Whether every one of `top1s` lies within the guessing band of chance.
    let allNear classes videos (top1s: float seq) = farthest classes top1s <= band classes videos

    /// One sentence on whether a comparison of `top1s` can carry a trend at this scale.
    let verdict classes videos (top1s: float seq) =
        let far, noise = farthest classes top1s, band classes videos
        if far <= noise then
            $"Every variant is within %.1f{far} points of chance (%.1f{top1 classes} %%), inside the %.1f{noise}-point band guessing spans on %d{videos} validation videos: at this scale the ranking says nothing about the paper's trend."
        else
            $"At least one variant is %.1f{far} points from chance (%.1f{top1 classes} %%), beyond the %.1f{noise}-point band guessing spans on %d{videos} validation videos, so differences of that size are signal; smaller ones are not."

    /// Whether two accuracies on the same number of videos differ by more than two standard deviations of the
    /// difference of two independent guesses (√2 × the band), the bar for an "A beats B" sentence.
    let differ classes videos (a: float) (b: float) = Math.Abs(a - b) > sqrt 2.0 * band classes videos
