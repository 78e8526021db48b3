namespace VideoMae.Kernel.Tests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit
open VideoMae.Kernel.Tests.ExecutedNotebook

/// Notebooks/kernel-test.ipynb executed once by `jupyter nbconvert --execute` with our kernel; the tests read what
/// nbconvert stored. Cells tagged raises-exception may fail without stopping the run (nbclient's rule).
type ExecutedTestNotebook() =
    let output = Directory.CreateTempSubdirectory("videomae-kernel-notebook-").FullName
    let executed = Path.Combine(output, "executed.ipynb")
    let run =
        Jupyter.nbconvert (Path.Combine(Repository.testsFolder, "Notebooks", "kernel-test.ipynb")) executed
            [ "VIDEOMAE_PROFILE", "quick"; "KERNEL_TEST_OUTPUT", output ]
    do
        if run.ExitCode <> 0 then failwith $"nbconvert failed (exit %d{run.ExitCode}):\n%s{run.Stderr}"

    member _.Run = run
    member _.Cells = codeCells executed
    member _.Path = executed
    member _.OutputFolder = output

    interface IDisposable with
        member _.Dispose() = Directory.Delete(output, true)

type NotebookExecutionTests(notebook: ExecutedTestNotebook) =
    let cell = cell notebook.Cells

    [<Fact>]
    let ``the parameters cell takes the profile from VIDEOMAE_PROFILE`` () =
        Assert.Equal("profile: quick\n", stream "stdout" (cell "let profile"))

    [<Fact>]
    let ``printed text arrives as stdout and stderr streams and the last expression as execute_result`` () =
        let printing = cell "printfn \"hello from F#\""
        Assert.Equal("hello from F#\n", stream "stdout" printing)
        Assert.Equal("to stderr\n", stream "stderr" printing)
        Assert.Equal("42", data "execute_result" "text/plain" printing)

    [<Fact>]
    let ``definitions carry from cell to cell, also after failed cells`` () =
        Assert.Equal("21", data "execute_result" "text/plain" (cell "carried + 1"))
        Assert.Equal("40", data "execute_result" "text/plain" (cell "carried * 2"))

    [<Fact>]
    let ``an exception thrown in a cell is an error output with its type and message`` () =
        let error = ofType "error" (cell "let boom") |> Array.exactlyOne
        Assert.Equal("System.Exception", string (error["ename"]))
        Assert.Equal("boom in a cell", string (error["evalue"]))

    [<Fact>]
    let ``a type error is an error output with the F# diagnostic and its position`` () =
        let error = ofType "error" (cell "let broken") |> Array.exactlyOne
        Assert.Equal("CompilationError", string (error["ename"]))
        Assert.Matches(@"^\(line 1, column 19\) error FS0001: This expression was expected to have type\s+'int'", string (error["evalue"]))

    [<Fact>]
    let ``running out of memory is an error output and the kernel goes on`` () =
        let error = ofType "error" (cell "let tooLong") |> Array.exactlyOne
        Assert.Equal("System.OutOfMemoryException", string (error["ename"]))
        Assert.NotEmpty(ofType "execute_result" (cell "carried * 2"))

    [<Fact>]
    let ``Show.table renders records as an escaped HTML table with plain text and saves them as CSV`` () =
        let shown = cell "type Row"
        let html = data "display_data" "text/html" shown
        Assert.Contains("<th>Masking</th><th>Ratio</th>", html)
        Assert.Contains("<td>running &lt;cell&gt;</td><td>0.5</td>", html)
        Assert.Matches(@"(?m)^tube\s+0\.9$", data "display_data" "text/plain" shown)
        let csv = File.ReadAllText(Path.Combine(notebook.OutputFolder, "rows.csv"))
        Assert.Equal("Masking,Ratio\ntube,0.9\nrunning <cell>,0.5\n", csv)

    [<Fact>]
    let ``Show.table renders a Deedle frame as an HTML table`` () =
        let html = data "display_data" "text/html" (cell "Show.table (Frame.ofRecords")
        Assert.Equal(2, Regex.Matches(html, "<tr><td>").Count)
        Assert.Contains("<td>tube</td><td>0.9</td>", html)

    [<Fact>]
    let ``Show.chart gives a PNG of the asked size rendered by chromium, plus HTML`` () =
        let shown = cell "Show.chart"
        let png = PngFile.decode (Convert.FromBase64String(data "display_data" "image/png" shown))
        Assert.Equal((320, 240), (png.Width, png.Height))
        Assert.Equal(240 * (1 + 320 * png.BytesPerPixel), png.Scanlines.Length)
        Assert.Contains("Plotly.newPlot", data "display_data" "text/html" shown)

    [<Fact>]
    let ``Show.clip lays a batch of clips out as a PNG grid, one row of frames per clip`` () =
        let png = PngFile.decode (Convert.FromBase64String(data "display_data" "image/png" (cell "// Frame t")))
        // 4 frames of 8 pixels with 2-pixel gaps across, 2 clips down.
        Assert.Equal((4 * 8 + 3 * 2, 2 * 8 + 2), (png.Width, png.Height))
        let brightness = [ for t in 0..3 -> PngFile.channel png (t * 10 + 3) 12 ]
        Assert.Equal<byte list>([ 0uy; 85uy; 170uy; 255uy ], brightness)
        Assert.Equal(255uy, PngFile.channel png 8 0)

    [<Fact>]
    let ``a live display updated several times leaves one output, its final version`` () =
        let shown = outputs (cell "// A live display updated in place")
        let only = Assert.Single shown
        Assert.Equal("display_data", string (only["output_type"]))
        Assert.Equal("version 4 (final)", text (only["data"]["text/plain"]))

    [<Fact>]
    let ``#r nuget resolves a package at the version paket.lock pins`` () =
        let referencing = cell "#r \"nuget: System.CommandLine"
        let asked = Regex.Match(text (referencing["source"]), "nuget: System.CommandLine, ([0-9.]+)").Groups[1].Value
        Assert.Equal(Repository.lockedVersion "System.CommandLine", asked)
        Assert.Equal($"System.CommandLine %s{asked}.0\n", stream "stdout" referencing)

    // Issue 6: the session once compiled List<T> against System.Private.CoreLib and seq against System.Runtime, so
    // a ResizeArray was no seq (FS0001) and String.Join silently took its params obj[] overload.
    [<Fact>]
    let ``generic BCL collections work with F# seq functions and pick IEnumerable overloads`` () =
        let collections = cell "// Generic BCL collections"
        Assert.Empty(ofType "error" collections)
        Assert.Equal("[1.5; 2.5] 4\ntube, running cell\n", stream "stdout" collections)
        Assert.Equal("[\"tube=2\"; \"cell=3\"]", data "execute_result" "text/plain" collections)

    [<Fact>]
    let ``a C# record of the library takes a ResizeArray where it asks for IReadOnlyList`` () =
        let record = cell "// A C# record of the library"
        Assert.Empty(ofType "error" record)
        Assert.Equal("\"walking/running\"", data "execute_result" "text/plain" record)

    [<Fact>]
    let ``the executed notebook keeps its Polyglot kernelspec`` () =
        let metadata = metadata notebook.Path
        Assert.Equal(".net-fsharp", string (metadata["kernelspec"]["name"]))
        Assert.Equal("F#", string (metadata["language_info"]["name"]))

    interface IClassFixture<ExecutedTestNotebook>
