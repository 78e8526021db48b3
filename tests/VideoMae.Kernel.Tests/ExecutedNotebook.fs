module VideoMae.Kernel.Tests.ExecutedNotebook

open System
open System.IO
open System.Text.Json.Nodes

/// nbformat stores multi-line text either as one string or as a list of lines.
let text (node: JsonNode) =
    match node with
    | :? JsonArray as lines -> String.Join("", lines |> Seq.map string)
    | null -> ""
    | other -> string other

/// The code cells of an executed notebook, in order.
let codeCells (path: string) =
    let notebook = JsonNode.Parse(File.ReadAllText path)
    notebook["cells"].AsArray()
    |> Seq.filter (fun cell -> string (cell["cell_type"]) = "code")
    |> Array.ofSeq

let metadata (path: string) = JsonNode.Parse(File.ReadAllText path)["metadata"]

/// The code cell whose source starts with the given text.
let cell (cells: JsonNode[]) (sourceStart: string) =
    cells
    |> Array.tryFind (fun c -> (text (c["source"])).StartsWith sourceStart)
    |> Option.defaultWith (fun () -> failwith $"no cell starts with %s{sourceStart}")

let outputs (cell: JsonNode) = cell["outputs"].AsArray() |> Array.ofSeq

let ofType (kind: string) (cell: JsonNode) =
    outputs cell |> Array.filter (fun o -> string (o["output_type"]) = kind)

/// The text of a cell's stream outputs named stdout or stderr.
let stream (name: string) (cell: JsonNode) =
    ofType "stream" cell |> Array.filter (fun o -> string (o["name"]) = name) |> Array.map (fun o -> text (o["text"])) |> String.concat ""

/// The data of the first output of a kind carrying that MIME type.
let data (kind: string) (mime: string) (cell: JsonNode) =
    ofType kind cell
    |> Array.tryPick (fun o -> match o["data"][mime] with null -> None | d -> Some(text d))
    |> Option.defaultWith (fun () ->
        let source = text (cell["source"])
        failwith $"no %s{kind} output with %s{mime} in %s{source}")
