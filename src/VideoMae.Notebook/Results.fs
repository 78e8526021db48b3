namespace VideoMae.Notebook

open System.IO

/// Where notebooks put their artefacts: data/results/ of the repository the notebook runs in.
[<RequireQualifiedAccess>]
module Results =
    /// The repository root: the nearest folder at or above the current one that holds paket.dependencies.
    let root () =
        let rec up (folder: DirectoryInfo) =
            if isNull folder then Directory.GetCurrentDirectory()
            elif File.Exists(Path.Combine(folder.FullName, "paket.dependencies")) then folder.FullName
            else up folder.Parent
        up (DirectoryInfo(Directory.GetCurrentDirectory()))

    /// data/results/<name> under the repository root (e.g. Results.file "table3.csv").
    let file (name: string) = Path.Combine(root (), "data", "results", name)

    /// Creates the file's folder, so helpers can save anywhere a notebook names.
    let prepare (path: string) =
        let full = Path.GetFullPath path
        Directory.CreateDirectory(Path.GetDirectoryName full) |> ignore
        full
