using Dagmm.Benchmarks;
using Dagmm.Core.Training;

// As grid-client and the silo do, so the figures are the product's; DAGMM_ALLOCATOR=system measures glibc's allocator.
TcmallocPreload.RestartWithTcmalloc();
return TrainingBenchmark.Run(args);
