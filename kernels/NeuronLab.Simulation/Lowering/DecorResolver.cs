using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Simulation.Lowering;

/// <summary>Applies a decor's paintings, in order, to lowered nodes.</summary>
internal static class DecorResolver
{
    public sealed record Result(
        ImmutableArray<double> MembraneCapacitance,
        ImmutableArray<double> AxialResistivity,
        ImmutableArray<double> InitialVoltage,
        ImmutableDictionary<string, ImmutableArray<double>> ReversalPotentials,
        ImmutableArray<MechanismInstances> Mechanisms);

    public static Result Resolve(CellDescription cell, ImmutableArray<NodeInfo> nodes, RegionResolver regions)
    {
        var n = nodes.Length;
        var cm = Enumerable.Repeat(Decor.Defaults.MembraneCapacitance, n).ToArray();
        var ra = Enumerable.Repeat(Decor.Defaults.AxialResistivity, n).ToArray();
        var vInit = Enumerable.Repeat(Decor.Defaults.InitialVoltage, n).ToArray();
        var reversal = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        var mechanisms = new Dictionary<string, (Mechanism Mechanism, SortedDictionary<int, double[]> Values)>(StringComparer.Ordinal);
        var order = new List<string>();

        foreach (var (region, what) in cell.Decor.Paints)
        {
            var targets = regions.Resolve(region);
            switch (what)
            {
                case MembraneCapacitance c: foreach (var i in targets) cm[i] = c.Value; break;
                case AxialResistivity r: foreach (var i in targets) ra[i] = r.Value; break;
                case InitialVoltage v: foreach (var i in targets) vInit[i] = v.Value; break;
                case ReversalPotential e:
                    if (!reversal.TryGetValue(e.Ion, out var values)) reversal[e.Ion] = values = new double?[n];
                    foreach (var i in targets) values[i] = e.Value;
                    break;
                case MechanismPaint m:
                {
                    var name = m.Mechanism.Name;
                    if (!mechanisms.TryGetValue(name, out var entry))
                    {
                        entry = (m.Mechanism, new SortedDictionary<int, double[]>());
                        mechanisms[name] = entry;
                        order.Add(name);
                    }
                    else if (!ReferenceEquals(entry.Mechanism, m.Mechanism) && entry.Mechanism != m.Mechanism)
                    {
                        throw new ArgumentException($"Two different mechanisms are both named '{name}'; give one another name.", nameof(cell));
                    }
                    foreach (var i in targets)
                    {
                        if (!entry.Values.TryGetValue(i, out var parameters))
                            entry.Values[i] = parameters = [.. m.Mechanism.Parameters.Select(p => p.Default)];
                        foreach (var (field, value) in m.Values)
                            parameters[m.Mechanism.Parameters.Select(p => p.Name).ToList().IndexOf(field)] = value;
                    }
                    break;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(cell), what.GetType().Name, "Unknown paintable.");
            }
        }

        // Junctions have no membrane; they start at the voltage of the compartment they hang off (NEURON sets all nodes alike).
        for (var i = 0; i < n; i++)
        {
            if (nodes[i].Kind == NodeKind.Junction) cm[i] = 0.0;
        }
        FillJunctionVoltages(nodes, vInit);

        var instances = order.Select(name =>
        {
            var (mechanism, values) = mechanisms[name];
            var nodeList = values.Keys.ToImmutableArray();
            var perParameter = Enumerable.Range(0, mechanism.Parameters.Length)
                .Select(p => nodeList.Select(node => values[node][p]).ToImmutableArray()).ToImmutableArray();
            return new MechanismInstances(mechanism, nodeList, perParameter);
        }).ToImmutableArray();

        var ions = instances.SelectMany(m => m.Mechanism.Ions.Select(ion => (ion.Ion, Mechanism: m))).ToList();
        var reversalArrays = ImmutableDictionary.CreateBuilder<string, ImmutableArray<double>>(StringComparer.Ordinal);
        foreach (var ion in ions.Select(i => i.Ion).Concat(reversal.Keys).Distinct())
        {
            reversal.TryGetValue(ion, out var painted);
            var hasDefault = Decor.Defaults.ReversalPotentials.TryGetValue(ion, out var fallback);
            var values = new double[n];
            foreach (var (_, m) in ions.Where(i => i.Ion == ion))
            {
                foreach (var node in m.Nodes)
                {
                    if (painted?[node] is null && !hasDefault)
                        throw new ArgumentException(
                            $"Mechanism '{m.Mechanism.Name}' reads the reversal potential of ion '{ion}' on node {node}, which has none: paint a ReversalPotential(\"{ion}\", value) there.", nameof(cell));
                }
            }
            for (var i = 0; i < n; i++) values[i] = painted?[i] ?? fallback;
            reversalArrays[ion] = [.. values];
        }

        return new Result([.. cm], [.. ra], [.. vInit], reversalArrays.ToImmutable(), instances);
    }

    private static void FillJunctionVoltages(ImmutableArray<NodeInfo> nodes, double[] vInit)
    {
        // Junction i's parent precedes it in Hines order, except a root junction, which takes its first child's value.
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Kind != NodeKind.Junction) continue;
            var source = i == 0 ? Math.Min(1, nodes.Length - 1) : i - 1;
            vInit[i] = vInit[source];
        }
    }
}
