namespace VideoMae.Kernel.Tests

open System
open System.IO
open System.Text.Json.Nodes
open System.Text.RegularExpressions
open Xunit

/// One session of Clients/live_client.py against the kernel: a live display updated in place, and a tiny training run
/// shown by TrainingView and interrupted; the tests read its report and the run folder it left.
type LiveSession() =
    let work = Directory.CreateTempSubdirectory("videomae-live-tests-").FullName
    let run =
        Jupyter.run Jupyter.python [ Path.Combine(Repository.testsFolder, "Clients", "live_client.py"); Repository.root; work ]
            [ "JUPYTER_PATH", Jupyter.kernelspecFolder.Value ] (TimeSpan.FromMinutes 4.0)
    do
        if run.ExitCode <> 0 then failwith $"live_client.py failed (exit %d{run.ExitCode}):\n%s{run.Stderr}"

    member _.Report = JsonNode.Parse(run.Stdout.Trim().Split('\n') |> Array.last)
    member _.RunFolder = Path.Combine(work, "run")

    interface IDisposable with
        member _.Dispose() = Directory.Delete(work, true)

type LiveViewTests(session: LiveSession) =
    let report = session.Report
    let messages (name: string) = report[name].AsArray() |> Array.ofSeq
    let field (name: string) (message: JsonNode) = match message[name] with null -> null | value -> string value

    [<Fact>]
    let ``a live display is display_data then update_display_data under one display id, ending on the final content`` () =
        Assert.Equal("ok", string (report["updates_reply"]))
        let shown = messages "updates"
        Assert.Equal<string list>([ "display_data"; "update_display_data"; "update_display_data"; "update_display_data" ],
                                  shown |> Array.map (field "type") |> List.ofArray)
        Assert.Equal<string list>([ "version 0"; "version 1"; "version 2"; "version 3" ], shown |> Array.map (field "text") |> List.ofArray)
        let id = field "display_id" shown[0]
        Assert.StartsWith("videomae-live-", id)
        Assert.All(shown, fun m -> Assert.Equal(id, field "display_id" m))

    [<Fact>]
    let ``the training view updates its progress line in place and ends with the chart`` () =
        let displays = messages "training" |> Array.filter (fun m -> (field "type" m).EndsWith "display_data")
        let progress = displays |> Array.filter (fun m -> field "display_id" m = field "display_id" displays[0])
        Assert.Equal("tiny pre-training: starting", field "text" progress[0])
        Assert.All(progress[1..], fun m -> Assert.Equal("update_display_data", field "type" m))
        Assert.Matches(@"^tiny pre-training: step \d+/\d+ \(\d+ %\) · epoch [0-9.]+/10000 · loss [0-9.]+ \(floor [0-9.]+\) · lr \S+ · [0-9.]+ clips/s · ETA \d+:\d\d:\d\d$",
                       field "text" progress[1])
        Assert.Contains("tiny pre-training: interrupted at step", field "text" (Array.last progress))
        // The chart is one more output: SVG from the first step while the run goes, the Plotly PNG when it ends.
        let chart = displays |> Array.filter (fun m -> field "display_id" m <> field "display_id" displays[0])
        let mimes (m: JsonNode) = [ for mime in m["mimes"].AsArray() -> string mime ]
        Assert.Equal("display_data", field "type" chart[0])
        Assert.Equal<string list>([ "image/svg+xml"; "text/plain" ], mimes chart[0])
        Assert.All(chart[1..], fun m -> Assert.Equal("update_display_data", field "type" m))
        Assert.StartsWith("tiny pre-training: loss, learning rate and clips/s up to step ", field "text" (Array.last chart))
        Assert.Equal<string list>([ "image/png"; "text/html"; "text/plain" ], mimes (Array.last chart))

    [<Fact>]
    let ``interrupting the cell stops the training at the next step with a checkpoint and says where to resume`` () =
        let interrupt = report["interrupt"]
        Assert.Equal("error", string (interrupt["status"]))
        Assert.Equal("Interrupted", string (interrupt["ename"]))
        let said = Regex.Match(string (interrupt["evalue"]), @"^tiny pre-training was interrupted at step (\d+) of \d+; (.+) holds a checkpoint of that step: run again with resume = true to continue\.$")
        Assert.True(said.Success, string (interrupt["evalue"]))
        Assert.Equal(session.RunFolder, said.Groups[2].Value)
        Assert.True(File.Exists(Path.Combine(session.RunFolder, "checkpoint.safetensors")))
        // metrics.csv: the header and one line per completed step, the last being the checkpoint's.
        let metrics = File.ReadAllLines(Path.Combine(session.RunFolder, "metrics.csv"))
        Assert.Equal(int said.Groups[1].Value, metrics.Length - 1)
        let notice = messages "training" |> Array.filter (fun m -> field "name" m = "stderr") |> Array.map (field "text") |> String.concat ""
        Assert.Contains("tiny pre-training: interrupted: stopping after the current step", notice)
        let seconds = float (interrupt["seconds"])
        Assert.True(seconds < 30.0, $"stopping took %.1f{seconds} s")

    [<Fact>]
    let ``a cell that takes its interrupt token and ignores it is aborted by a second interrupt`` () =
        Assert.True(report["running_after_first_interrupt"].GetValue<bool>())
        let aborted = report["second_interrupt"]
        Assert.Equal("error", string (aborted["status"]))
        Assert.Equal("Interrupted", string (aborted["ename"]))
        Assert.Equal("the cell was interrupted", string (aborted["evalue"]))
        Assert.Equal("true", string (report["noticed"][0]))

    interface IClassFixture<LiveSession>
