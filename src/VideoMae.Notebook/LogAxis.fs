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
