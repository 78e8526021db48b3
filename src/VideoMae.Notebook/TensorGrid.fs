namespace VideoMae.Notebook

open System
open TorchSharp

/// Lays tensors of images or video clips out as one RGB picture: rows × columns of frames with a 2-pixel white gap.
/// Pixel values are taken in [0, 1] (clamped); bool tensors such as masks show true as white.
[<RequireQualifiedAccess>]
module TensorGrid =
    let private gap = 2

    let private describe (t: torch.Tensor) = "[" + String.Join(", ", t.shape) + "]"

    /// Brings a tensor of rows × columns frames to [rows, columns, 3, H, W] float32 on the CPU.
    let private asFrames (t: torch.Tensor) (rowsColumns: torch.Tensor -> torch.Tensor) =
        use asFloat = t.detach().cpu().to_type(torch.ScalarType.Float32)
        use laid = rowsColumns asFloat
        let channels = int laid.shape[2]
        if channels <> 1 && channels <> 3 then
            invalidArg "tensor" $"a tensor of shape %s{describe t} has %d{channels} channels where 1 (grey) or 3 (RGB) were expected."
        use rgb = if channels = 1 then laid.expand(-1L, -1L, 3L, -1L, -1L) else laid.alias()
        use atLeastZero = rgb.clamp_min(0.0.ToScalar())
        atLeastZero.clamp_max(1.0.ToScalar()).contiguous()

    /// Images: [H, W], [C, H, W] or a batch [N, C, H, W] laid out in one row.
    let ofImages (t: torch.Tensor) =
        asFrames t (fun x ->
            match x.dim() with
            | 2L -> x.reshape(1L, 1L, 1L, x.shape[0], x.shape[1])
            | 3L -> x.unsqueeze(0).unsqueeze(0)
            | 4L -> x.unsqueeze(0)
            | _ -> invalidArg "tensor" $"an image tensor of shape %s{describe t} was given where [H, W], [C, H, W] or [N, C, H, W] was expected.")

    /// Clips: [T, H, W] (a grey clip or a mask volume), [C, T, H, W], or a batch [N, C, T, H, W] with one row per clip.
    let ofClips (t: torch.Tensor) =
        asFrames t (fun x ->
            match x.dim() with
            | 3L -> x.unsqueeze(1).unsqueeze(0)
            | 4L -> x.permute(1L, 0L, 2L, 3L).unsqueeze(0)
            | 5L -> x.permute(0L, 2L, 1L, 3L, 4L)
            | _ -> invalidArg "tensor" $"a clip tensor of shape %s{describe t} was given where [T, H, W], [C, T, H, W] or [N, C, T, H, W] was expected.")

    /// PNG bytes, width and height of frames laid out by ofImages or ofClips.
    let toPng (frames: torch.Tensor) =
        let rows, columns, height, width =
            int frames.shape[0], int frames.shape[1], int frames.shape[3], int frames.shape[4]
        let canvasWidth = columns * width + (columns - 1) * gap
        let canvasHeight = rows * height + (rows - 1) * gap
        let values = frames.data<float32>().ToArray()
        let rgb = Array.create (canvasWidth * canvasHeight * 3) 255uy
        for r in 0 .. rows - 1 do
            for c in 0 .. columns - 1 do
                let frame = (r * columns + c) * 3 * height * width
                for ch in 0 .. 2 do
                    for y in 0 .. height - 1 do
                        for x in 0 .. width - 1 do
                            let value = values[frame + (ch * height + y) * width + x]
                            let px = (r * (height + gap) + y) * canvasWidth + c * (width + gap) + x
                            rgb[px * 3 + ch] <- byte (MathF.Round(value * 255.0f))
        frames.Dispose()
        Png.encodeRgb canvasWidth canvasHeight rgb, canvasWidth, canvasHeight
