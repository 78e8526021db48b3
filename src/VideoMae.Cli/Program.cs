using System.CommandLine;
using VideoMae.Cli.Commands;

var root = new RootCommand("videomae: VideoMAE V2 (dual masking) research environment on TorchSharp.");
// Failures are one line naming the path and what was expected; the trace is for bug reports.
var verbose = new Option<bool>("--verbose") { Description = "On a failure, print the full exception trace after the one-line message.", Recursive = true };
root.Options.Add(verbose);
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(AccountingCommands.Flops());
root.Subcommands.Add(AccountingCommands.Params());
root.Subcommands.Add(AccountingCommands.Masks());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(PrepareCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(FinetuneCommand.Finetune());
root.Subcommands.Add(FinetuneCommand.Distill());
root.Subcommands.Add(EvaluationReport.Create());
root.Subcommands.Add(BenchCommands.Create());
root.Subcommands.Add(CheckpointCommands.Classify());
root.Subcommands.Add(CheckpointCommands.Convert());
root.Subcommands.Add(CheckCommand.Create());
// Training commands handle Ctrl+C themselves (finish the step, write a checkpoint); the parser's own handler would
// end the process two seconds after the signal, before the checkpoint is written.
var parse = root.Parse(args);
// Bad arguments: the parser's messages and exit code 2, as for bad values, instead of the whole help page.
if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    foreach (var error in parse.Errors)
        Console.Error.WriteLine(string.Join(' ', error.Message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    Console.Error.WriteLine($"see `{CommandPath(parse.CommandResult)} --help`");
    return 2;
}
Actions.Verbose = parse.GetValue(verbose);
return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });

static string CommandPath(System.CommandLine.Parsing.CommandResult result) =>
    result.Parent is System.CommandLine.Parsing.CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "videomae";
