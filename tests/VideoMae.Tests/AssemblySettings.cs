// Tests run one at a time: libtorch's random generator is process-wide, so a test that seeds it (manual_seed) and then
// builds modules is only deterministic when no other test draws from it meanwhile.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
