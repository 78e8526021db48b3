namespace VideoMae.Notebook

open System
open System.Net
open System.Text

/// A table of already formatted cells, rendered as HTML, aligned plain text and CSV.
type TextTable =
    { Columns: string list
      Rows: string list list }

[<RequireQualifiedAccess>]
module TextTable =
    let html (table: TextTable) =
        let out = StringBuilder("<table>\n<thead><tr>")
        for c in table.Columns do out.Append($"<th>%s{WebUtility.HtmlEncode c}</th>") |> ignore
        out.Append("</tr></thead>\n<tbody>\n") |> ignore
        for row in table.Rows do
            out.Append("<tr>") |> ignore
            for cell in row do out.Append($"<td>%s{WebUtility.HtmlEncode cell}</td>") |> ignore
            out.Append("</tr>\n") |> ignore
        out.Append("</tbody>\n</table>").ToString()

    let plain (table: TextTable) =
        let widths =
            table.Columns
            |> List.mapi (fun i c -> table.Rows |> List.map (fun r -> (List.item i r).Length) |> List.fold max c.Length)
        let line (cells: string list) =
            String.Join("  ", List.map2 (fun (cell: string) width -> cell.PadRight width) cells widths).TrimEnd()
        String.Join("\n", line table.Columns :: List.map line table.Rows)

    /// RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled.
    let csv (table: TextTable) =
        let quote (cell: string) =
            if cell.IndexOfAny([| ','; '"'; '\n'; '\r' |]) >= 0 then "\"" + cell.Replace("\"", "\"\"") + "\"" else cell
        let line (cells: string list) = String.Join(",", List.map quote cells)
        String.Join("\n", line table.Columns :: List.map line table.Rows) + "\n"
