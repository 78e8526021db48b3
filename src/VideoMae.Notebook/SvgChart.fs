namespace VideoMae.Notebook

open System
open System.Globalization
open System.Net
open System.Text

/// Stacked line charts as SVG text, for pictures that must be cheap to redraw: a live training chart is replaced
/// every second or two, and a Plotly PNG costs seconds of headless chromium each time (TrainingView). No
/// interactivity, two ticks per axis; the final picture of a run is the Plotly chart.
[<RequireQualifiedAccess>]
module SvgChart =
    /// One line: its legend name, CSS colour and (x, y) points; non-finite points are left out.
    type Line = { Name: string; Colour: string; Points: (float * float) list }

    /// One panel: its y-axis title and lines, drawn against the shared x axis.
    type Panel = { Title: string; Lines: Line list }

    let private number (value: float) = value.ToString("G4", CultureInfo.InvariantCulture)
    let private coordinate (value: float) = value.ToString("0.#", CultureInfo.InvariantCulture)
    let private text (s: string) = WebUtility.HtmlEncode s

    /// The smallest and largest finite value of `values` (0, 1 when there is none), and the axis range around
    /// them: 5 % wider, so the lines do not run along the frame, and never empty, so a constant line still draws.
    let private range (values: float seq) =
        let finite = values |> Seq.filter Double.IsFinite |> List.ofSeq
        let low, high = match finite with [] -> 0.0, 1.0 | _ -> List.min finite, List.max finite
        let pad = if high > low then 0.05 * (high - low) else max 0.5 (abs low * 0.05)
        (low, high), (low - pad, high + pad)

    /// At most `limit` points of `points`, evenly strided, the last one always kept.
    let private thin limit (points: (float * float) list) =
        let count = List.length points
        if count <= limit then points
        else
            let stride = (count + limit - 1) / limit
            let kept = points |> List.indexed |> List.filter (fun (i, _) -> i % stride = 0 || i = count - 1)
            List.map snd kept

    /// The panels stacked top to bottom in a `width`×`height` picture, sharing the x axis titled `xTitle`.
    let render (width: int) (height: int) (title: string) (xTitle: string) (panels: Panel list) =
        if List.isEmpty panels then invalidArg "panels" "an SVG chart needs at least one panel."
        if width < 200 || height < 100 * List.length panels then
            invalidArg "width" $"the chart is %d{width}×%d{height} pixels but %d{List.length panels} panels need at least 200×%d{100 * List.length panels}."
        let left, right, top, bottom, gap = 70.0, 20.0, 44.0, 40.0, 26.0
        let panelHeight = (float height - top - bottom - gap * float (List.length panels - 1)) / float (List.length panels)
        let plotWidth = float width - left - right
        let xs = [ for p in panels do for l in p.Lines do for x, y in l.Points do if Double.IsFinite y then yield x ]
        let xLow, xHigh =
            match xs with
            | [] -> 0.0, 1.0
            | _ -> let low, high = List.min xs, List.max xs in low, (if high > low then high else low + 1.0)
        let svg = StringBuilder()
        let add (s: string) = svg.Append(s).Append('\n') |> ignore
        add $"""<svg xmlns="http://www.w3.org/2000/svg" width="%d{width}" height="%d{height}" viewBox="0 0 %d{width} %d{height}" font-family="sans-serif" font-size="12">"""
        add $"""<rect width="%d{width}" height="%d{height}" fill="white"/>"""
        add $"""<text x="%s{coordinate left}" y="20" font-size="15">%s{text title}</text>"""
        panels
        |> List.iteri (fun i panel ->
            let y0 = top + float i * (panelHeight + gap)
            let (dataLow, dataHigh), (yLow, yHigh) = range [ for l in panel.Lines do for _, y in l.Points -> y ]
            let px x = left + (x - xLow) / (xHigh - xLow) * plotWidth
            let py y = y0 + panelHeight - (y - yLow) / (yHigh - yLow) * panelHeight
            add $"""<rect x="%s{coordinate left}" y="%s{coordinate y0}" width="%s{coordinate plotWidth}" height="%s{coordinate panelHeight}" fill="none" stroke="#bbb"/>"""
            // The ticks name the lines' own extremes, level with them.
            add $"""<text x="%s{coordinate (left - 6.0)}" y="%s{coordinate (py dataHigh + 4.0)}" text-anchor="end">%s{number dataHigh}</text>"""
            if dataLow < dataHigh then
                add $"""<text x="%s{coordinate (left - 6.0)}" y="%s{coordinate (py dataLow + 4.0)}" text-anchor="end">%s{number dataLow}</text>"""
            add $"""<text transform="translate(14 %s{coordinate (y0 + panelHeight / 2.0)}) rotate(-90)" text-anchor="middle">%s{text panel.Title}</text>"""
            panel.Lines
            |> List.iteri (fun j line ->
                let points =
                    line.Points |> List.filter (snd >> Double.IsFinite) |> thin 600
                    |> List.map (fun (x, y) -> $"%s{coordinate (px x)},%s{coordinate (py y)}")
                if not (List.isEmpty points) then
                    add $"""<polyline fill="none" stroke="%s{line.Colour}" stroke-width="1.5" points="%s{String.Join(' ', points)}"/>"""
                if List.length panel.Lines > 1 then
                    let lx = left + 10.0 + float j * 240.0
                    add $"""<line x1="%s{coordinate lx}" y1="%s{coordinate (y0 + 12.0)}" x2="%s{coordinate (lx + 20.0)}" y2="%s{coordinate (y0 + 12.0)}" stroke="%s{line.Colour}" stroke-width="2"/>"""
                    add $"""<text x="%s{coordinate (lx + 25.0)}" y="%s{coordinate (y0 + 16.0)}">%s{text line.Name}</text>""")
            ())
        let axisY = float height - bottom
        add $"""<text x="%s{coordinate left}" y="%s{coordinate (axisY + 16.0)}" text-anchor="middle">%s{number xLow}</text>"""
        add $"""<text x="%s{coordinate (left + plotWidth)}" y="%s{coordinate (axisY + 16.0)}" text-anchor="middle">%s{number xHigh}</text>"""
        add $"""<text x="%s{coordinate (left + plotWidth / 2.0)}" y="%s{coordinate (axisY + 32.0)}" text-anchor="middle">%s{text xTitle}</text>"""
        add "</svg>"
        svg.ToString()
