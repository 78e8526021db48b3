namespace VideoMae.Notebook.Tests

open System.IO
open Xunit
open VideoMae.Notebook

/// A notebook's `full` profile writes its table with Show.table and reads it back with Results.records.
module ResultsTests =
    type Row = { Name: string; Top1: float; Videos: int; Note: string }

    [<Fact>]
    let ``records written by Show.table come back as the same records`` () =
        let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName(), "rows.csv")
        let rows = [ { Name = "running cell, 50 %"; Top1 = 8.333333333; Videos = 48; Note = "" }
                     { Name = "none"; Top1 = 70.28; Videos = 12; Note = "a \"quoted\" note" } ]
        try
            Show.table (rows, saveAs = path)
            Assert.Equal<Row list>(rows, Results.records<Row> path)
        finally
            Directory.Delete(Path.GetDirectoryName path, true)
