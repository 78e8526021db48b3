namespace VideoMae.Notebook

open System
open Plotly.NET
open Plotly.NET.LayoutObjects

/// A logarithmic axis with its ticks at the data's own values. Over less than about a decade Plotly labels a log
/// axis's minor ticks with bare digits ("2, 3, … 9, 1"), which reads as nonsense next to a parameter count or a data
/// size; ticks at the plotted values read directly.
type LogAxis =
    /// The distinct values in ascending order, each labelled with three significant digits and no exponent
    /// (0.17, 86.2, 1010).
    static member ticks(values: float seq) =
        [ for v in Seq.distinct values |> Seq.sort do
            if not (Double.IsFinite v) || v <= 0.0 then
                invalidArg (nameof values) $"A log axis needs positive finite values; got %g{v}."
            let digits = 2 - int (floor (log10 v))
            let rounded =
                if digits >= 0 then Math.Round(v, min digits 15)
                else Math.Round(v / 10.0 ** float -digits) * 10.0 ** float -digits
            v, rounded.ToString Globalization.CultureInfo.InvariantCulture ]

    /// The axis, titled, ticked at `values`; `padding` (in decades, default none) widens the range on both sides so
    /// that text over the outermost points stays inside the panel.
    static member at(title: string, values: float seq, ?padding: float) =
        let ticks = LogAxis.ticks values
        if List.isEmpty ticks then invalidArg (nameof values) $"The log axis \"%s{title}\" has no values to tick."
        let range =
            padding
            |> Option.map (fun p ->
                StyleParam.Range.MinMax(log10 (fst (List.head ticks)) - p, log10 (fst (List.last ticks)) + p))
        LinearAxis.init (Title = Title.init title, AxisType = StyleParam.AxisType.Log, TickVals = List.map fst ticks,
                         TickText = List.map snd ticks, ?Range = range)

    /// The ticks of `decades`: 1, 2 and 5 times the powers of ten, from the last one at or below the smallest positive
    /// value (within a factor 2.5) to the first one at or above the largest (0.03 … 2 → 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5).
    static member decadeTicks(values: float seq) =
        let positive = values |> Seq.filter (fun v -> Double.IsFinite v && v > 0.0) |> List.ofSeq
        if List.isEmpty positive then invalidArg (nameof values) "A log axis needs positive values; got none."
        let low, high = List.min positive, List.max positive
        [ for exponent in int (floor (log10 low)) .. int (ceil (log10 high)) do
            for m in [ 1.0; 2.0; 5.0 ] do
                let v = Math.Round(m * 10.0 ** float exponent, 15)
                if v >= low / 2.5 && v <= high * 2.5 then v ]

    /// A log axis for many values (a training curve, where a tick per value would be a smear), ticked at
    /// `decadeTicks` and labelled as `ticks` labels them.
    static member decades(title: string, values: float seq) =
        let ticks = LogAxis.ticks (LogAxis.decadeTicks values)
        LinearAxis.init (Title = Title.init title, AxisType = StyleParam.AxisType.Log, TickVals = List.map fst ticks,
                         TickText = List.map snd ticks)
