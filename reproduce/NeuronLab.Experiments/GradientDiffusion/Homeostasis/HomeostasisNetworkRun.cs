using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Network;
using NeuronLab.Simulation.Network;

namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// A run of the homeostasis network: every cell a <see cref="HomeostasisLearner"/> (its own ODE loop, as the single-cell
/// experiment), joined by the engine's <see cref="SpikeRouter"/> — the same delays, NEURON-order delivery and windowed
/// exchange as <c>Simulator.Run</c> with a <see cref="LaneNetwork"/>. Cells advance one window (the 10 ms delay) at a
/// time in parallel, so the result does not depend on the thread count.
/// </summary>
/// <param name="Frequency">[cell][sample] the estimator f [Hz].</param>
/// <param name="Parameters">[cell][parameter][sample]: g_Na, g_K [mS/cm²], gain.</param>
/// <param name="SpikeTimes">[cell] upward crossings of −10 mV [ms].</param>
public sealed record HomeostasisNetworkRun(HomeostasisNetworkSettings Settings, ImmutableArray<Connection> Connections, double[] Times,
    double[][] Frequency, double[][][] Parameters, double[][] SpikeTimes)
{
    /// <summary>The connection graph of §5: for each target, sources drawn uniformly with replacement from the others.</summary>
    public static ImmutableArray<Connection> Connect(HomeostasisNetworkSettings settings)
    {
        var random = new Random(settings.ConnectivitySeed);
        var connections = ImmutableArray.CreateBuilder<Connection>();
        for (var target = 0; target < settings.Cells; target++)
            for (var k = 0; k < settings.SourcesPerCell; k++)
            {
                var source = random.Next(settings.Cells - 1);
                if (source >= target) source++;
                connections.Add(new Connection(source, "root", target, "syn", settings.Weight, settings.Delay));
            }
        return connections.ToImmutable();
    }

    public static HomeostasisNetworkRun Simulate(HomeostasisNetworkSettings settings, int threads = 1, CancellationToken cancellation = default, IProgress<double>? progress = null)
    {
        var cell = settings.Cell;
        var connections = Connect(settings);
        var site = Location.AtCompartment(0); // a one-compartment cell: the detector and the synapse share it
        var network = new LaneNetwork([new ExpSynapse("syn", site, settings.SynapseTau, settings.SynapseReversal)], [new SpikeDetector("root", site, HomeostasisSettings.SpikeThreshold)], connections);
        var router = new SpikeRouter(network, settings.Cells, cell.Dt);
        var learners = Enumerable.Range(0, settings.Cells).Select(k => new HomeostasisLearner(cell with { Seed = cell.Seed + (ulong)k })).ToArray();
        var inputs = Enumerable.Range(0, settings.Cells)
            .Select(k => new HomeostasisLearner.SynapticInput(router, k, settings.SynapseTau, settings.SynapseReversal, HomeostasisNetworkSettings.MembraneArea)).ToArray();
        var windowSpikes = Enumerable.Range(0, settings.Cells).Select(_ => new List<Spike>()).ToArray();
        var onSpike = Enumerable.Range(0, settings.Cells).Select(k => (Action<double>)(t => windowSpikes[k].Add(new Spike(k, 0, t)))).ToArray();
        var spikes = Enumerable.Range(0, settings.Cells).Select(_ => new List<double>()).ToArray();

        var total = cell.StepCount;
        var samples = (int)(total / cell.RecordEvery) + 1;
        var times = new double[samples];
        var frequency = learners.Select(_ => new double[samples]).ToArray();
        var parameters = learners.Select(_ => HomeostasisSettings.ParameterNames.Select(_ => new double[samples]).ToArray()).ToArray();
        Sample(0);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellation };
        for (long step = 0; step < total;)
        {
            var chunk = Math.Min(Math.Min(router.WindowSteps, cell.RecordEvery - step % cell.RecordEvery), total - step);
            Parallel.For(0, learners.Length, parallel, k => learners[k].Advance(chunk, onSpike[k], inputs[k]));
            for (var k = 0; k < learners.Length; k++)
            {
                router.Route(windowSpikes[k]);
                spikes[k].AddRange(windowSpikes[k].Select(s => s.Time));
                windowSpikes[k].Clear();
            }
            step += chunk;
            if (step % cell.RecordEvery == 0)
            {
                Sample((int)(step / cell.RecordEvery));
                progress?.Report((double)step / total);
            }
        }
        return new HomeostasisNetworkRun(settings, connections, times, frequency, parameters, [.. spikes.Select(s => s.ToArray())]);

        void Sample(int i)
        {
            times[i] = learners[0].Time;
            for (var k = 0; k < learners.Length; k++)
            {
                frequency[k][i] = learners[k].State[4];
                for (var j = 0; j < HomeostasisSettings.ParameterNames.Length; j++) parameters[k][j][i] = learners[k].Theta[j];
            }
        }
    }

    /// <summary>Mean of cell <paramref name="cell"/>'s estimator f over [<paramref name="from"/>, end] [Hz].</summary>
    public double MeanFrequency(int cell, double from) =>
        Enumerable.Range(0, Times.Length).Where(i => Times[i] >= from).Select(i => Frequency[cell][i]).Average();

    /// <summary>Spikes per second of cell <paramref name="cell"/> over [<paramref name="from"/>, <paramref name="to"/>] [Hz].</summary>
    public double SpikeRate(int cell, double from, double to) => SpikeTimes[cell].Count(t => t >= from && t < to) / ((to - from) / 1000);

    /// <summary>The reference's plot: each cell's rate in <paramref name="bins"/> equal bins over the run [Hz], [cell][bin].</summary>
    public double[][] RateHistogram(int bins)
    {
        var width = Times[^1] / bins;
        return [.. SpikeTimes.Select((_, k) => Enumerable.Range(0, bins).Select(b => SpikeRate(k, b * width, (b + 1) * width)).ToArray())];
    }
}
