namespace VideoMae.Notebook

open System
open System.Collections.Concurrent
open System.IO
open VideoMae.Notebook.Stats

/// A variant's validation top-1 over the seeds it was trained with: the mean, the sample standard deviation of the
/// seeds' top-1 (NaN for one seed), the 95 % interval and how it was computed (Student's t over seeds and videos,
/// `Crossed`; Wilson's on the videos of a single seed), in percent, the interval cut to [0, 100].
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

    // x.[s].[v] = 100 when seed s is right on video v, 0 when wrong, the videos in one order for every seed (seed 0's,
    // which every seed must share: `Predictions.paired` names a video one of them lacks).
    let private crossed (perSeed: Map<string, bool> list) =
        let first = List.head perSeed
        let percent right = if right then 100.0 else 0.0
        [| for correct in perSeed -> snd (Predictions.paired first correct) |> Array.map percent |]

    /// The accuracy of a variant from its seeds' predictions.csv files: for one seed Wilson's interval on its videos,
    /// for several the t interval of a crossed design of seeds × videos (`Crossed`), so that it covers both another
    /// training seed and another draw of validation videos.
    let accuracy (predictions: string list) : SeedAccuracy =
        nonEmpty "predictions" predictions
        let perSeed = predictions |> List.map correctness
        let top1s = perSeed |> List.map (fun correct -> 100.0 * float (correctCount correct) / float correct.Count)
        let interval, sd, kind =
            match perSeed with
            | [ correct ] -> Wilson.interval level (correctCount correct) correct.Count, nan, "Wilson, 1 seed"
            | _ ->
                (Crossed.mean level (crossed perSeed)).Interval,
                (OverSeeds.summary level top1s).Sd, "t over seeds and videos"
        { Seeds = perSeed.Length; Top1 = List.average top1s; Sd = sd
          Lower = max 0.0 interval.Lower; Upper = min 100.0 interval.Upper; IntervalKind = kind }

    /// A − B in points with its interval at `at`, paired video by video and seed by seed (A's k-th file with B's k-th):
    /// a bootstrap over videos for one seed (PairedBootstrap.defaults otherwise), the t interval of a crossed design of
    /// seeds × videos for several (`Crossed`).
    let differenceAt (at: float) (a: string list) (b: string list) : Difference =
        nonEmpty "a" a
        nonEmpty "b" b
        if a.Length <> b.Length then
            invalidArg "b" $"A has %d{a.Length} seeds and B %d{b.Length}: a paired difference needs the same seeds for both."
        let aSeeds, bSeeds = List.map correctness a, List.map correctness b
        match aSeeds, bSeeds with
        | [ x ], [ y ] ->
            let x, y = Predictions.paired x y
            PairedBootstrap.overVideos { PairedBootstrap.defaults with Level = at } x y
        | _ ->
            // B's seed s on A's seed-0 videos, checked to be the same videos as A's seed s.
            let bOn = crossed (List.head aSeeds :: bSeeds) |> Array.tail
            let aOn = crossed aSeeds
            let c = Crossed.mean at (Array.map2 (Array.map2 (-)) aOn bOn)
            { Mean = c.Mean; Interval = c.Interval; Videos = c.Videos; Seeds = c.Seeds; Spread = SeedsByVideos c }

    /// A − B at 95 % (`differenceAt`).
    let difference (a: string list) (b: string list) : Difference = differenceAt level a b

    /// The test against guessing among `classes`: exact binomial for one seed, the interval over seeds and videos for
    /// several (`AboveChance`).
    let aboveChance (classes: int) (predictions: string list) : ChanceTest =
        nonEmpty "predictions" predictions
        let perSeed = predictions |> List.map correctness
        let correct, videos = perSeed |> List.sumBy correctCount, perSeed |> List.sumBy (fun c -> c.Count)
        match perSeed with
        | [ _ ] -> AboveChance.test level classes correct videos
        | _ -> AboveChance.overSeeds classes (Crossed.mean level (crossed perSeed)) correct videos
