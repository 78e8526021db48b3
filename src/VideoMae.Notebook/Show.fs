namespace VideoMae.Notebook

open System
open System.Globalization
open System.IO
open Deedle
open Microsoft.FSharp.Reflection
open Plotly.NET
open TorchSharp

/// Rich notebook outputs: `Show.table`, `Show.chart`, `Show.image`, `Show.clip`, and `Show.live` for one that changes.
/// Each shows its value as a display_data output and, given `saveAs`, also writes it to that file (the extension
/// picks the format; see `Results.file` for data/results/).
type Show =
    static member private Cell(value: obj, exact: bool) =
        match value with
        | null -> ""
        | :? float as f when not exact -> f.ToString("G6", CultureInfo.InvariantCulture)
        | :? float32 as f when not exact -> f.ToString("G6", CultureInfo.InvariantCulture)
        | :? IFormattable as f -> f.ToString(null, CultureInfo.InvariantCulture)
        | other -> string other

    static member private Save(path: string, allowed: string list, write: string -> string -> unit) =
        let extension = Path.GetExtension(path).ToLowerInvariant()
        if not (List.contains extension allowed) then
            let expected = String.Join(" or ", allowed)
            invalidArg "saveAs" $"saveAs is '%s{path}' but this output can be saved only as %s{expected}."
        write (Results.prepare path) extension

    static member private ShowTable(columns: string list, cells: (bool -> string list list), saveAs: string option) =
        let display = { Columns = columns; Rows = cells false }
        saveAs
        |> Option.iter (fun path ->
            Show.Save(path, [ ".csv"; ".html" ], fun full extension ->
                let exact = { Columns = columns; Rows = cells true }
                let text = if extension = ".csv" then TextTable.csv exact else TextTable.html exact
                File.WriteAllText(full, text)))
        Display.bundle [ "text/html", TextTable.html display; "text/plain", TextTable.plain display ]

    /// A Deedle frame as an HTML table (and aligned text). Row keys are shown unless they are just 0, 1, 2, ...
    static member table(frame: Frame<'R, 'C>, ?saveAs: string) =
        let rowKeys = List.ofSeq frame.RowKeys
        let showKeys = not (rowKeys |> List.mapi (fun i k -> box k = box i) |> List.forall id)
        let columns = frame.ColumnKeys |> Seq.map (fun c -> Show.Cell(box c, true)) |> List.ofSeq
        let series = frame.ColumnKeys |> Seq.map (fun c -> frame.GetColumn<obj> c) |> List.ofSeq
        let cells exact =
            rowKeys
            |> List.map (fun key ->
                let values =
                    series |> List.map (fun s ->
                        let v = s.TryGet key
                        if v.HasValue then Show.Cell(v.Value, exact) else "")
                if showKeys then Show.Cell(box key, exact) :: values else values)
        Show.ShowTable((if showKeys then "" :: columns else columns), cells, saveAs)

    /// A list of F# records as an HTML table with one column per field (other values: one column "value").
    static member table(rows: seq<'T>, ?saveAs: string) =
        let items = List.ofSeq rows
        let columns, fields =
            if FSharpType.IsRecord(typeof<'T>, true) then
                FSharpType.GetRecordFields(typeof<'T>, true) |> Array.map (fun p -> p.Name) |> List.ofArray,
                fun (item: 'T) -> FSharpValue.GetRecordFields(box item, true) |> List.ofArray
            else [ "value" ], fun item -> [ box item ]
        let cells exact = items |> List.map (fun item -> fields item |> List.map (fun v -> Show.Cell(v, exact)))
        Show.ShowTable(columns, cells, saveAs)

    /// A chart's PNG and its display bundle (PNG, HTML that turns interactive, text).
    static member internal ChartBundle(chart: GenericChart, width: int, height: int) : byte[] * (string * string) list =
        let png = ChartExport.png width height chart
        png,
        [ "image/png", Convert.ToBase64String png
          "text/html", ChartExport.interactiveHtml png chart
          "text/plain", $"Plotly chart (%d{width}×%d{height} PNG)" ]

    /// A Plotly.NET chart as a PNG (rendered offline by headless chromium) plus HTML that turns interactive where
    /// plotly.js can load; saveAs ".html" writes a self-contained page, ".png" the picture.
    static member chart(chart: GenericChart, ?width: int, ?height: int, ?saveAs: string) =
        let width, height = defaultArg width 900, defaultArg height 600
        let png, representations = Show.ChartBundle(chart, width, height)
        saveAs
        |> Option.iter (fun path ->
            Show.Save(path, [ ".html"; ".png" ], fun full extension ->
                if extension = ".png" then File.WriteAllBytes(full, png)
                else File.WriteAllText(full, ChartExport.selfContainedHtml chart)))
        Display.bundle representations

    /// One output replaced in place as work goes on: shows text (and rich, when given: MIME type → text) now; the
    /// LiveDisplay's Update replaces it at most once per interval (default 1 s) and Finish always. See LiveDisplay.
    static member live(text: string, ?rich: unit -> (string * string) list, ?interval: TimeSpan) =
        LiveDisplay(text, rich, defaultArg interval (TimeSpan.FromSeconds 1.0))

    static member private ShowPicture(frames: torch.Tensor, what: string, shape: int64[], saveAs: string option) =
        let png, width, height = TensorGrid.toPng frames
        saveAs |> Option.iter (fun path -> Show.Save(path, [ ".png" ], fun full _ -> File.WriteAllBytes(full, png)))
        let dims = String.Join("×", shape)
        Display.bundle [ "image/png", Convert.ToBase64String png
                         "text/plain", $"%s{what} %s{dims} shown as a %d{width}×%d{height} PNG" ]

    /// Images ([H, W], [C, H, W] or [N, C, H, W], values in [0, 1]) as one PNG row.
    static member image(tensor: torch.Tensor, ?saveAs: string) =
        Show.ShowPicture(TensorGrid.ofImages tensor, "image tensor", tensor.shape, saveAs)

    /// Clips ([T, H, W], [C, T, H, W] or [N, C, T, H, W], values in [0, 1]) as a PNG grid: one row of frames per clip.
    static member clip(tensor: torch.Tensor, ?saveAs: string) =
        Show.ShowPicture(TensorGrid.ofClips tensor, "clip tensor", tensor.shape, saveAs)
