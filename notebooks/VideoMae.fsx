// The reference line every notebook shares, as its second code cell (after the `parameters` cell):
//     #load "VideoMae.fsx"
// It references the VideoMae library, TorchSharp, Plotly.NET, Deedle and the Show helpers as built by
// `./build.sh build` (Release) and loads libtorch. Everything comes from the one folder where src/VideoMae.Notebook's
// build copies its dependencies, so nothing is downloaded at notebook time. The Show helpers (namespace
// VideoMae.Notebook) are opened by the reference itself; opens written here would not reach the notebook's cells, so
// a cell opens TorchSharp, Plotly.NET or Deedle itself where it uses them.
#r "../src/VideoMae.Notebook/bin/Release/net10.0/VideoMae.Notebook.dll"
#r "../src/VideoMae.Notebook/bin/Release/net10.0/VideoMae.dll"
#r "../src/VideoMae.Notebook/bin/Release/net10.0/TorchSharp.dll"
#r "../src/VideoMae.Notebook/bin/Release/net10.0/Plotly.NET.dll"
#r "../src/VideoMae.Notebook/bin/Release/net10.0/DynamicObj.dll"
#r "../src/VideoMae.Notebook/bin/Release/net10.0/Giraffe.ViewEngine.dll"
// Plotly.NET's Chart.combine and trace styling expose Newtonsoft.Json types in their signatures.
#r "../src/VideoMae.Notebook/bin/Release/net10.0/Newtonsoft.Json.dll"
#r "../src/VideoMae.Notebook/bin/Release/net10.0/Deedle.dll"

// F# Interactive has no deps.json to find libtorch with; this loads it and checks the native prerequisites.
VideoMae.Notebook.Libtorch.load ()
