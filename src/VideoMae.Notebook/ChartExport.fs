namespace VideoMae.Notebook

open System
open System.Diagnostics
open System.IO
open Plotly.NET

/// Plotly.NET charts as files and pictures without a network: HTML with plotly.js embedded, and PNG screenshots of
/// that HTML taken by Debian's headless chromium (the CDN and Plotly.NET.ImageExport are out of reach here).
[<RequireQualifiedAccess>]
module ChartExport =
    /// A self-contained HTML page of the chart (plotly.js inside, about 3.6 MB).
    let selfContainedHtml (chart: GenericChart) =
        chart
        |> Chart.withDisplayOptions (DisplayOptions.init (PlotlyJSReference = PlotlyJSReference.Full))
        |> GenericChart.toEmbeddedHTML

    /// HTML that shows the PNG and replaces it with the interactive chart when plotly.js (the page's own or the CDN's)
    /// is available; viewers that run no scripts keep the picture.
    let interactiveHtml (png: byte[]) (chart: GenericChart) =
        let id = "videomae-chart-" + Guid.NewGuid().ToString "N"
        let figure = GenericChart.toFigureJson chart
        $"""<div id="%s{id}"><img src="data:image/png;base64,%s{Convert.ToBase64String png}" alt="chart"/></div>
<script type="text/javascript">
(function () {{
  var draw = function () {{ var div = document.getElementById("%s{id}"); div.innerHTML = ""; Plotly.newPlot(div, %s{figure}); }};
  if (window.Plotly) {{ draw(); return; }}
  var script = document.createElement("script");
  script.src = "https://cdn.plot.ly/plotly-2.28.0.min.js";
  script.onload = draw;
  document.head.appendChild(script);
}})();
</script>"""

    let private chromium () =
        let onPath name =
            (Environment.GetEnvironmentVariable "PATH").Split(Path.PathSeparator)
            |> Array.map (fun folder -> Path.Combine(folder, name))
            |> Array.tryFind File.Exists
        match onPath "chromium" |> Option.orElse (onPath "chromium-browser") with
        | Some path -> path
        | None -> failwith "PNG export of charts needs Debian's `chromium` on PATH: run `./build.sh setup` (or `apt-get install chromium`)."

    /// Renders the chart at width × height pixels and returns the PNG bytes.
    let png (width: int) (height: int) (chart: GenericChart) : byte[] =
        let work = Directory.CreateTempSubdirectory "videomae-chart-"
        try
            let page = Path.Combine(work.FullName, "chart.html")
            let picture = Path.Combine(work.FullName, "chart.png")
            let profile = Path.Combine(work.FullName, "profile")
            // The toolbar (plotly.js's mode bar) shows on hover only, but a screenshot catches it: a picture has no use for it.
            let picturePage = chart |> Chart.withSize (width, height) |> Chart.withConfig (Config.init (DisplayModeBar = false))
            File.WriteAllText(page, selfContainedHtml picturePage)
            let arguments =
                [ "--headless"; "--no-sandbox"; "--disable-gpu"; "--disable-quic"; "--no-first-run"
                  "--disable-background-networking"; "--disable-component-update"; "--disable-sync"; "--hide-scrollbars"
                  $"--user-data-dir=%s{profile}"
                  $"--window-size=%d{width},%d{height}"
                  // Virtual time lets plotly.js finish drawing before the picture is taken.
                  "--virtual-time-budget=10000"
                  $"--screenshot=%s{picture}"
                  Uri(page).AbsoluteUri ]
            let start = ProcessStartInfo(chromium (), arguments, RedirectStandardOutput = true, RedirectStandardError = true)
            use browser = Process.Start start
            let errors = browser.StandardError.ReadToEndAsync()
            browser.StandardOutput.ReadToEnd() |> ignore
            if not (browser.WaitForExit(TimeSpan.FromSeconds 60.0)) then
                browser.Kill true
                failwith "chromium did not finish the chart screenshot within 60 s."
            if not (File.Exists picture) then
                failwith $"chromium exited with code %d{browser.ExitCode} without writing the chart screenshot: %s{errors.Result.Trim()}"
            File.ReadAllBytes picture
        finally
            work.Delete true
