namespace VideoMae.Notebook

open System.IO
open Deedle
open VideoMae.Masking

/// The paper's tables as data: data/paper/<name>.csv of the repository (t1, t2, t4–t8, parameters), transcribed
/// once from the paper so that no notebook cell types a paper number. Column names are snake_case; an empty cell
/// is a missing value; maskings and backbones use the library's names (running-cell, vit-b), so a row can be handed
/// to the library as it is.
[<RequireQualifiedAccess>]
module Paper =
    /// data/paper/<name>.csv under the repository root.
    let file (name: string) = Path.Combine(Results.root (), "data", "paper", name + ".csv")

    /// What the two top-1 columns of Tables 4–6 are, in one sentence for a notebook's table or chart: `top1` is
    /// printed outside the parentheses, `top1_single_view` inside (the reading and its sources: data/paper/README.md,
    /// "The numbers in parentheses").
    let singleViewNote =
        "the paper's top-1 outside the parentheses is multi-view testing (K400 16×5×3, SSv2 16×2×3), inside single-view (one clip, one crop), as ours"

    /// The table called name ("t1", "t2", ...).
    let table (name: string) : Frame<int, string> =
        let path = file name
        if not (File.Exists path) then
            let folder = Path.GetDirectoryName path
            let known =
                if Directory.Exists folder then
                    Directory.GetFiles(folder, "*.csv") |> Array.map Path.GetFileNameWithoutExtension |> Array.sort |> String.concat ", "
                else "none"
            invalidArg "name" $"there is no paper table '%s{name}' (%s{path}); the tables are: %s{known}."
        Results.read path

    /// The pre-training masking of a table row: tube 90 % for the encoder (every row of Tables 1 and 2) and the
    /// row's decoder masking by its library name; the ratio is ignored for "none".
    let masking (decoderMasking: string) (decoderRatio: float) =
        DualMasking(EncoderMasking.Tube, 0.9, MaskNames.ParseDecoder decoderMasking, decoderRatio)
