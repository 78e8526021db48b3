namespace VideoMae.Notebook.Tests

open System
open Xunit
open VideoMae.Notebook

/// 03 and 04 plot parameter counts and data sizes on log axes ticked at the plotted values; these tests pin the ticks
/// and their labels.
module LogAxisTests =
    [<Fact>]
    let ``ticks are the distinct values in order, labelled with three significant digits`` () =
        // The paper's data sizes (M clips) and ViT-B/ViT-g encoder sizes (M parameters) as 04 and 03 plot them.
        let ticks = LogAxis.ticks [ 1.35; 0.17; 86.23; 0.17; 1011.33; 0.00123456 ]
        Assert.Equal<float list>([ 0.00123456; 0.17; 1.35; 86.23; 1011.33 ], List.map fst ticks)
        Assert.Equal<string list>([ "0.00123"; "0.17"; "1.35"; "86.2"; "1010" ], List.map snd ticks)

    [<Fact>]
    let ``whole counts keep their digits`` () =
        Assert.Equal<string list>([ "120"; "240"; "960" ], LogAxis.ticks [ 960.0; 120.0; 240.0 ] |> List.map snd)

    [<Fact>]
    let ``a value a log axis cannot show is named`` () =
        let error = Assert.Throws<ArgumentException>(fun () -> LogAxis.ticks [ 1.0; 0.0 ] |> ignore)
        Assert.Contains("positive finite values; got 0", error.Message)
        Assert.Throws<ArgumentException>(fun () -> LogAxis.ticks [ nan ] |> ignore) |> ignore
        let empty = Assert.Throws<ArgumentException>(fun () -> LogAxis.at ("pre-training videos", []) |> ignore)
        Assert.Contains("\"pre-training videos\" has no values", empty.Message)

    [<Fact>]
    let ``a curve's log axis is ticked at 1, 2 and 5 times the powers of ten around its values`` () =
        Assert.Equal<float list>([ 0.02; 0.05; 0.1; 0.2; 0.5; 1.0; 2.0; 5.0 ], LogAxis.decadeTicks [ 0.03; 0.5; 2.0; -1.0; nan ])
        Assert.Equal<float list>([ 10.0; 20.0 ], LogAxis.decadeTicks [ 12.0; 19.0 ])
        Assert.Throws<ArgumentException>(fun () -> LogAxis.decadeTicks [ 0.0; nan ] |> ignore) |> ignore
