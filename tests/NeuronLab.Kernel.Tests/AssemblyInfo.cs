// Kernel tests start real kernel processes and measure interrupt latency: on a 2-core machine, running the
// classes in parallel makes them compete for the CPU (Roslyn compiles in each kernel), so they run one by one.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
