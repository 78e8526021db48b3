namespace VideoMae.Notebook

open System
open System.Globalization
open System.IO
open System.Text

/// One row of an evaluation's predictions.csv (written beside eval.json; the format is the library's PredictionsCsv).
type PredictionRow =
    { Video: string
      Label: int
      Predicted: int
      LabelProbability: float
      /// 1 when the label is the prediction.
      LabelRank: int
      /// The averaged softmax, one per class.
      Probabilities: float[] }

/// Reads the per-video predictions of a run (predictions.csv), for paired comparisons of two variants on the same
/// videos (Stats.PairedBootstrap).
[<RequireQualifiedAccess>]
module Predictions =
    let private invalid (message: string) : 'a = raise (InvalidDataException message)

    let private leading = [ "video"; "label"; "predicted"; "label_probability"; "label_rank" ]

    // The fields of one line: comma-separated, a field in double quotes may hold commas and doubled quotes (RFC 4180).
    let private fields (line: string) =
        let result = ResizeArray<string>()
        let field = StringBuilder()
        let mutable quoted, i = false, 0
        while i < line.Length do
            match line.[i] with
            | '"' when quoted && i + 1 < line.Length && line.[i + 1] = '"' -> field.Append '"' |> ignore; i <- i + 1
            | '"' -> quoted <- not quoted
            | ',' when not quoted -> result.Add(field.ToString()); field.Clear() |> ignore
            | c -> field.Append c |> ignore
            i <- i + 1
        result.Add(field.ToString())
        result.ToArray()

    /// The rows of `path`, in the file's order.
    let rows (path: string) : PredictionRow list =
        if not (File.Exists path) then
            raise (FileNotFoundException($"%s{path}: no such predictions file; evaluation writes predictions.csv beside eval.json.", path))
        let lines = File.ReadAllLines path
        let header = if lines.Length = 0 then [||] else fields lines.[0]
        if List.ofArray (Array.truncate leading.Length header) <> leading then
            invalid $"""%s{path}: the header does not start with %s{String.Join(",", leading)}; expected a predictions.csv that an evaluation wrote."""
        let classes = header.Length - leading.Length
        [ for index in 1 .. lines.Length - 1 do
            let cells = fields lines.[index]
            let bad what = invalid $"%s{path}, line %d{index + 1}: %s{what}"
            if cells.Length <> header.Length then bad $"%d{cells.Length} fields; expected %d{header.Length} as in the header."
            let number (i: int) =
                match Double.TryParse(cells.[i], NumberStyles.Float, CultureInfo.InvariantCulture) with
                | true, x -> x
                | _ -> bad $"%s{header.[i]} = '%s{cells.[i]}' is not a number."
            let whole (i: int) =
                match Int32.TryParse(cells.[i], NumberStyles.Integer, CultureInfo.InvariantCulture) with
                | true, x -> x
                | _ -> bad $"%s{header.[i]} = '%s{cells.[i]}' is not a whole number."
            yield
                { Video = cells.[0]
                  Label = whole 1
                  Predicted = whole 2
                  LabelProbability = number 3
                  LabelRank = whole 4
                  Probabilities = Array.init classes (fun c -> number (leading.Length + c)) } ]

    /// A video's key: its path relative to the repository root when it lies inside it, so a stage evaluated in one
    /// checkout pairs with one evaluated in another (committed records keep relative paths: StageStore).
    let private key (video: string) =
        if Path.IsPathRooted video then
            let relative = Path.GetRelativePath(Results.root (), video)
            if relative.StartsWith ".." || Path.IsPathRooted relative then video else relative
        else video

    /// Whether each video's label is among the top `k` classes, keyed by video (relative to the repository root when
    /// inside it).
    let readTop (k: int) (path: string) : Map<string, bool> =
        if k < 1 then invalidArg "k" $"k = %d{k}: expected at least 1."
        rows path
        |> List.fold (fun (seen: Map<string, bool>) row ->
            let video = key row.Video
            if seen.ContainsKey video then
                invalid $"%s{path}: %s{row.Video} appears twice; expected one row per video."
            seen.Add(video, row.LabelRank <= k)) Map.empty

    /// Whether each video is classified correctly (top-1), keyed by video.
    let read (path: string) : Map<string, bool> = readTop 1 path

    /// Two variants' correctness on the same videos, aligned video by video (in the videos' order), for
    /// PairedBootstrap.overVideos; an error names a video that only one of them has.
    let paired (a: Map<string, bool>) (b: Map<string, bool>) : bool[] * bool[] =
        let only (x: Map<string, bool>) (y: Map<string, bool>) = x |> Map.toSeq |> Seq.map fst |> Seq.filter (y.ContainsKey >> not) |> Seq.tryHead
        match only a b, only b a with
        | Some video, _ -> invalidArg "b" $"%s{video} is in A's predictions but not in B's; expected both evaluated on the same list."
        | _, Some video -> invalidArg "a" $"%s{video} is in B's predictions but not in A's; expected both evaluated on the same list."
        | None, None -> (a |> Map.toArray |> Array.map snd), (b |> Map.toArray |> Array.map snd)
