// Each test starts Redis, several silos and clients that share two cores; tests side by side
// would slow each other's runs past their timeouts.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
