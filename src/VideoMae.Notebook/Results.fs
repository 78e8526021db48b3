namespace VideoMae.Notebook

open System.IO
open Deedle
open Microsoft.FSharp.Reflection

/// Where notebooks put their artefacts: data/results/ of the repository the notebook runs in.
[<RequireQualifiedAccess>]
module Results =
    let private rootAbove (start: string) =
        let rec up (folder: DirectoryInfo) =
            if isNull folder then None
            elif File.Exists(Path.Combine(folder.FullName, "paket.dependencies")) then Some folder.FullName
            else up folder.Parent
        up (DirectoryInfo start)

    /// The repository root: the nearest folder at or above the current one that holds paket.dependencies. A script
    /// started outside the repository still finds it through this assembly, which is always built inside it.
    let root () =
        rootAbove (Directory.GetCurrentDirectory())
        |> Option.orElseWith (fun () -> rootAbove (Path.GetDirectoryName(typeof<Display.Marker>.Assembly.Location)))
        |> Option.defaultWith Directory.GetCurrentDirectory

    /// data/results/<name> under the repository root (e.g. Results.file "table3.csv").
    let file (name: string) = Path.Combine(root (), "data", "results", name)

    /// Creates the file's folder, so helpers can save anywhere a notebook names.
    let prepare (path: string) =
        let full = Path.GetFullPath path
        Directory.CreateDirectory(Path.GetDirectoryName full) |> ignore
        full

    /// A CSV this project keeps (data/results, data/paper) as a Deedle frame, each column's type inferred from all
    /// its rows (inferRows = 0), so a late decimal does not meet a column already taken for integers.
    let read (path: string) : Frame<int, string> =
        Frame.ReadCsv(path, hasHeaders = true, inferTypes = true, inferRows = 0)

    /// The rows of a CSV that `Show.table (records, saveAs = ...)` wrote, read back as records of type 'T (one
    /// column per field, by name), so a notebook's `full` results come back in the type that produced them.
    let records<'T> (path: string) : 'T list =
        let fields = FSharpType.GetRecordFields(typeof<'T>, true)
        let frame = read path
        [ for row in frame.Rows.Values ->
            let values =
                fields
                |> Array.map (fun field ->
                    let cell = row.TryGet field.Name
                    match cell.HasValue, field.PropertyType with
                    | false, t when t = typeof<string> -> box ""
                    | false, t when t = typeof<float> -> box nan
                    | false, _ -> invalidOp $"%s{path}: column %s{field.Name} is missing or empty."
                    | true, t -> System.Convert.ChangeType(cell.Value, t, System.Globalization.CultureInfo.InvariantCulture))
            FSharpValue.MakeRecord(typeof<'T>, values, true) :?> 'T ]
