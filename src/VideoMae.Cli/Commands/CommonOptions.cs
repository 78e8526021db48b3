using System.CommandLine;

namespace VideoMae.Cli.Commands;

/// <summary>Options that several commands share, defined once so their names and help never drift apart.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON instead of a table." };
}
