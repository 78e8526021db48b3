using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VideoMae.Tests.SourceRules;

/// <summary>
/// TorchSharp does not keep the <c>Scalar</c> of an implicit conversion (<c>tensor * 0.5</c>) alive during the
/// native call, so a garbage collection on another thread can free it mid-call and crash a long run. Every
/// tensor-and-number operation therefore goes through <c>ScalarArithmetic</c>, which names and disposes its scalars;
/// this test finds any other place that makes a Scalar.
/// </summary>
public sealed class ScalarRuleTests
{
    private const string OnePlace = "ScalarArithmetic.cs";

    [Fact]
    public void Only_ScalarArithmetic_makes_TorchSharp_scalars()
    {
        var offenders = new List<string>();
        foreach (var tree in LibrarySources.Compilation.SyntaxTrees.Where(t => t.FilePath.Length > 0 && LibrarySources.Relative(t) != OnePlace))
        {
            var model = LibrarySources.Compilation.GetSemanticModel(tree);
            foreach (var expression in tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>())
            {
                var conversion = model.GetConversion(expression);
                var implicitScalar = conversion.IsUserDefined && conversion.MethodSymbol?.ContainingType.Name == "Scalar";
                var explicitScalar = expression is InvocationExpressionSyntax && model.GetSymbolInfo(expression).Symbol is IMethodSymbol
                    { Name: "ToScalar" } method && method.ContainingNamespace.ToDisplayString() == "TorchSharp";
                // TorchSharp's operators that take a number make the scalar inside, out of reach of a named one.
                var numberOperator = expression is BinaryExpressionSyntax or AssignmentExpressionSyntax && model.GetSymbolInfo(expression).Symbol is IMethodSymbol
                    { MethodKind: MethodKind.UserDefinedOperator } op && op.ContainingNamespace.ToDisplayString().StartsWith("TorchSharp", StringComparison.Ordinal)
                    && op.Parameters.Any(p => p.Type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double);
                if (implicitScalar || explicitScalar || numberOperator)
                    offenders.Add($"{LibrarySources.Relative(tree)}:{expression.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {expression}");
            }
        }
        Assert.True(offenders.Count == 0, $"TorchSharp scalars made outside {OnePlace}:\n{string.Join("\n", offenders.Distinct())}");
    }
}
