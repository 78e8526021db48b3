namespace VideoMae.Notebook

open System
open System.IO
open System.IO.Compression

/// A minimal PNG writer (8-bit RGB, no filtering) so tensor images need no imaging library.
[<RequireQualifiedAccess>]
module Png =
    let private crcTable =
        Array.init 256 (fun n ->
            let mutable c = uint32 n
            for _ in 1..8 do c <- if c &&& 1u <> 0u then 0xEDB88320u ^^^ (c >>> 1) else c >>> 1
            c)

    let private crc (data: byte[]) =
        let mutable c = 0xFFFFFFFFu
        for b in data do c <- crcTable[int ((c ^^^ uint32 b) &&& 0xFFu)] ^^^ (c >>> 8)
        c ^^^ 0xFFFFFFFFu

    let private bigEndian (value: uint32) =
        [| byte (value >>> 24); byte (value >>> 16); byte (value >>> 8); byte value |]

    let private chunk (out: Stream) (kind: string) (data: byte[]) =
        let typed = Array.append (Text.Encoding.ASCII.GetBytes kind) data
        out.Write(bigEndian (uint32 data.Length))
        out.Write typed
        out.Write(bigEndian (crc typed))

    /// Encodes height × width RGB pixels given row by row (3 bytes per pixel).
    let encodeRgb (width: int) (height: int) (rgb: byte[]) : byte[] =
        if rgb.Length <> width * height * 3 then
            invalidArg "rgb" $"%d{rgb.Length} bytes given for a %d{width}×%d{height} RGB image, which needs %d{width * height * 3}."
        use out = new MemoryStream()
        out.Write [| 0x89uy; 0x50uy; 0x4Euy; 0x47uy; 0x0Duy; 0x0Auy; 0x1Auy; 0x0Auy |]
        chunk out "IHDR" (Array.concat [ bigEndian (uint32 width); bigEndian (uint32 height); [| 8uy; 2uy; 0uy; 0uy; 0uy |] ])
        let compressed =
            use buffer = new MemoryStream()
            (
                use zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen = true)
                for row in 0 .. height - 1 do
                    zlib.WriteByte 0uy
                    zlib.Write(rgb, row * width * 3, width * 3)
            )
            buffer.ToArray()
        chunk out "IDAT" compressed
        chunk out "IEND" [||]
        out.ToArray()
