using System.CommandLine;
using VideoMae.Runtime;

namespace VideoMae.Cli.Commands;

/// <summary><c>videomae info</c>: which libtorch this process runs on and which devices it sees.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var command = new Command("info", "Show the TorchSharp/libtorch versions and the devices this machine offers.") { json };
        command.SetAction(parse =>
        {
            var cuda = TorchRuntime.CudaAvailable;
            var facts = new Dictionary<string, object>
            {
                ["libtorch"] = TorchRuntime.LibtorchVersion,
                ["cuda_available"] = cuda,
                ["cpu_threads"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            };
            // Only where a GPU is present is the loader's reason worth its length.
            if (!cuda && (File.Exists("/dev/nvidia0") || File.Exists("/dev/nvidiactl")))
                facts["cuda_error"] = TorchRuntime.CudaLoadError() ?? "";
            Output.Write(parse.GetValue(json), facts);
            return 0;
        });
        return command;
    }
}
