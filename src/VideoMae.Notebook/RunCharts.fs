namespace VideoMae.Notebook

open System
open Deedle
open Plotly.NET

/// The charts of `Runs.curves` and `Runs.scatter`: one colour per legend entry, legends that name the settings that
/// vary between the plotted runs (or the one setting asked for), log axes where the values span a decade or more.
[<RequireQualifiedAccess>]
module RunCharts =
    /// Plotly's default colours, so a run's floor can take its curve's colour.
    let private palette =
        [| "#1f77b4"; "#ff7f0e"; "#2ca02c"; "#d62728"; "#9467bd"; "#8c564b"; "#e377c2"; "#7f7f7f"; "#bcbd22"; "#17becf" |]

    /// The name of the floor's legend entry.
    [<Literal>]
    let FloorName = "floor: predicting each tubelet's mean"

    /// An exponential moving average: s₁ = y₁, sₜ = factor·sₜ₋₁ + (1 − factor)·yₜ (factor 0: the values as they are).
    let smooth (factor: float) (values: float list) =
        if not (factor >= 0.0 && factor < 1.0) then
            invalidArg (nameof factor) $"The smoothing factor is %g{factor}; expected a number in [0, 1) (0: no smoothing)."
        match values with
        | [] -> []
        | first :: rest -> List.scan (fun s y -> factor * s + (1.0 - factor) * y) first rest

    let private requireColumn (frame: Frame<int, string>) (column: string) (what: string) =
        if not (frame.ColumnKeys |> Seq.contains column) then
            let columns = String.Join(", ", frame.ColumnKeys)
            invalidArg what $"%s{what} = \"%s{column}\" is not a column of the frame; expected one of %s{columns}."

    /// The legend label of each group of rows: `by`'s value ("decoder_mask=frame"), or else every setting that varies
    /// between the groups, or else the run's name when none does; and what the legend names ("decoder_mask", "run").
    let labels (frame: Frame<int, string>) (groups: (string * int list) list) (by: string option) =
        let firstRows = groups |> List.map (snd >> List.head)
        let keys =
            match by with
            | Some column ->
                requireColumn frame column "by"
                [ column ]
            | None -> RunColumns.varying frame firstRows
        let heads = Frame.realignRows firstRows frame
        match keys with
        | [] -> groups |> List.map fst, "run"
        | keys ->
            firstRows |> List.map (fun row -> String.Join(", ", keys |> List.map (fun k -> $"%s{k}=%s{RunColumns.cell heads k row}"))),
            String.Join(", ", keys)

    let private spansDecades (values: float seq) =
        let positive = values |> Seq.filter (fun v -> Double.IsFinite v && v > 0.0) |> List.ofSeq
        not positive.IsEmpty && positive.Length = Seq.length values && List.max positive / List.min positive >= 10.0

    let private colours (labels: string list) =
        let distinct = List.distinct labels
        fun label -> Color.fromString palette[(List.findIndex ((=) label) distinct) % palette.Length]

    // Long entries (several settings each) go below the plot, where they do not squeeze it.
    let private placeLegend (names: string list) (chart: GenericChart) =
        if names |> List.exists (fun n -> n.Length > 32) then
            chart |> Chart.withLegendStyle (Orientation = StyleParam.Orientation.Horizontal, X = 0.0, Y = -0.2,
                                            YAnchor = StyleParam.YAnchorPosition.Top)
        else chart

    let private capitalised (text: string) = if text = "" then text else string (Char.ToUpperInvariant text[0]) + text[1..]

    /// Training curves of `y` against `x`, one line per run, smoothed, with each run's floor dashed where it has one
    /// (y = loss and a finite baseline_loss).
    let curves (runs: Frame<int, string>) (y: string) (by: string option) (x: string) (smoothing: float) : GenericChart =
        requireColumn runs y "y"
        requireColumn runs x "x"
        let xs, ys = runs.GetColumn<float> x, runs.GetColumn<float> y
        let baseline = if runs.ColumnKeys |> Seq.contains "baseline_loss" then Some(runs.GetColumn<float> "baseline_loss") else None
        let value (s: Series<int, float>) k = let v = s.TryGet k in if v.HasValue then v.Value else nan
        // Only the runs with something to draw are plotted, and only what varies between them names them.
        let groups =
            RunSummary.groups runs
            |> List.filter (fun (_, keys) -> keys |> List.exists (fun k -> Double.IsFinite(value xs k) && Double.IsFinite(value ys k)))
        if groups.IsEmpty then invalidArg "runs" $"No run has both a %s{x} and a %s{y} value to plot."
        let names, legend = labels runs groups by
        let colour = colours names
        let shown = Collections.Generic.HashSet<string>()
        let traces =
            [ for (_, keys), name in List.zip groups names do
                let points =
                    keys |> List.map (fun k -> value xs k, value ys k, (match baseline with Some b -> value b k | None -> nan))
                    |> List.filter (fun (a, b, _) -> Double.IsFinite a && Double.IsFinite b)
                    |> List.sortBy (fun (a, _, _) -> a)
                let curve = points |> List.map (fun (_, b, _) -> b) |> smooth smoothing
                yield curve, Chart.Line(points |> List.map (fun (a, _, _) -> a), curve, Name = name, ShowLegend = shown.Add name,
                                        LineColor = colour name)
                             |> Chart.withTraceInfo (LegendGroup = name)
                let floor = points |> List.filter (fun (_, _, f) -> Double.IsFinite f)
                if y = "loss" && not floor.IsEmpty then
                    let level = floor |> List.map (fun (_, _, f) -> f) |> smooth smoothing
                    yield level, Chart.Line(floor |> List.map (fun (a, _, _) -> a), level, Name = FloorName, ShowLegend = shown.Add FloorName,
                                            LineColor = colour name, LineDash = StyleParam.DrawingStyle.Dash)
                                 |> Chart.withTraceInfo (LegendGroup = FloorName, LegendRank = 10000) ]
        let plotted = traces |> List.collect fst
        let smoothed = if smoothing > 0.0 then $", smoothed (EMA, factor %g{smoothing})" else ""
        Chart.combine (List.map snd traces)
        |> Chart.withTitle $"%s{capitalised (RunColumns.title y)} by %s{legend}%s{smoothed}"
        |> Chart.withXAxisStyle (TitleText = RunColumns.title x)
        |> fun chart ->
            if spansDecades plotted then chart |> Chart.withYAxis (LogAxis.decades (RunColumns.title y, plotted))
            else chart |> Chart.withYAxisStyle (TitleText = RunColumns.title y)
        |> placeLegend names

    /// One point per run of a summary frame, `y` against `x`, one colour per legend entry.
    let scatter (summary: Frame<int, string>) (x: string) (y: string) (by: string option) : GenericChart =
        requireColumn summary x "x"
        requireColumn summary y "y"
        let groups = RunSummary.groups summary
        if groups |> List.exists (fun (_, keys) -> keys.Length > 1) then
            invalidArg (nameof summary) $"The frame has %d{summary.RowCount} rows of %d{groups.Length} runs; expected one row per run, as Runs.summary gives."
        let xs, ys = summary.GetColumn<float> x, summary.GetColumn<float> y
        let finite (s: Series<int, float>) k = let v = s.TryGet k in v.HasValue && Double.IsFinite v.Value
        // Only the runs with both values are plotted, and only what varies between them names them.
        let plotted = groups |> List.filter (fun (_, keys) -> finite xs keys.Head && finite ys keys.Head)
        if plotted.IsEmpty then invalidArg (nameof summary) $"No run has both a %s{x} and a %s{y} value to plot."
        let names, legend = labels summary plotted by
        let colour = colours names
        let points = List.zip plotted names |> List.map (fun ((run, keys), name) -> name, run, xs.[keys.Head], ys.[keys.Head])
        let traces =
            [ for name, members in points |> List.groupBy (fun (name, _, _, _) -> name) ->
                Chart.Point(members |> List.map (fun (_, _, a, _) -> a), members |> List.map (fun (_, _, _, b) -> b), Name = name,
                            MultiText = (members |> List.map (fun (_, run, _, _) -> run)), MarkerColor = colour name) ]
        let axis column (values: float list) style =
            // Ticks at the values while they are few enough to read, else at 1-2-5 per decade.
            if spansDecades values && (List.distinct values).Length <= 8 then style (LogAxis.at (RunColumns.title column, values, 0.1))
            elif spansDecades values then style (LogAxis.decades (RunColumns.title column, values))
            else style (LayoutObjects.LinearAxis.init (Title = Title.init (RunColumns.title column)))
        Chart.combine traces
        |> Chart.withTitle $"%s{capitalised (RunColumns.title y)} against %s{RunColumns.title x}, by %s{legend}"
        |> fun chart -> axis x (points |> List.map (fun (_, _, a, _) -> a)) (fun a -> Chart.withXAxis a chart)
        |> fun chart -> axis y (points |> List.map (fun (_, _, _, b) -> b)) (fun a -> Chart.withYAxis a chart)
        |> placeLegend names
