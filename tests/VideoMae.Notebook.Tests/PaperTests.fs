namespace VideoMae.Notebook.Tests

open System
open System.IO
open Deedle
open Xunit
open VideoMae.Notebook

/// data/paper holds the paper's tables as the notebooks read them. These tests check that every file parses and that
/// the FLOPs the paper prints are the ones the library computes for the masking each row names (the paper's numbers
/// themselves are pinned in tests/VideoMae.Tests/Accounting/MacCounterTests.cs).
module PaperTests =
    let private gmacs (report: VideoMae.Accounting.MacReport) = float report.MatmulMacs / 1e9, float report.TotalWithLayerNorm / 1e9

    /// (backbone, decoder masking, ratio, printed GFLOPs) of each row.
    let private flopRows (table: Frame<int, string>) backbone ratioColumn =
        table.Rows.Values
        |> Seq.map (fun row ->
            (match backbone with
             | Some name -> name
             | None -> row.GetAs<string> "backbone"),
            row.GetAs<string> "decoder_masking",
            row.GetAs<float> ratioColumn, row.GetAs<float> "gflops")
        |> List.ofSeq

    [<Fact>]
    let ``every table in data/paper parses with at least one row and named columns`` () =
        let files = Directory.GetFiles(Path.GetDirectoryName(Paper.file "t1"), "*.csv")
        Assert.NotEmpty files
        for path in files do
            let table = Paper.table (Path.GetFileNameWithoutExtension path)
            Assert.True(table.RowCount > 0, $"%s{path} has no rows")
            Assert.All(table.ColumnKeys, fun key -> Assert.Matches("^[a-z0-9_]+$", key))

    [<Fact>]
    let ``an unknown table name is refused with the names there are`` () =
        let error = Assert.Throws<ArgumentException>(fun () -> Paper.table "t99" |> ignore)
        Assert.Contains("t1, t2", error.Message)

    [<Fact>]
    let ``Table 1 FLOPs are the library's ViT-B MACs with LayerNorm counted, at the printed precision`` () =
        let rows = flopRows (Paper.table "t1") (Some "vit-b") "ratio"
        Assert.Equal(7, rows.Length)
        for model, decoder, ratio, printed in rows do
            let _, withLayerNorm = gmacs (Flops.pretrain model (Paper.masking decoder ratio))
            Assert.Equal(printed, Math.Round(withLayerNorm, 2))

    [<Fact>]
    let ``Table 2 FLOPs are the library's MACs: ViT-B with LayerNorm, ViT-g dual masking without, ViT-g V1 within 0.03G`` () =
        let rows = flopRows (Paper.table "t2") None "decoder_ratio"
        Assert.Equal(4, rows.Length)
        for model, decoder, ratio, printed in rows do
            let matmul, withLayerNorm = gmacs (Flops.pretrain model (Paper.masking decoder ratio))
            match model, decoder with
            | "vit-b", _ -> Assert.Equal(printed, Math.Round(withLayerNorm, 2))
            | "vit-g", "running-cell" -> Assert.Equal(printed, Math.Round(matmul, 2))
            // 263.957G against the printed 263.93G: SPEC §3.1 leaves the 0.01 % to the paper's profiler.
            | _ -> Assert.InRange(matmul - printed, 0.0, 0.03)

    [<Fact>]
    let ``the speed-ups of Table 2 are its time columns' ratios`` () =
        let t2 = Paper.table "t2"
        let time backbone masking =
            t2.Rows.Values |> Seq.find (fun r -> r.GetAs<string> "backbone" = backbone && r.GetAs<string> "masking" = masking)
            |> fun r -> r.GetAs<float> "time_h"
        let speedup backbone =
            t2.Rows.Values |> Seq.find (fun r -> r.GetAs<string> "backbone" = backbone && r.GetAs<string> "masking" = "dual masking")
            |> fun r -> r.GetAs<float> "speedup"
        for backbone in [ "vit-b"; "vit-g" ] do
            Assert.Equal(speedup backbone, Math.Round(time backbone "encoder masking" / time backbone "dual masking", 2))
