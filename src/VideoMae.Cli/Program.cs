using System.CommandLine;
using VideoMae.Cli.Commands;

var root = new RootCommand("videomae: VideoMAE V2 (dual masking) research environment on TorchSharp.");
root.Subcommands.Add(InfoCommand.Create());
return root.Parse(args).Invoke();
