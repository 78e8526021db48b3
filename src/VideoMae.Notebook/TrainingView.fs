namespace VideoMae.Notebook

open System
open System.Diagnostics
open System.Net
open System.Threading
open Plotly.NET
open VideoMae.Training
open VideoMae.Training.Runs

/// A training run shown live in its notebook cell, as the `onStep` and `cancellation` of TrainingRuns.Pretrain,
/// Finetune or Distill:
///     let view = TrainingView "pre-training"
///     let result = TrainingRuns.Pretrain(settings, folder, onStep = view.OnStep, cancellation = view.Cancellation) |> view.Finish
/// It shows a progress line (step/total, epoch, loss beside the trivial predictor's floor, learning rate, clips/s,
/// ETA), updated about once a second, and a chart of loss, learning rate and clips/s by step, redrawn as SVG every
/// ChartInterval while the run goes and replaced by the Plotly chart (a PNG: seconds of chromium) when it ends. A run
/// that reports a floor (pre-training: the loss of predicting each tubelet's mean) charts loss / floor against a line
/// at 1, since loss and floor nearly overlap on a loss axis. Interrupting the cell stops the run at the next step with
/// a checkpoint, as Ctrl+C does on the command line, and Finish then ends the cell with an error that says where the
/// run can resume. Under plain `dotnet fsi` it prints the progress line every few seconds and the final one.
type TrainingView(what: string, ?width: int, ?height: int) =
    let width, height = defaultArg width 800, defaultArg height 600
    let steps = ResizeArray<StepMetrics>()
    let cancellation = CellInterrupt.token ()
    let progress = Show.live $"%s{what}: starting"
    let mutable chart: LiveDisplay option = None
    let mutable last: StepReport option = None
    // The first step this process reported and when: the ETA comes from the steps since then, so the set-up before
    // the first step and the steps of an earlier, resumed process do not skew it.
    let mutable first: (int * TimeSpan) option = None
    let clock = Stopwatch.StartNew()

    do
        if width < 200 || height < 200 then
            invalidArg "width" $"the chart is %d{width}×%d{height} pixels but needs at least 200×200 for its three panels."
        cancellation.Register(fun () ->
            eprintfn "%s: interrupted: stopping after the current step (a checkpoint will be written); interrupt again to abort at once." what)
        |> ignore

    static let clockTime (time: TimeSpan) = $"%d{int time.TotalHours}:%02d{time.Minutes}:%02d{time.Seconds}"

    // Time spent in this view (rendering charts) since the first step, left out of the ETA: it is throttled to a few
    // percent, but the one render of a short run would otherwise dominate its first estimates.
    let mutable viewTime = TimeSpan.Zero

    let trainingTime () =
        match first with
        | Some(_, at) -> clock.Elapsed - at - viewTime
        | None -> TimeSpan.Zero

    let eta (report: StepReport) =
        let m = report.Metrics
        let remaining = float (report.TotalSteps - m.Step)
        match first with
        | Some(step, _) when m.Step > step -> TimeSpan.FromSeconds((trainingTime ()).TotalSeconds / float (m.Step - step) * remaining)
        | _ -> TimeSpan.FromSeconds(m.StepSeconds * remaining)

    let line (report: StepReport) =
        let m = report.Metrics
        let epochs = report.TotalSteps / report.StepsPerEpoch
        // F#'s format specifiers are culture-invariant: 0.8123, never 0,8123.
        let floor = if Double.IsNaN m.BaselineLoss then "" else sprintf " (floor %.4f)" m.BaselineLoss
        sprintf "%s: step %d/%d (%.0f %%) · epoch %.2f/%d · loss %.4f%s · lr %.3g · %.1f clips/s · ETA %s"
            what m.Step report.TotalSteps (100.0 * float m.Step / float report.TotalSteps) m.Epoch epochs m.Loss floor
            m.LearningRate m.ClipsPerSecond (clockTime (eta report))

    static let progressHtml (text: string) (step: int) (total: int) =
        $"""<div><progress value="%d{step}" max="%d{total}" style="width: 20em"></progress> <code style="white-space: pre">%s{WebUtility.HtmlEncode text}</code></div>"""

    static let floorName = "floor: predicting each tubelet's mean (= 1)"

    static let relative (m: StepMetrics) = m.Loss / m.BaselineLoss

    let hasFloor () = steps |> Seq.exists (fun m -> not (Double.IsNaN m.BaselineLoss))

    /// At most this many points per line: a long run's chart stays small and quick to render.
    static let maxPoints = 2000

    let figure () =
        let stride = max 1 ((steps.Count + maxPoints - 1) / maxPoints)
        let shown = [ for i in 0 .. stride .. steps.Count - 1 -> steps[i] ] @ (if (steps.Count - 1) % stride = 0 then [] else [ steps[steps.Count - 1] ])
        let x = shown |> List.map (fun m -> m.Step)
        let series (value: StepMetrics -> float) = List.zip x (List.map value shown)
        let lossPanel =
            if hasFloor () then
                let first, last = List.head x, List.last x
                Chart.combine
                    [ Chart.Line(series relative, Name = "loss / floor")
                      Chart.Line([ first, 1.0; last, 1.0 ], Name = floorName, LineDash = StyleParam.DrawingStyle.Dash) ]
                |> Chart.withYAxisStyle (TitleText = "loss / floor")
            else Chart.Line(series (fun m -> m.Loss), Name = "loss") |> Chart.withYAxisStyle (TitleText = "loss")
        [ lossPanel
          // The lower panels name their one line on their axis; the legend is for the loss panel's two.
          Chart.Line(series (fun m -> m.LearningRate), ShowLegend = false) |> Chart.withYAxisStyle (TitleText = "learning rate")
          Chart.Line(series (fun m -> m.ClipsPerSecond), ShowLegend = false) |> Chart.withYAxisStyle (TitleText = "clips/s") ]
        |> Chart.SingleStack(Pattern = StyleParam.LayoutGridPattern.Coupled)
        |> Chart.withLegendStyle (Orientation = StyleParam.Orientation.Horizontal, X = 0.0, Y = 1.0, YAnchor = StyleParam.YAnchorPosition.Bottom)
        |> Chart.withXAxisStyle (TitleText = "optimizer step")
        |> Chart.withTitle what

    let chartBundle () =
        snd (Show.ChartBundle(figure (), width, height)) |> List.filter (fst >> (<>) "text/plain")

    /// The same three panels as SVG, milliseconds to make: what the chart shows while the run goes.
    let liveBundle () =
        let series (value: StepMetrics -> float) = [ for m in steps -> float m.Step, value m ]
        let panel title colour value : SvgChart.Panel =
            { Title = title; Lines = [ { Name = title; Colour = colour; Points = series value } ] }
        let lossPanel: SvgChart.Panel =
            if hasFloor () then
                let first, last = float steps[0].Step, float steps[steps.Count - 1].Step
                { Title = "loss / floor"
                  Lines =
                    [ { Name = "loss / floor"; Colour = "#1f77b4"; Points = series relative }
                      { Name = floorName; Colour = "#ff7f0e"; Points = [ first, 1.0; last, 1.0 ] } ] }
            else panel "loss" "#1f77b4" (fun m -> m.Loss)
        let panels: SvgChart.Panel list =
            [ lossPanel
              panel "learning rate" "#2ca02c" (fun m -> m.LearningRate)
              panel "clips/s" "#9467bd" (fun m -> m.ClipsPerSecond) ]
        [ "image/svg+xml", SvgChart.render width height what "optimizer step" panels ]

    let chartText () = $"%s{what}: loss, learning rate and clips/s up to step %d{steps[steps.Count - 1].Step}"

    /// The onStep callback: records the step and updates the display (throttled).
    member _.OnStep =
        Action<StepReport>(fun report ->
            let entered = clock.Elapsed
            steps.Add report.Metrics
            last <- Some report
            if first.IsNone then first <- Some(report.Metrics.Step, clock.Elapsed)
            let text = line report
            progress.Update(text, fun () -> [ "text/html", progressHtml text report.Metrics.Step report.TotalSteps ])
            if progress.InNotebook then
                match chart with
                | Some shown -> shown.Update(chartText (), liveBundle)
                | None -> chart <- Some(Show.live (chartText (), liveBundle, TrainingView.ChartInterval))
            viewTime <- viewTime + (clock.Elapsed - entered))

    /// How often the live chart (SVG) is redrawn at most. The Plotly PNG of the final chart costs about 3 s of
    /// headless chromium on an idle 2-core machine and 6–15 s beside builds and training on the same cores, too much
    /// to redraw while the run goes; the SVG takes milliseconds (and LiveDisplay still throttles it by its cost).
    static member ChartInterval = TimeSpan.FromSeconds 2.0

    /// The cell's interrupt token (CancellationToken.None outside the kernel), for TrainingRuns' `cancellation`.
    member _.Cancellation: CancellationToken = cancellation

    /// Every step reported so far, in order.
    member _.Steps: Collections.Generic.IReadOnlyList<StepMetrics> = steps

    /// Shows the final progress line and chart, then returns the result, or throws OperationCanceledException
    /// saying where to resume when the cell's interrupt stopped the run.
    member _.Finish(result: TrainingResult) : TrainingResult =
        let interrupted = result.Interrupted && cancellation.IsCancellationRequested
        let elapsed = clockTime clock.Elapsed
        let outcome =
            if interrupted && result.Steps = 0 then $"interrupted before its first step; nothing was saved in %s{result.Folder.Path}"
            elif interrupted then
                $"interrupted at step %d{result.Steps} of %d{result.TotalSteps}; %s{result.Folder.Path} holds a checkpoint of that step: run again with resume = true to continue"
            elif result.Interrupted then $"stopped at step %d{result.Steps} of %d{result.TotalSteps} (max steps)"
            else sprintf "done: %d steps, last loss %.4f" result.Steps result.LastLoss
        let text =
            match last with
            | Some report -> $"%s{line report}\n%s{what}: %s{outcome} after %s{elapsed}"
            | None -> $"%s{what}: %s{outcome} after %s{elapsed}"
        progress.Finish(text, fun () -> [ "text/html", progressHtml text result.Steps result.TotalSteps ])
        match chart with
        | Some shown -> shown.Finish(chartText (), chartBundle)
        | None -> ()
        if interrupted then raise (OperationCanceledException($"%s{what} was %s{outcome}.", cancellation))
        result
