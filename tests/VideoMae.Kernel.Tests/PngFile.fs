module VideoMae.Kernel.Tests.PngFile

open System
open System.IO
open System.IO.Compression

/// A decoded PNG header and its inflated scanlines (each row: one filter byte, then the pixels).
type Decoded = { Width: int; Height: int; BytesPerPixel: int; Scanlines: byte[] }

let private bigEndian (bytes: byte[]) (at: int) =
    (int bytes[at] <<< 24) ||| (int bytes[at + 1] <<< 16) ||| (int bytes[at + 2] <<< 8) ||| int bytes[at + 3]

/// Decodes the chunk structure and the zlib stream per the PNG specification; fails on anything that is not a PNG.
let decode (png: byte[]) =
    if png.Length < 8 || png[0..7] <> [| 0x89uy; 0x50uy; 0x4Euy; 0x47uy; 0x0Duy; 0x0Auy; 0x1Auy; 0x0Auy |] then
        failwith "not a PNG signature"
    let mutable at = 8
    let mutable header = None
    use idat = new MemoryStream()
    while at < png.Length do
        let length = bigEndian png at
        let kind = Text.Encoding.ASCII.GetString(png, at + 4, 4)
        let data = png[at + 8 .. at + 8 + length - 1]
        match kind with
        | "IHDR" ->
            let colourType = data[9]
            let channels = match colourType with 0uy -> 1 | 2uy -> 3 | 4uy -> 2 | 6uy -> 4 | c -> failwith $"colour type %d{c}"
            header <- Some(bigEndian data 0, bigEndian data 4, channels * int data[8] / 8)
        | "IDAT" -> idat.Write data
        | _ -> ()
        at <- at + 12 + length
    let width, height, bytesPerPixel = header |> Option.defaultWith (fun () -> failwith "no IHDR chunk")
    idat.Position <- 0L
    use inflated = new MemoryStream()
    (use zlib = new ZLibStream(idat, CompressionMode.Decompress) in zlib.CopyTo inflated)
    { Width = width; Height = height; BytesPerPixel = bytesPerPixel; Scanlines = inflated.ToArray() }

/// The first channel of pixel (x, y) of an unfiltered image (filter byte 0 on that row).
let channel (image: Decoded) (x: int) (y: int) =
    let row = y * (1 + image.Width * image.BytesPerPixel)
    if image.Scanlines[row] <> 0uy then failwith $"row %d{y} is filtered; only unfiltered rows are read"
    image.Scanlines[row + 1 + x * image.BytesPerPixel]
