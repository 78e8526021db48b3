using TorchSharp.Modules;

namespace VideoMae.Training.Optimization;

/// <summary>Parameters that share a learning-rate scale and a weight decay.</summary>
/// <param name="Name">A readable name, e.g. "layer_3_decay".</param>
/// <param name="Parameters">(state-dict name, parameter) pairs.</param>
/// <param name="LearningRateScale">Multiplies the scheduled learning rate (layer-wise decay; 1 otherwise).</param>
/// <param name="WeightDecay">Decoupled weight decay of the group.</param>
public sealed record ParameterGroup(string Name, IReadOnlyList<(string Name, Parameter Parameter)> Parameters, double LearningRateScale, double WeightDecay);
