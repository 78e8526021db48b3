/// Tests run one at a time: libtorch's random generator is process-wide, so a training that seeds it (manual_seed) is
/// only deterministic when no other test trains meanwhile. StageTests checks that a re-trained stage reproduces its
/// recorded weights; it failed in CI while RunsFixture trained beside it.
module VideoMae.Notebook.Tests.AssemblySettings

[<assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)>]
do ()
