using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Training.Optimization;

/// <summary>
/// AdamW with decoupled weight decay, as torch.optim.AdamW computes it, over <see cref="ParameterGroup"/>s that each
/// scale the learning rate and set their own decay. Written here rather than taken from TorchSharp so that its state
/// is plain named tensors: a checkpoint stores exp_avg / exp_avg_sq / step per parameter name and a resumed run
/// continues bit for bit.
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly Dictionary<string, Moments> _state = new();

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParameterGroup> Groups { get; }

    /// <summary>β1, β2 (the reference pre-trains with 0.9/0.95 and fine-tunes with 0.9/0.999).</summary>
    public (double Beta1, double Beta2) Betas { get; }

    /// <summary>Added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>An optimizer over <paramref name="groups"/>.</summary>
    public AdamW(IReadOnlyList<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (groups.Count == 0 || groups.All(g => g.Parameters.Count == 0))
            throw new ArgumentException("no trainable parameters; expected at least one parameter group with parameters.", nameof(groups));
        Require.InRange(beta1, 0, 1, "beta1");
        Require.InRange(beta2, 0, 1, "beta2");
        if (!(epsilon > 0))
            throw new ArgumentException($"epsilon = {epsilon}; expected a positive value.", nameof(epsilon));
        var names = groups.SelectMany(g => g.Parameters.Select(p => p.Name)).ToList();
        if (names.Distinct().Count() != names.Count)
            throw new ArgumentException("a parameter appears in more than one group; expected each parameter once.", nameof(groups));
        Groups = groups;
        Betas = (beta1, beta2);
        Epsilon = epsilon;
    }

    /// <summary>Every parameter of every group.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Parameters => Groups.SelectMany(g => g.Parameters);

    /// <summary>One update with learning rate <paramref name="learningRate"/> (times each group's scale); parameters without a gradient are skipped.</summary>
    public void Step(double learningRate)
    {
        using var noGrad = no_grad();
        var (beta1, beta2) = Betas;
        foreach (var group in Groups)
        {
            var lr = learningRate * group.LearningRateScale;
            foreach (var (name, parameter) in group.Parameters)
            {
                var grad = parameter.grad;
                if (grad is null)
                    continue;
                using var scope = NewDisposeScope();
                var state = StateOf(name, parameter);
                var correction2 = Math.Sqrt(1 - Math.Pow(beta2, state.Step + 1));
                var stepSize = -lr / (1 - Math.Pow(beta1, state.Step + 1));
                state.Step++;
                parameter.MulInPlace(1 - lr * group.WeightDecay);
                state.ExpAvg.MulInPlace(beta1).AddScaledInPlace(grad, 1 - beta1);
                state.ExpAvgSq.MulInPlace(beta2).AddProductInPlace(grad, grad, 1 - beta2);
                var denominator = state.ExpAvgSq.sqrt().DivInPlace(correction2).AddInPlace(Epsilon);
                parameter.AddQuotientInPlace(state.ExpAvg, denominator, stepSize);
            }
        }
    }

    /// <summary>Clears every gradient (sets it to none, as PyTorch's default).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, parameter) in Parameters)
        {
            var grad = parameter.grad;
            if (grad is null)
                continue;
            parameter.grad = null;
            grad.Dispose();
        }
    }

    /// <summary>The state as named tensors (<c>name.exp_avg</c>, <c>name.exp_avg_sq</c>, <c>name.step</c>), aliases owned by the caller.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>();
        foreach (var (name, state) in _state)
        {
            dict[$"{name}.exp_avg"] = state.ExpAvg.alias();
            dict[$"{name}.exp_avg_sq"] = state.ExpAvgSq.alias();
            dict[$"{name}.step"] = tensor(state.Step);
        }
        return dict;
    }

    /// <summary>Restores a <see cref="StateDict"/>; every entry must name a parameter of this optimizer with its shape.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> dict)
    {
        var parameters = Parameters.ToDictionary(p => p.Name, p => p.Parameter);
        var loaded = new Dictionary<string, Moments>();
        foreach (var key in dict.Keys.Where(k => k.EndsWith(".step", StringComparison.Ordinal)))
        {
            var name = key[..^".step".Length];
            if (!parameters.TryGetValue(name, out var parameter))
                throw new InvalidDataException($"optimizer state names '{name}', which is not a parameter of this model.");
            Tensor Moment(string suffix)
            {
                if (!dict.TryGetValue($"{name}.{suffix}", out var t))
                    throw new InvalidDataException($"optimizer state of '{name}' lacks {suffix}.");
                Require.Shape(t.shape, parameter.shape, $"optimizer state {name}.{suffix}");
                return t.to(parameter.dtype, parameter.device).clone().DetachFromDisposeScope();
            }
            loaded[name] = new Moments(Moment("exp_avg"), Moment("exp_avg_sq")) { Step = dict[key].item<long>() };
        }
        DisposeState();
        foreach (var (name, state) in loaded)
            _state[name] = state;
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeState();

    private void DisposeState()
    {
        foreach (var state in _state.Values)
        {
            state.ExpAvg.Dispose();
            state.ExpAvgSq.Dispose();
        }
        _state.Clear();
    }

    private Moments StateOf(string name, Parameter parameter)
    {
        if (!_state.TryGetValue(name, out var state))
        {
            state = new Moments(zeros_like(parameter).DetachFromDisposeScope(), zeros_like(parameter).DetachFromDisposeScope());
            _state[name] = state;
        }
        return state;
    }

    private sealed record Moments(Tensor ExpAvg, Tensor ExpAvgSq)
    {
        public long Step { get; set; }
    }
}
