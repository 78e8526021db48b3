namespace VideoMae.Kernel

open System
open System.Collections.Concurrent
open System.IO
open System.Xml.Linq
open FSharp.Compiler.EditorServices
open FSharp.Compiler.Symbols
open FSharp.Compiler.Tokenization

/// Answers inspect_request (Shift+Tab in JupyterLab): the compiler's tooltip for the identifier at the cursor.
[<RequireQualifiedAccess>]
module Inspection =
    let private isNameChar (c: char) = Char.IsLetterOrDigit c || c = '_' || c = '\''

    /// The dotted identifier under the cursor, up to the end of the name the cursor is in ("List.map" for
    /// "List.ma|p"; "List" for "Li|st.map"), and the index just after it.
    let identifierAt (code: string) (cursor: int) =
        let mutable finish = min cursor code.Length
        while finish < code.Length && isNameChar code[finish] do finish <- finish + 1
        let _, identifier = Completion.partialIdentifier code finish
        identifier.Trim('.'), finish

    // Documentation files are read once per session, into their members by name; a reference without one gives
    // no summary.
    let private documentationFiles = ConcurrentDictionary<string, Map<string, XElement>>()

    let private documentedMember (assembly: string) (signature: string) =
        let members =
            documentationFiles.GetOrAdd(Path.ChangeExtension(assembly, ".xml"), fun path ->
                try
                    XDocument.Load(path).Descendants(XName.Get "member")
                    |> Seq.choose (fun m -> m.Attribute(XName.Get "name") |> Option.ofObj |> Option.map (fun a -> a.Value, m))
                    |> Seq.distinctBy fst
                    |> Map.ofSeq
                with _ -> Map.empty)
        Map.tryFind signature members

    let private collapse (text: string) =
        String.Join(" ", text.Split((null: char[]), StringSplitOptions.RemoveEmptyEntries))

    /// The summary of an XML doc comment, or its whole text when it has no <summary> (a plain `///` comment).
    let private summaryOf (element: XElement) =
        match element.Element(XName.Get "summary") with
        | null -> collapse element.Value
        | summary -> collapse summary.Value

    let private summary (doc: FSharpXmlDoc) =
        match doc with
        | FSharpXmlDoc.FromXmlText xml ->
            let text = String.Join("\n", xml.UnprocessedLines)
            try summaryOf (XElement.Parse $"<doc>%s{text}</doc>") with _ -> collapse text
        | FSharpXmlDoc.FromXmlFile(assembly, signature) ->
            documentedMember assembly signature |> Option.map summaryOf |> Option.defaultValue ""
        | _ -> ""

    let private describe (item: ToolTipElementData) =
        [ item.MainDescription.Text
          yield! item.TypeMapping |> List.map (fun mapping -> mapping.Text)
          match summary item.XmlDoc with
          | "" -> ()
          | text -> "\n" + text ]
        |> String.concat "\n"

    /// The signature and documentation summary of the symbol at the cursor, or None where there is none.
    let inspect (host: FsiHost) (code: string) (cursor: int) =
        match identifierAt code cursor with
        | "", _ -> None
        | identifier, finish ->
            let before = code.Substring(0, finish)
            let line = before.Split('\n').Length
            let lineStart = before.LastIndexOf '\n' + 1
            let lineEnd = match code.IndexOf('\n', lineStart) with -1 -> code.Length | i -> i
            let lineText = code.Substring(lineStart, lineEnd - lineStart)
            let _, check, _ = host.Session.ParseAndCheckInteraction code
            let names = List.ofArray (identifier.Split '.')
            let (ToolTipText elements) = check.GetToolTip(line, finish - lineStart, lineText, names, FSharpTokenTag.Identifier)
            let described =
                elements
                |> List.collect (function ToolTipElement.Group items -> List.map describe items | _ -> [])
                |> List.filter (String.IsNullOrWhiteSpace >> not)
            if described.IsEmpty then None else Some(String.concat "\n\n" described)
