namespace VideoMae.Notebook.Tests

open System
open System.Collections.Generic
open System.IO
open System.Threading
open Xunit
open VideoMae.Notebook
open VideoMae.Training
open VideoMae.Training.Runs

/// Show.live and TrainingView against a stand-in for the kernel's display channel (the AppDomain delegates
/// src/VideoMae.Kernel/DisplayChannel.fs registers), and without one, as under plain `dotnet fsi`. The channel and
/// Console are process-wide, so these tests run one at a time (one class) and restore both.
type LiveDisplayTests() =
    let sent = ResizeArray<string * string * IReadOnlyDictionary<string, string>>()

    let connect () =
        AppDomain.CurrentDomain.SetData(Display.channelKey, Action<IReadOnlyDictionary<string, string>>(fun b -> sent.Add("display", "", b)))
        AppDomain.CurrentDomain.SetData(Display.showKey, Action<string, IReadOnlyDictionary<string, string>>(fun id b -> sent.Add("show", id, b)))
        AppDomain.CurrentDomain.SetData(Display.updateKey, Action<string, IReadOnlyDictionary<string, string>>(fun id b -> sent.Add("update", id, b)))

    let disconnect () =
        for key in [ Display.channelKey; Display.showKey; Display.updateKey ] do AppDomain.CurrentDomain.SetData(key, null)

    let texts () = [ for kind, _, bundle in sent -> kind, bundle["text/plain"] ]

    let printed (work: unit -> unit) =
        let before = Console.Out
        use captured = new StringWriter()
        Console.SetOut captured
        try work () finally Console.SetOut before
        captured.ToString().Replace("\r\n", "\n")

    [<Fact>]
    let ``updates within the interval of the last one are dropped without making their content, and Finish always goes out`` () =
        connect ()
        try
            let live = Show.live ("version 0", interval = TimeSpan.FromHours 1.0)
            live.Update "version 1"
            live.Update("version 2", fun () -> failwith "content of an update that does not go out was made")
            live.Finish "version 3"
            Assert.Equal<(string * string) list>([ "show", "version 0"; "update", "version 1"; "update", "version 3" ], texts ())
            Assert.All(sent, fun (_, id, _) -> Assert.Equal(live.Id, id))
            Assert.Throws<InvalidOperationException>(fun () -> live.Update "version 4") |> ignore
        finally disconnect ()

    [<Fact>]
    let ``costly content is made at most MaxShare of the time`` () =
        connect ()
        try
            let mutable made = 0
            let slow () =
                made <- made + 1
                Thread.Sleep 60
                [ "image/png", "AAAA" ]
            // 60 ms of making at 3 % holds the next update back 2 s, far longer than the zero interval.
            let live = Show.live ("chart 0", slow, TimeSpan.Zero)
            Assert.InRange(live.LastCost, TimeSpan.FromMilliseconds 55.0, TimeSpan.FromSeconds 1.0)
            live.Update("chart 1", slow)
            live.Finish("chart 2", slow)
            Assert.Equal(2, made)
            Assert.Equal<(string * string) list>([ "show", "chart 0"; "update", "chart 2" ], texts ())
            let _, _, final = sent[1]
            Assert.Equal("AAAA", final["image/png"])
        finally disconnect ()

    [<Fact>]
    let ``outside a notebook the text is printed, at most every PlainInterval, and the final text always`` () =
        disconnect ()
        let output =
            printed (fun () ->
                let live = Show.live ("version 0", fun () -> failwith "rich content was made outside a notebook")
                Assert.False live.InNotebook
                live.Update "version 1"
                live.Update "version 2"
                live.Finish "version 3")
        Assert.Equal("version 0\nversion 1\nversion 3\n", output)

    [<Fact>]
    let ``the training view's progress line gives step, epoch, loss beside its floor, lr, speed and ETA`` () =
        connect ()
        try
            let view = TrainingView "pre-training"
            // Step 3 of 40 (10 steps per epoch) took 1.5 s: the first estimate is 1.5 s × 37 remaining = 55.5 s.
            let metrics = StepMetrics(3, 0.3, 0.61234, 0.00125, 1.0, 10.66, 1000.0, 0.0, 1.5, 100.0, 0.9)
            view.OnStep.Invoke(StepReport(metrics, 40, 10, null))
            Assert.Equal<(string * string) list>(
                [ "show", "pre-training: starting"
                  "update", "pre-training: step 3/40 (8 %) · epoch 0.30/4 · loss 0.6123 (floor 0.9000) · lr 0.00125 · 10.7 clips/s · ETA 0:00:55"
                  "show", "pre-training: loss, learning rate and clips/s up to step 3" ],
                texts ())
            Assert.Equal<StepMetrics list>([ metrics ], List.ofSeq view.Steps)
            Assert.Equal(CancellationToken.None, view.Cancellation)
        finally disconnect ()

    [<Fact>]
    let ``the training chart is SVG while the run goes and the Plotly PNG once it ends, in one output`` () =
        connect ()
        try
            let view = TrainingView "pre-training"
            for step in 1 .. 3 do
                view.OnStep.Invoke(StepReport(StepMetrics(step, 0.1 * float step, 1.0 / float step, 0.001, 1.0, 10.0, 1000.0, 0.0, 0.1, 100.0, 0.9), 3, 3, null))
            let charts () = [ for kind, id, bundle in sent do if bundle["text/plain"].Contains "clips/s up to step" then yield kind, id, bundle ]
            let kind, id, live = List.head (charts ())
            Assert.Equal("show", kind)
            Assert.StartsWith("<svg", live["image/svg+xml"])
            Assert.False(live.ContainsKey "image/png")
            let folder = RunFolder(Path.Combine(Path.GetTempPath(), "videomae-view-" + Guid.NewGuid().ToString "N"))
            view.Finish(TrainingResult(folder, 3, 3, false, 0.333, null)) |> ignore
            let lastKind, lastId, final = List.last (charts ())
            Assert.Equal(("update", id), (lastKind, lastId))
            Assert.True(final.ContainsKey "image/png")
            Assert.False(final.ContainsKey "image/svg+xml")
        finally disconnect ()


    [<Fact>]
    let ``a run with a floor charts loss over floor against 1, a run without one its loss`` () =
        connect ()
        try
            let svgAfter (floor: float) =
                let view = TrainingView(if Double.IsNaN floor then "fine-tuning" else "pre-training")
                // Loss 0.4 over a floor of 0.8: loss / floor 0.5, charted with the floor's line at 1.
                view.OnStep.Invoke(StepReport(StepMetrics(1, 0.5, 0.4, 0.001, 1.0, 10.0, 1000.0, 0.0, 0.1, 100.0, floor), 2, 2, null))
                [ for _, _, bundle in sent do if bundle.ContainsKey "image/svg+xml" then yield bundle["image/svg+xml"] ] |> List.last
            let relative = svgAfter 0.8
            Assert.Contains(">loss / floor<", relative)
            Assert.Contains("floor: predicting each tubelet", relative)
            // The y axis spans 0.5–1 (ticks at the extremes), not the loss.
            Assert.Contains(">0.5<", relative)
            Assert.DoesNotContain(">0.4<", relative)
            let plain = svgAfter nan
            Assert.DoesNotContain("floor", plain)
            Assert.Contains(">0.4<", plain)
        finally disconnect ()
