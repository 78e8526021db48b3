namespace VideoMae.Kernel.Prelude

open System

/// The one parameter every notebook has: its scale. A notebook's first code cell (tagged `parameters`) reads
///     let profile = Parameters.profile "smoke"
/// and a headless run overrides the default through the environment variable VIDEOMAE_PROFILE, which
/// `./build.sh notebooks --profile quick` sets for nbconvert and the kernel it starts inherits. The kernel references
/// its own assembly into every session and opens VideoMae.Kernel.Prelude, so this module is there before any other
/// reference line.
[<RequireQualifiedAccess>]
module Parameters =
    /// The environment variable that overrides a notebook's default profile.
    [<Literal>]
    let ProfileVariable = "VIDEOMAE_PROFILE"

    /// The scales a notebook can run at, smallest first.
    let profiles = [ "smoke"; "quick"; "full" ]

    let private validated (source: string) (value: string) =
        if List.contains value profiles then value
        else
            let expected = String.Join(", ", profiles)
            invalidArg "profile" $"%s{source} is '%s{value}' but a profile must be one of: %s{expected}."

    /// The profile this run uses: VIDEOMAE_PROFILE when it is set, otherwise the notebook's default.
    let profile (notebookDefault: string) : string =
        match Environment.GetEnvironmentVariable ProfileVariable with
        | null | "" -> validated "the notebook's default profile" notebookDefault
        | fromEnvironment -> validated $"the environment variable %s{ProfileVariable}" fromEnvironment
