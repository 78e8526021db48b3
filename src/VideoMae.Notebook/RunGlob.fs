namespace VideoMae.Notebook

open System
open System.IO

/// The run folders a pattern names: `runs/**` (every folder under runs/, at any depth), `runs/02-*/*-pretrain`
/// (`*` and `?` within one folder name), or a plain path. Relative patterns are resolved against the current folder
/// and, when nothing matches there, against the repository root, where notebooks keep runs/ (Results.root).
[<RequireQualifiedAccess>]
module RunGlob =
    /// Whether the pattern has a wildcard (a pattern without one names its folder explicitly).
    let hasWildcards (pattern: string) = pattern.IndexOfAny([| '*'; '?' |]) >= 0

    /// A folder the pattern matched, and whether it was reached through `**` (a folder that only holds other folders
    /// is then a container on the way to runs, not a run that went wrong).
    type Match = { Folder: string; ThroughDoubleStar: bool }

    let private under (start: string) (segments: string list) =
        let rec walk (folder: string) (segments: string list) (deep: bool) : Match seq =
            seq {
                match segments with
                | [] -> yield { Folder = folder; ThroughDoubleStar = deep }
                | "**" :: rest ->
                    yield! walk folder rest true
                    for sub in Directory.EnumerateDirectories folder do yield! walk sub segments true
                | segment :: rest when hasWildcards segment ->
                    for sub in Directory.EnumerateDirectories(folder, segment) do yield! walk sub rest deep
                | segment :: rest ->
                    let sub = Path.Combine(folder, segment)
                    if Directory.Exists sub then yield! walk sub rest deep
            }
        if Directory.Exists start then walk start segments false else Seq.empty

    let private resolve (start: string) (pattern: string) =
        let segments =
            pattern.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            |> Array.filter ((<>) ".") |> List.ofArray
        under start segments
        |> Seq.distinctBy (fun m -> Path.GetFullPath m.Folder)
        |> Seq.sortBy (fun m -> Path.GetFullPath m.Folder)
        |> Seq.map (fun m -> { m with Folder = Path.GetFullPath m.Folder })
        |> List.ofSeq

    /// A folder named without wildcards, resolved as patterns are: a relative one under the current folder when it
    /// is there, else under the repository root.
    let folder (path: string) =
        let here = Path.GetFullPath path
        if Path.IsPathRooted path || Directory.Exists here then here
        else
            let underRoot = Path.GetFullPath(Path.Combine(Results.root (), path))
            if Directory.Exists underRoot then underRoot else here

    /// The folders `pattern` matches, sorted by path; an error naming the pattern (and where it was looked for) when
    /// it matches none.
    let folders (pattern: string) : Match list =
        if String.IsNullOrWhiteSpace pattern then invalidArg (nameof pattern) "The run pattern is empty; expected a folder or a glob such as \"runs/**\"."
        if Path.IsPathRooted pattern then
            match resolve (Path.GetPathRoot pattern) (pattern.Substring((Path.GetPathRoot pattern).Length)) with
            | [] -> invalidArg (nameof pattern) $"The run pattern \"%s{pattern}\" matches no folder."
            | found -> found
        else
            let here = Directory.GetCurrentDirectory()
            let root = Results.root ()
            match resolve here pattern with
            | [] when Path.GetFullPath root <> Path.GetFullPath here ->
                match resolve root pattern with
                | [] -> invalidArg (nameof pattern) $"The run pattern \"%s{pattern}\" matches no folder under %s{here} nor under the repository root %s{root}."
                | found -> found
            | [] -> invalidArg (nameof pattern) $"The run pattern \"%s{pattern}\" matches no folder under %s{here}."
            | found -> found
