using System.CommandLine;
using VideoMae.Cli.Commands;

var root = new RootCommand("videomae: VideoMAE V2 (dual masking) research environment on TorchSharp.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(AccountingCommands.Flops());
root.Subcommands.Add(AccountingCommands.Params());
root.Subcommands.Add(AccountingCommands.Masks());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(FinetuneCommand.Finetune());
root.Subcommands.Add(FinetuneCommand.Distill());
root.Subcommands.Add(EvaluationReport.Create());
root.Subcommands.Add(BenchCommands.Create());
root.Subcommands.Add(CheckpointCommands.Classify());
root.Subcommands.Add(CheckpointCommands.Convert());
// Training commands handle Ctrl+C themselves (finish the step, write a checkpoint); the parser's own handler would
// end the process two seconds after the signal, before the checkpoint is written.
return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
