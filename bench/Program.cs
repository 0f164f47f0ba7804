using Dagmm.Benchmarks;

return TrainingBenchmark.Run(args);
