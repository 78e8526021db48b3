using VideoMae.Data.Video;

namespace VideoMae.Data.Augmentation;

/// <summary>
/// timm's RandAugment for video as the reference applies it (SPEC §5.2, <c>_aug_frame</c>): per clip, n ops drawn
/// uniformly with replacement from the op set; each fires with probability 1/2; one that fires draws its magnitude
/// clip(N(m, mstd²), 0, 10) and its sign, and is applied with those to every frame of the clip (the per-frame ops
/// AutoContrast and Equalize still build their tables from each frame, as Pillow does on each frame of the list).
/// </summary>
/// <remarks>
/// It runs on the decoded RGB24 frames in the loader's workers, before the crop, as the reference augments the
/// decoded frames before its random-resized crop: the ops are byte-in, byte-out image operations (Pillow's), the
/// frames are already host bytes there, and the workers run in parallel off the training thread, so no tensor is
/// made per op and nothing waits on the device. Fill (128, 128, 128) and bicubic resampling: see
/// <see cref="RandAugmentStep.Fill"/> and <see cref="AffineWarp"/>.
/// </remarks>
public sealed class RandAugment
{
    /// <summary>timm's probability that a drawn op is applied.</summary>
    public const double FireProbability = 0.5;

    /// <summary>RandAugment with <paramref name="policy"/> over <paramref name="ops"/> (null: <see cref="RandAugmentOps.All"/>).</summary>
    /// <exception cref="ArgumentException">The policy is <see cref="RandAugmentPolicy.None"/> or out of range, or the op set is empty or repeats an op.</exception>
    public RandAugment(RandAugmentPolicy policy, IReadOnlyList<RandAugmentOp>? ops = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.IsNone)
            throw new ArgumentException("RandAugment 'none' draws no ops; use no RandAugment instead (RandAugment.For returns null for it).", nameof(policy));
        Policy = policy.Validate();
        Ops = ops is null ? RandAugmentOps.All : [.. RandAugmentOps.Validate(ops)];
    }

    /// <summary>RandAugment for the settings, or null for <c>none</c>.</summary>
    public static RandAugment? For(RandAugmentPolicy policy, IReadOnlyList<RandAugmentOp>? ops = null) =>
        policy.IsNone ? null : new RandAugment(policy, ops);

    /// <summary>The configuration.</summary>
    public RandAugmentPolicy Policy { get; }

    /// <summary>The ops drawn from.</summary>
    public IReadOnlyList<RandAugmentOp> Ops { get; }

    /// <summary>One clip's draw: the ops that fire, in order, with their arguments (possibly none).</summary>
    public IReadOnlyList<RandAugmentStep> Draw(Random rng)
    {
        var steps = new List<RandAugmentStep>(Policy.Layers);
        for (var i = 0; i < Policy.Layers; i++)
        {
            var op = Ops[rng.Next(Ops.Count)];
            if (rng.NextDouble() > FireProbability)
                continue;
            var magnitude = Magnitude(rng);
            var negate = RandAugmentOps.Signed(op, Policy.Increasing) && rng.NextDouble() > 0.5;
            steps.Add(RandAugmentStep.At(op, magnitude, Policy.Increasing, negate));
        }
        return steps;
    }

    /// <summary>One magnitude draw: m plus N(0, mstd²) noise when mstd &gt; 0, clipped to [0, 10].</summary>
    public double Magnitude(Random rng) =>
        Math.Clamp(Policy.MagnitudeStd > 0 ? Policy.Magnitude + Policy.MagnitudeStd * Gaussian.Next(rng) : Policy.Magnitude, 0, RandAugmentPolicy.MaxMagnitude);

    /// <summary>Draws for one clip and applies the draw to every frame; the clip itself when nothing fires.</summary>
    public DecodedClip Apply(DecodedClip clip, Random rng)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var result = clip;
        foreach (var step in Draw(rng))
            result = step.Apply(result);
        return result;
    }
}
