namespace VideoMae.Notebook

open System
open System.Diagnostics

/// One notebook output replaced in place as work goes on (`Show.live`): shown once, then updated at most once per
/// interval (the first update at once), and always by Finish, so an executed notebook keeps the final content.
/// Content that is costly to make (a chart rendered to PNG) is made only for the updates that go out, and is also
/// throttled by what it costs: the next update waits until making the content has taken at most MaxShare of the
/// time. Under plain `dotnet fsi` (no kernel) the text is printed instead, at most every PlainInterval, and the rich
/// content is never made. Updates come from one thread at a time.
type LiveDisplay internal (text: string, rich: (unit -> (string * string) list) option, interval: TimeSpan) =
    let id = "videomae-live-" + Guid.NewGuid().ToString "N"
    let inNotebook = Display.inNotebook ()
    let clock = Stopwatch.StartNew()
    let mutable nextAt = TimeSpan.Zero
    let mutable finished = false
    let mutable lastCost = TimeSpan.Zero

    do
        if interval < TimeSpan.Zero then
            invalidArg "interval" $"interval is %O{interval} but it must be zero or positive."

    /// Sends one version: display_data when it is the first (the interval then does not hold the first update
    /// back), update_display_data of the same id after.
    let send (update: bool) (text: string) (rich: (unit -> (string * string) list) option) =
        let started = clock.Elapsed
        if inNotebook then
            let representations =
                match rich with
                | Some make ->
                    let made = make ()
                    lastCost <- clock.Elapsed - started
                    made
                | None -> []
            let plain = if List.exists (fst >> (=) "text/plain") representations then [] else [ "text/plain", text ]
            (if update then Display.update else Display.show) id (representations @ plain)
            let byCost = TimeSpan.FromSeconds(lastCost.TotalSeconds / LiveDisplay.MaxShare)
            nextAt <- started + (if update then max interval byCost else byCost)
        else
            Console.WriteLine text
            nextAt <- if update then started + max interval LiveDisplay.PlainInterval else started

    do send false text rich

    /// At most this share of the time goes into making rich content (0.03: 3 %).
    static member MaxShare = 0.03

    /// Outside a notebook a progress line is printed at most this often.
    static member PlainInterval = TimeSpan.FromSeconds 5.0

    /// The display id (display_data's transient display_id).
    member _.Id = id

    /// Whether a notebook shows this output (false under plain `dotnet fsi`, where its text is printed).
    member _.InNotebook = inNotebook

    /// How long making the rich content took the last time it was made (zero before, or without rich content).
    member _.LastCost = lastCost

    /// Replaces the content with text (and rich, when given: MIME type → text, made only if this update goes out),
    /// unless the last update went out less than the interval ago (or less than its cost allows).
    member _.Update(text: string, ?rich: unit -> (string * string) list) =
        if finished then invalidOp $"the live display %s{id} was finished; create a new one with Show.live."
        if clock.Elapsed >= nextAt then send true text rich

    /// The final content: always sent, and after it the display takes no more updates.
    member _.Finish(text: string, ?rich: unit -> (string * string) list) =
        if finished then invalidOp $"the live display %s{id} was already finished."
        finished <- true
        send true text rich
