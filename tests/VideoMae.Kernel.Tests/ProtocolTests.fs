namespace VideoMae.Kernel.Tests

open System
open System.IO
open System.Text.Json.Nodes
open Xunit

/// One session of Clients/protocol_client.py (jupyter_client and raw ZeroMQ) against the kernel; the tests read its report.
type ProtocolSession() =
    let run =
        Jupyter.run Jupyter.python [ Path.Combine(Repository.testsFolder, "Clients", "protocol_client.py") ]
            [ "JUPYTER_PATH", Jupyter.kernelspecFolder.Value ] (TimeSpan.FromMinutes 4.0)
    do
        if run.ExitCode <> 0 then failwith $"protocol_client.py failed (exit %d{run.ExitCode}):\n%s{run.Stderr}"

    member _.Report = JsonNode.Parse(run.Stdout.Trim().Split('\n') |> Array.last)
    member _.KernelLog = run.Stderr

type ProtocolTests(session: ProtocolSession) =
    let report = session.Report

    [<Fact>]
    let ``kernel_info names protocol 5.3 and F#`` () =
        let info = report["kernel_info"]
        Assert.Equal("5.3", string (info["protocol_version"]))
        Assert.Equal("F#", string (info["language_info"]["name"]))
        Assert.Equal("text/x-fsharp", string (info["language_info"]["mimetype"]))

    [<Fact>]
    let ``is_complete tells complete, incomplete and invalid code apart`` () =
        let status (code: string) = string (report["is_complete"][code])
        Assert.Equal("complete", status "let f x = x + 1")
        Assert.Equal("incomplete", status "let f x =")
        Assert.Equal("incomplete", status "[1; 2")
        Assert.Equal("invalid", status "let 1x = )")

    [<Fact>]
    let ``complete offers the compiler's members and the session's own definitions`` () =
        let listed = report["complete_list"]
        let matches (reply: JsonNode) = reply["matches"].AsArray() |> Seq.map string |> List.ofSeq
        Assert.Contains("map", matches listed)
        Assert.All(matches listed, fun m -> Assert.StartsWith("ma", m))
        Assert.Equal((11, 13), (int (listed["cursor_start"]), int (listed["cursor_end"])))
        Assert.Equal<string list>([ "myDefinition" ], matches (report["complete_own"]))

    [<Fact>]
    let ``inspect gives the compiler's signature and doc summary of the symbol at the cursor`` () =
        let text (reply: JsonNode) = string (reply["data"]["text/plain"])
        let library = report["inspect_library"]
        Assert.True(library["found"].GetValue<bool>())
        Assert.StartsWith("val map: mapping: ('T -> 'U) -> list: 'T list -> 'U list", text library)
        Assert.Contains("Builds a new collection whose elements are the results of applying the given function", text library)
        Assert.Equal("val thrice: x: int -> int\n\nTriples a number.", text (report["inspect_own"]))
        let nothing = report["inspect_nothing"]
        Assert.Equal("ok", string (nothing["status"]))
        Assert.False(nothing["found"].GetValue<bool>())
        Assert.Empty(nothing["data"].AsObject())

    [<Fact>]
    let ``interrupt stops an endless cell and the session goes on`` () =
        let interrupt = report["interrupt"]
        Assert.Equal("error", string (interrupt["status"]))
        Assert.Equal("Interrupted", string (interrupt["ename"]))
        let seconds = float (interrupt["seconds"])
        Assert.True(seconds < 10.0, $"interrupting took %.1f{seconds} s")
        Assert.Equal("true", string (report["after_interrupt"]["result"]))

    [<Fact>]
    let ``wrongly signed and malformed messages are rejected, logged and never executed`` () =
        Assert.False(report["forged_replied"].GetValue<bool>())
        Assert.False(report["malformed_replied"].GetValue<bool>())
        Assert.True(report["signed_replied"].GetValue<bool>())
        Assert.Equal("CompilationError", string (report["forged_defined"]["ename"]))
        Assert.Equal("2", string (report["signed_defined"]["result"]))
        Assert.Contains("rejected a message: the HMAC signature does not match", session.KernelLog)
        Assert.Contains("rejected a message: 2 frames after the delimiter where at least 5 are needed", session.KernelLog)

    [<Fact>]
    let ``shutdown_request ends the kernel process`` () =
        Assert.False(report.["shutdown"].["alive"].GetValue<bool>())
        Assert.True(float (report["shutdown"]["seconds"]) < 10.0)

    interface IClassFixture<ProtocolSession>
