namespace VideoMae.Data.Frames;

/// <summary>
/// A video stored as one image per frame (the reference's "rawframes", SPEC §4.3): 0-based frame i of the clip is the
/// file <see cref="Template"/>.Format(<see cref="StartIndex"/> + i) in <see cref="Folder"/>. Several clips may share a
/// folder with different start indices, as AVA's 300-frame windows of one movie do.
/// </summary>
/// <param name="Folder">Absolute path of the folder.</param>
/// <param name="Template">File name of a frame number.</param>
/// <param name="StartIndex">Number of the clip's first frame (1 in the reference's lists).</param>
/// <param name="FrameCount">Frames in the clip, as the list says.</param>
public sealed record FrameFolder(string Folder, FrameNameTemplate Template, int StartIndex, int FrameCount)
{
    /// <summary>The file of 0-based frame <paramref name="index"/>.</summary>
    public string FileOf(int index) => Path.Combine(Folder, Template.Format(StartIndex + index));

    /// <summary>How logs and errors name the clip: the folder and its first and last file (clips of one folder differ only there).</summary>
    public string Name => $"{Folder} [{Template.Format(StartIndex)}…{Template.Format(StartIndex + FrameCount - 1)}]";
}
