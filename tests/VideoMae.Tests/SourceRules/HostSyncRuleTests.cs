using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VideoMae.Tests.SourceRules;

/// <summary>
/// The pre-training forward pass and loss must not read tensors back to the host: on a GPU each read stalls until the
/// device catches up. The token split is checked where it is made, so the model, the layers and the loss only gather.
/// </summary>
public sealed class HostSyncRuleTests
{
    /// <summary>The training path of pre-training: every file of Layers/ (but initialisation, which runs once) and these.</summary>
    private static readonly string[] TrainingPath =
    [
        "Models/PretrainModel.cs", "Models/VitEncoder.cs", "Models/VitDecoder.cs", "Models/TokenSelection.cs",
        "Targets/ReconstructionLoss.cs", "Targets/ReconstructionTarget.cs",
    ];

    /// <summary>Tensor members that copy device memory to the host.</summary>
    private static readonly string[] HostReads = ["cpu", "item", "data", "ToArray", "numpy", "FromMasks"];

    [Fact]
    public void The_pretraining_forward_pass_and_loss_never_read_tensors_to_the_host()
    {
        var trees = LibrarySources.Compilation.SyntaxTrees
            .Where(t => t.FilePath.Length > 0 && (TrainingPath.Contains(LibrarySources.Relative(t))
                || (LibrarySources.Relative(t).StartsWith("Layers/", StringComparison.Ordinal) && LibrarySources.Relative(t) != "Layers/Initialisation.cs")))
            .ToArray();
        Assert.Equal(TrainingPath.Length, trees.Count(t => TrainingPath.Contains(LibrarySources.Relative(t))));
        var offenders = new List<string>();
        foreach (var tree in trees)
        {
            var model = LibrarySources.Compilation.GetSemanticModel(tree);
            foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol method || !HostReads.Contains(method.Name))
                    continue;
                var owner = method.ContainingType.ToDisplayString();
                if (owner.StartsWith("TorchSharp.", StringComparison.Ordinal) || owner == "VideoMae.Masking.TokenSplit")
                    offenders.Add($"{LibrarySources.Relative(tree)}:{call.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {call}");
            }
        }
        Assert.True(offenders.Count == 0, $"host reads on the pre-training path:\n{string.Join("\n", offenders)}");
    }
}
