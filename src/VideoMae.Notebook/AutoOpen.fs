namespace VideoMae.Notebook

// Referencing this assembly (notebooks/VideoMae.fsx does) opens its namespace in the session: the opens inside a
// #load-ed script do not carry over to the cells that load it. (An assembly can auto-open only its own namespaces.)
[<assembly: AutoOpen("VideoMae.Notebook")>]
do ()
