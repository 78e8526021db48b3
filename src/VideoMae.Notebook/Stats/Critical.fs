namespace VideoMae.Notebook.Stats

open MathNet.Numerics.Distributions

/// Two-sided critical values: the c with P(|X| ≤ c) = level, i.e. the (1 + level)/2 quantile.
[<RequireQualifiedAccess>]
module Critical =
    /// Of the standard normal (1.960 at 0.95).
    let z (level: float) = Normal.InvCDF(0.0, 1.0, (1.0 + Level.check level) / 2.0)

    /// Of Student's t with `df` degrees of freedom (4.303 at 0.95 and df 2).
    let t (level: float) (df: int) =
        if df < 1 then invalidArg "df" $"df = %d{df}: expected at least 1 degree of freedom."
        StudentT.InvCDF(0.0, 1.0, float df, (1.0 + Level.check level) / 2.0)
