namespace VideoMae.Kernel

open System
open System.Security.Cryptography
open System.Text

/// HMAC-SHA256 over a message's header, parent header, metadata and content frames, as lowercase hex. An empty key
/// means the client asked for unsigned messages (the protocol's way of switching authentication off).
type Signer(key: string) =
    let keyBytes = Encoding.UTF8.GetBytes key

    /// The signature of the four JSON frames, or "" when signing is off.
    member _.Sign(frames: byte[] seq) : string =
        if keyBytes.Length = 0 then ""
        else
            use hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keyBytes)
            for frame in frames do hmac.AppendData frame
            Convert.ToHexStringLower(hmac.GetHashAndReset())

    /// Whether a received signature matches, compared in constant time.
    member this.Verify(signature: byte[], frames: byte[] seq) : bool =
        let expected = Encoding.ASCII.GetBytes(this.Sign frames)
        CryptographicOperations.FixedTimeEquals(ReadOnlySpan expected, ReadOnlySpan signature)
