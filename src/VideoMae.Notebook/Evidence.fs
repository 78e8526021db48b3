namespace VideoMae.Notebook

open System
open System.Collections.Concurrent
open System.IO
open VideoMae.Notebook.Stats

/// A variant's validation top-1 over the seeds it was trained with: the mean, the sample standard deviation (NaN for
/// one seed), the 95 % interval and how it was computed (Student's t over seeds; Wilson's on the pooled videos of a
/// single seed), in percent, the interval cut to [0, 100].
type SeedAccuracy = { Seeds: int; Top1: float; Sd: float; Lower: float; Upper: float; IntervalKind: string }

/// What the experiment notebooks compute from per-seed predictions (each seed's predictions.csv, the same validation
/// videos in every file): a variant's accuracy with its interval, two variants' paired difference, and the test
/// against guessing, at 95 % (`Stats`).
[<RequireQualifiedAccess>]
module Evidence =
    let level = 0.95

    /// A pre-training whose last epoch's loss is at least this share of its floor (predicting each tubelet's mean) has
    /// learnt nothing measurable beyond that mean. The bar is close to 1 on purpose: research-xs in notebook 00 ends
    /// 100 epochs at 0.996 of its floor and 400 at 0.980, and pre-trainings of 100 epochs already raised fine-tuning for
    /// every seed measured (docs/training.md); 400 epochs raise it 30 points (notebook 08).
    let floorMark = 0.999

    /// Whether a pre-training ended on its floor (`floorMark`); NaN (no pre-training) is not.
    let onFloor (lossOverFloor: float) = lossOverFloor >= floorMark

    // A notebook asks each variant for its accuracy, its differences and its chance test: each predictions.csv is
    // parsed once per content, keyed by path, size and write time so that a stage trained again is read again.
    let private parsed = ConcurrentDictionary<string * int64 * DateTime, Map<string, bool>>()

    let private correctness (path: string) =
        let file = FileInfo path
        if not file.Exists then Predictions.read path
        else parsed.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), fun _ -> Predictions.read path)

    let private correctCount (correct: Map<string, bool>) = correct |> Map.filter (fun _ right -> right) |> Map.count

    let private nonEmpty (what: string) (predictions: string list) =
        if predictions.IsEmpty then invalidArg what $"%s{what}: expected the predictions.csv of at least one seed."

    /// The accuracy of a variant from its seeds' predictions.csv files.
    let accuracy (predictions: string list) : SeedAccuracy =
        nonEmpty "predictions" predictions
        let perSeed = predictions |> List.map correctness
        let top1s = perSeed |> List.map (fun correct -> 100.0 * float (correctCount correct) / float correct.Count)
        let interval, sd, kind =
            match perSeed with
            | [ correct ] -> Wilson.interval level (correctCount correct) correct.Count, nan, "Wilson, 1 seed"
            | _ ->
                let summary = OverSeeds.summary level top1s
                summary.Interval, summary.Sd, "t over seeds"
        { Seeds = perSeed.Length; Top1 = List.average top1s; Sd = sd
          Lower = max 0.0 interval.Lower; Upper = min 100.0 interval.Upper; IntervalKind = kind }

    /// A − B in points with its interval at `at`, paired video by video and seed by seed (A's k-th file with B's k-th):
    /// a bootstrap over videos for one seed, over seeds and videos for several (PairedBootstrap.defaults otherwise).
    let differenceAt (at: float) (a: string list) (b: string list) : Difference =
        nonEmpty "a" a
        nonEmpty "b" b
        if a.Length <> b.Length then
            invalidArg "b" $"A has %d{a.Length} seeds and B %d{b.Length}: a paired difference needs the same seeds for both."
        let pairs = List.map2 (fun x y -> Predictions.paired (correctness x) (correctness y)) a b |> Array.ofList
        let settings = { PairedBootstrap.defaults with Level = at }
        if pairs.Length = 1 then PairedBootstrap.overVideos settings (fst pairs.[0]) (snd pairs.[0])
        else PairedBootstrap.overSeedsAndVideos settings (Array.map fst pairs) (Array.map snd pairs)

    /// A − B at 95 % (`differenceAt`).
    let difference (a: string list) (b: string list) : Difference = differenceAt level a b

    /// The exact test against guessing among `classes` of the variant's correct videos, pooled over its seeds.
    let aboveChance (classes: int) (predictions: string list) : ChanceTest =
        nonEmpty "predictions" predictions
        let perSeed = predictions |> List.map correctness
        AboveChance.test level classes (perSeed |> List.sumBy correctCount) (perSeed |> List.sumBy (fun c -> c.Count))
