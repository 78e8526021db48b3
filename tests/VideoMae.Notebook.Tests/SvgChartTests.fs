module VideoMae.Notebook.Tests.SvgChartTests

open System
open Xunit
open VideoMae.Notebook

let private line name points : SvgChart.Line = { Name = name; Colour = "red"; Points = points }

[<Fact>]
let ``a line is drawn at the coordinates computed by hand`` () =
    // 400×300, one panel: plot area x 70..380 (left 70, right 20), y 44..260 (top 44, bottom 40). The y range 0..1
    // is padded by 5 % to -0.05..1.05, so y = 0 sits 0.05/1.1 of 216 px above the bottom: 250.2; y = 1 at 53.8.
    let svg = SvgChart.render 400 300 "t" "step" [ { Title = "loss"; Lines = [ line "loss" [ 0.0, 0.0; 10.0, 1.0 ] ] } ]
    Assert.Contains("""points="70,250.2 380,53.8" """.TrimEnd(), svg)
    // The y ticks name the line's extremes, 4 px below their height to centre the text: y 57.8 and 254.2.
    Assert.Contains("""y="57.8" text-anchor="end">1</text>""", svg)
    Assert.Contains("""y="254.2" text-anchor="end">0</text>""", svg)
    Assert.Contains(">10</text>", svg)

[<Fact>]
let ``non-finite points are left out, and a constant line still spans its panel`` () =
    let svg = SvgChart.render 400 300 "t" "step" [ { Title = "lr"; Lines = [ line "lr" [ 0.0, 2.0; 5.0, nan; 10.0, 2.0 ] ] } ]
    // 2 ± 0.5: y = 2 is the middle of the 216-px panel, 152.
    Assert.Contains("""points="70,152 380,152""", svg)

[<Fact>]
let ``several lines get a legend, one line none, and a picture too small for its panels is refused`` () =
    let two = SvgChart.render 400 300 "t" "step" [ { Title = "loss"; Lines = [ line "loss" [ 0.0, 1.0 ]; line "floor" [ 0.0, 0.5 ] ] } ]
    let one = SvgChart.render 400 300 "t" "step" [ { Title = "loss"; Lines = [ line "loss" [ 0.0, 1.0 ] ] } ]
    Assert.Contains(">floor</text>", two)
    Assert.Contains("<line ", two)
    Assert.DoesNotContain("<line ", one)
    let error = Assert.Throws<ArgumentException>(fun () -> SvgChart.render 400 250 "t" "step" [ for i in 1 .. 3 -> { Title = string i; Lines = [] } ] |> ignore)
    Assert.Contains("400×250", error.Message)
