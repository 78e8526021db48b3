using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace VideoMae.Tests.SourceRules;

/// <summary>
/// The library's sources compiled with Roslyn in the test process, so rules the compiler does not enforce can be
/// checked on the semantic model (which method a call binds to, which conversions are implicit).
/// </summary>
internal static class LibrarySources
{
    private static readonly Lazy<CSharpCompilation> Compiled = new(Compile);

    /// <summary>The library's package assemblies, which the test process may not have loaded yet.</summary>
    private static readonly string[] PackageAssemblies = ["TorchSharp.dll", "OpenCvSharp.dll"];

    /// <summary>src/VideoMae of this checkout.</summary>
    public static string Root { get; } = LocateRoot();

    /// <summary>The compilation of every .cs file under <see cref="Root"/> (bin/ and obj/ excluded).</summary>
    public static CSharpCompilation Compilation => Compiled.Value;

    /// <summary>A file's path relative to <see cref="Root"/>, with forward slashes.</summary>
    public static string Relative(SyntaxTree tree) => Path.GetRelativePath(Root, tree.FilePath).Replace('\\', '/');

    private static CSharpCompilation Compile()
    {
        var files = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).ToList();
        // The project's implicit usings, which the SDK would generate.
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.IO; global using System.Linq; global using System.Collections.Generic; " +
            "global using System.Threading; global using System.Threading.Tasks; global using System.Net.Http;", options));
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        // The test process's own VideoMae*.dll would define every type twice beside the sources.
        var references = platform.Where(p => !Path.GetFileName(p).StartsWith("VideoMae", StringComparison.Ordinal))
            .Concat(PackageAssemblies.Select(a => Path.Combine(AppContext.BaseDirectory, a))).Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("VideoMae.SourceRules", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        // CS8795: a [GeneratedRegex] partial method, whose body the regex source generator writes; generators do not run here.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Take(5).ToArray();
        if (errors.Length > 0)
            throw new InvalidOperationException($"the library's sources do not compile in the rule checker: {string.Join("; ", errors.Select(e => e.ToString()))}");
        return compilation;
    }

    private static string LocateRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VideoMae.sln")))
            dir = dir.Parent;
        return dir is null
            ? throw new DirectoryNotFoundException($"No VideoMae.sln above {AppContext.BaseDirectory}; cannot find the library's sources.")
            : Path.Combine(dir.FullName, "src", "VideoMae");
    }
}
