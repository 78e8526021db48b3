namespace VideoMae.Notebook.Stats

open System

/// Confidence levels (0.95 for 95 %): their check and how sentences print them.
[<RequireQualifiedAccess>]
module Level =
    /// The level itself, or an error naming it unless it lies strictly between 0 and 1.
    let check (level: float) =
        if not (level > 0.0 && level < 1.0) then
            invalidArg "level" $"level = %g{level}: expected a confidence level strictly between 0 and 1, e.g. 0.95 for 95 %%."
        level

    /// "95 %" for 0.95, "99.9 %" for 0.999.
    let percent (level: float) = $"%g{Math.Round(100.0 * level, 6)} %%"

/// A two-sided confidence interval at `Level`, in the unit of what it bounds: percent for an accuracy, percentage
/// points for a difference of two.
type Interval =
    { Lower: float; Upper: float; Level: float }

    /// Upper − Lower.
    member this.Width = this.Upper - this.Lower

    /// Whether x lies inside, ends included.
    member this.Contains(x: float) = this.Lower <= x && x <= this.Upper

    /// "95 % interval [l, u]", one decimal.
    override this.ToString() = $"%s{Level.percent this.Level} interval [%.1f{this.Lower}, %.1f{this.Upper}]"
