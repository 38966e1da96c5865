using NeuronLab.Simulation;

namespace NeuronLab.Fitting;

public sealed partial class FitObjective
{
    /// <summary>
    /// The loss of every candidate (optimizer units) over the whole stimulus set, simulated as one batch of
    /// candidates × stimuli lanes (lane = candidate · S + stimulus). A candidate whose simulation diverges gets NaN
    /// (CMA-ES ranks it last); the others are simulated again without it.
    /// </summary>
    public void PopulationLosses(IReadOnlyList<double[]> candidates, Span<double> losses)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (losses.Length != candidates.Count) throw new ArgumentException($"{losses.Length} loss slots for {candidates.Count} candidates.", nameof(losses));
        var stimuli = Problem.StimulusCount;
        var active = Enumerable.Range(0, candidates.Count).ToList();
        losses.Fill(double.NaN);
        while (active.Count > 0)
        {
            Options.Cancellation.ThrowIfCancellationRequested();
            var lanes = new List<Lane>(active.Count * stimuli);
            foreach (var k in active)
                for (var s = 0; s < stimuli; s++) lanes.Add(Problem.Lane(candidates[k], s, Problem.Stimulation));
            Interlocked.Add(ref _simulations, lanes.Count);
            SimulationResult recording;
            try
            {
                recording = Simulate(Problem.Path, Problem.Cell, lanes, Options);
            }
            catch (SimulationDivergedException e) when (e.Lane >= 0 && e.Lane < lanes.Count)
            {
                active.RemoveAt(e.Lane / stimuli);
                continue;
            }
            var perLane = LaneLosses(recording, l => l % stimuli);
            for (var a = 0; a < active.Count; a++)
            {
                var sum = 0.0;
                for (var s = 0; s < stimuli; s++) sum += perLane[a * stimuli + s];
                losses[active[a]] = sum;
            }
            return;
        }
    }
}
