using NeuronLab.Model.Morph;

namespace NeuronLab.Simulation.Lowering;

/// <summary>
/// Integrals along one branch, a chain of frustums with linearly varying radius: lateral area and the axial
/// resistance integral ∫ dx / (π r(x)²), between any two arc-length positions [µm].
/// </summary>
internal sealed class BranchGeometry
{
    private readonly List<(double Start, double Length, double R0, double R1)> _pieces = [];

    public BranchGeometry(Morphology morphology, Branch branch)
    {
        var position = 0.0;
        foreach (var id in branch.Segments)
        {
            var s = morphology.Segments[id];
            _pieces.Add((position, s.Length, s.Proximal.Radius, s.Distal.Radius));
            SegmentEnds.Add(position + s.Length);
            position += s.Length;
        }
        Length = position;
    }

    /// <summary>Total arc length [µm].</summary>
    public double Length { get; }

    /// <summary>Arc-length position of the distal end of each segment [µm].</summary>
    public List<double> SegmentEnds { get; } = [];

    /// <summary>Lateral membrane area between positions a ≤ b [µm²] (frustum slant areas, no caps).</summary>
    public double Area(double a, double b) => Integrate(a, b, (length, r0, r1) =>
        Math.PI * (r0 + r1) * Math.Sqrt(length * length + (r1 - r0) * (r1 - r0)));

    /// <summary>∫ₐᵇ dx / (π r(x)²) [1/µm]: with linear r over a piece of length ℓ this is ℓ / (π r₀ r₁).</summary>
    public double ResistanceIntegral(double a, double b) => Integrate(a, b, (length, r0, r1) => length / (Math.PI * r0 * r1));

    /// <summary>Radius at a position [µm].</summary>
    public double RadiusAt(double x)
    {
        foreach (var (start, length, r0, r1) in _pieces)
        {
            if (x <= start + length)
                return length == 0 ? r1 : r0 + (r1 - r0) * Math.Clamp((x - start) / length, 0, 1);
        }
        return _pieces[^1].R1;
    }

    private double Integrate(double a, double b, Func<double, double, double, double> pieceIntegral)
    {
        var total = 0.0;
        foreach (var (start, length, r0, r1) in _pieces)
        {
            var lo = Math.Max(a, start);
            var hi = Math.Min(b, start + length);
            if (hi <= lo || length == 0) continue;
            var ra = r0 + (r1 - r0) * (lo - start) / length;
            var rb = r0 + (r1 - r0) * (hi - start) / length;
            total += pieceIntegral(hi - lo, ra, rb);
        }
        return total;
    }
}
