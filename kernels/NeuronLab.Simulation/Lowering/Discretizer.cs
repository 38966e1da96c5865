using NeuronLab.Model.Cells;
using NeuronLab.Model.Morph;

namespace NeuronLab.Simulation.Lowering;

/// <summary>Cuts each branch into compartment intervals [µm along the branch] according to a policy.</summary>
internal static class Discretizer
{
    public static List<(double Start, double End)>[] Intervals(Morphology morphology, BranchGeometry[] geometries, Discretization policy)
    {
        var totalLength = geometries.Sum(g => g.Length);
        return [.. morphology.Branches.Select(b =>
        {
            var g = geometries[b.Id];
            return policy switch
            {
                PerSegmentDiscretization => Consecutive(g.SegmentEnds.Prepend(0.0).ToList()),
                PerBranchDiscretization p => Equal(g.Length, Positive(p.Count, nameof(p.Count))),
                MaxLengthDiscretization m => Equal(g.Length, Math.Max(1, (int)Math.Ceiling(g.Length / PositiveLength(m.Microns)))),
                FixedCountDiscretization f => Equal(g.Length, Math.Max(1, (int)Math.Round(Positive(f.Total, nameof(f.Total)) * g.Length / totalLength))),
                _ => throw new ArgumentOutOfRangeException(nameof(policy), policy.GetType().Name, "Unknown discretization policy."),
            };
        })];
    }

    private static List<(double, double)> Equal(double length, int count) =>
        [.. Enumerable.Range(0, count).Select(k => (length * k / count, length * (k + 1) / count))];

    private static List<(double, double)> Consecutive(List<double> bounds) =>
        [.. bounds.Zip(bounds.Skip(1)).Where(p => p.Second > p.First)];

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}.");

    private static double PositiveLength(double value) =>
        value > 0 ? value : throw new ArgumentException($"The maximum compartment length must be positive, got {value} µm.");
}
