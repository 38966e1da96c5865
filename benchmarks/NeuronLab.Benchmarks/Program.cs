using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(NeuronLab.Benchmarks.KernelBenchmarks).Assembly).Run(args);
