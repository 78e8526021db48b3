namespace VideoMae.Kernel

open System
open System.Text
open System.Text.Json.Nodes

/// One Jupyter message as it travels: routing identities, then the delimiter, the signature and four JSON frames.
type Message =
    { Identities: byte[] list
      Header: JsonObject
      ParentHeader: JsonObject
      Metadata: JsonObject
      Content: JsonObject }

    member this.MsgType = string this.Header["msg_type"]

/// Turns frames into messages and back (messaging protocol 5.3, "The Wire Protocol").
type Wire(signer: Signer, session: string) =
    static let delimiter = Encoding.ASCII.GetBytes "<IDS|MSG>"
    static let json (node: JsonNode) = Encoding.UTF8.GetBytes(node.ToJsonString())

    static let parseObject (what: string) (frame: byte[]) =
        match JsonNode.Parse(Encoding.UTF8.GetString frame) with
        | :? JsonObject as o -> o
        | _ -> failwith $"the %s{what} frame is not a JSON object"

    /// The protocol version this kernel speaks.
    static member ProtocolVersion = "5.3"

    /// Decodes received frames; a message that is malformed or wrongly signed comes back as Error with the reason.
    member _.Decode(frames: byte[] list) : Result<Message, string> =
        match List.tryFindIndex (fun (f: byte[]) -> f.AsSpan().SequenceEqual(ReadOnlySpan delimiter)) frames with
        | None -> Error "no <IDS|MSG> delimiter among the frames"
        | Some at ->
            let identities, rest = List.splitAt at frames
            match List.tail rest with
            | signature :: header :: parent :: metadata :: content :: _ ->
                if not (signer.Verify(signature, [ header; parent; metadata; content ])) then
                    Error "the HMAC signature does not match the message (wrong key or altered frames)"
                else
                    try
                        let message =
                            { Identities = identities
                              Header = parseObject "header" header
                              ParentHeader = parseObject "parent header" parent
                              Metadata = parseObject "metadata" metadata
                              Content = parseObject "content" content }
                        match message.Header["msg_type"], message.Header["msg_id"] with
                        | null, _ -> Error "the header has no msg_type"
                        | _, null -> Error "the header has no msg_id"
                        | _ -> Ok message
                    with e -> Error $"a JSON frame does not parse: %s{e.Message}"
            | _ -> Error $"%d{List.length rest - 1} frames after the delimiter where at least 5 are needed"

    /// The frames of a reply or broadcast of type msgType to the request parent, routed to identities.
    member _.Encode(identities: byte[] list, parent: JsonObject, msgType: string, content: JsonObject) : byte[] list =
        let header =
            JsonObject(
                dict [ "msg_id", JsonValue.Create(Guid.NewGuid().ToString "N") :> JsonNode
                       "session", JsonValue.Create session
                       "username", JsonValue.Create "kernel"
                       "date", JsonValue.Create(DateTimeOffset.UtcNow.ToString "yyyy-MM-ddTHH:mm:ss.ffffffZ")
                       "msg_type", JsonValue.Create msgType
                       "version", JsonValue.Create Wire.ProtocolVersion ])
        let frames = [ json header; json (parent.DeepClone()); json (JsonObject()); json content ]
        identities @ [ delimiter; Encoding.ASCII.GetBytes(signer.Sign frames) ] @ frames
