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
                  "update", "pre-training: step 3/40 (8 %) · epoch 0.30/4 · loss 0.6123 (floor 0.9000) · lr 0.00125 · 10.7 clips/s · ETA 0:00:55" ],
                texts ())
            Assert.Equal<StepMetrics list>([ metrics ], List.ofSeq view.Steps)
            Assert.Equal(CancellationToken.None, view.Cancellation)
        finally disconnect ()
