namespace VideoMae.Kernel

open System.Text.Json.Nodes

/// Short constructors for message content.
[<RequireQualifiedAccess>]
module Json =
    let str (value: string) = JsonValue.Create value :> JsonNode
    let num (value: int) = JsonValue.Create value :> JsonNode
    let bool (value: bool) = JsonValue.Create value :> JsonNode
    let arr (items: JsonNode seq) = JsonArray(Array.ofSeq items) :> JsonNode
    let obj (fields: (string * JsonNode) list) = JsonObject(dict fields)
    let node (o: JsonObject) = o :> JsonNode

    /// A field of a request read as 'T, or the fallback when it is absent or of another type.
    let private field<'T> (o: JsonObject) (name: string) (fallback: 'T) =
        match o[name] with
        | :? JsonValue as v ->
            match v.TryGetValue<'T>() with
            | true, value -> value
            | _ -> fallback
        | _ -> fallback

    let text (o: JsonObject) (name: string) (fallback: string) = field o name fallback
    let flag (o: JsonObject) (name: string) (fallback: bool) = field o name fallback
    let integer (o: JsonObject) (name: string) (fallback: int) = field o name fallback
