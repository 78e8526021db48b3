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

    /// A string field of a request, or the fallback when it is absent or not a string.
    let text (o: JsonObject) (name: string) (fallback: string) =
        match o[name] with
        | :? JsonValue as v ->
            match v.TryGetValue<string>() with
            | true, s -> s
            | _ -> fallback
        | _ -> fallback

    let flag (o: JsonObject) (name: string) (fallback: bool) =
        match o[name] with
        | :? JsonValue as v ->
            match v.TryGetValue<bool>() with
            | true, b -> b
            | _ -> fallback
        | _ -> fallback

    let integer (o: JsonObject) (name: string) (fallback: int) =
        match o[name] with
        | :? JsonValue as v ->
            match v.TryGetValue<int>() with
            | true, i -> i
            | _ -> fallback
        | _ -> fallback
