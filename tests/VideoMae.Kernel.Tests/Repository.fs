module VideoMae.Kernel.Tests.Repository

open System
open System.IO
open System.Text.RegularExpressions

/// The repository root: the nearest folder above the test assembly that holds paket.dependencies.
let root =
    let rec up (folder: DirectoryInfo) =
        if isNull folder then failwith $"no paket.dependencies above %s{AppContext.BaseDirectory}"
        elif File.Exists(Path.Combine(folder.FullName, "paket.dependencies")) then folder.FullName
        else up folder.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

/// The configuration this test assembly was built in (bin/<configuration>/net10.0/).
let configuration = DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent.Name

/// A file the solution build produced, with a clear message when it is missing.
let built (project: string) (fileName: string) =
    let path = Path.Combine(root, "src", project, "bin", configuration, "net10.0", fileName)
    if not (File.Exists path) then
        failwith $"%s{path} is missing: build the solution in %s{configuration} first (`./build.sh build`)."
    path

/// This project's own folder in the source tree (notebooks and clients are read from there, not copied).
let testsFolder = Path.Combine(root, "tests", "VideoMae.Kernel.Tests")

/// The version paket.lock pins for a package, in NuGet's three-part form ("System.CommandLine (2.0)" → "2.0.0").
let lockedVersion (package: string) =
    let lock = File.ReadAllText(Path.Combine(root, "paket.lock"))
    let found = Regex.Match(lock, $@"^    %s{Regex.Escape package} \(([^)]+)\)", RegexOptions.Multiline)
    if not found.Success then failwith $"paket.lock has no entry for %s{package}"
    let parts = found.Groups[1].Value.Split('.')
    String.Join(".", Array.append parts (Array.create (max 0 (3 - parts.Length)) "0"))
