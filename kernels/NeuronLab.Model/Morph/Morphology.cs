using System.Collections.Immutable;

namespace NeuronLab.Model.Morph;

/// <summary>A frustum between two points [µm], with the SWC structure type (tag) of its distal sample.</summary>
/// <param name="Id">Index in <see cref="Morphology.Segments"/>.</param>
/// <param name="Parent">The segment whose distal end this one starts from, or −1 at the root.</param>
public sealed record Segment(int Id, int Parent, Point3 Proximal, Point3 Distal, int Tag)
{
    /// <summary>Length along the axis [µm].</summary>
    public double Length => Proximal.DistanceTo(Distal);

    /// <summary>Lateral area of the frustum, no end caps [µm²]: π (r₀ + r₁) √(L² + (r₁ − r₀)²).</summary>
    public double LateralArea
    {
        get
        {
            var dr = Distal.Radius - Proximal.Radius;
            return Math.PI * (Proximal.Radius + Distal.Radius) * Math.Sqrt(Length * Length + dr * dr);
        }
    }
}

/// <summary>
/// An unbranched chain of segments with one tag. A branch starts at the root or at the distal end of its parent
/// branch; branches end at forks, at tag changes and at tips.
/// </summary>
public sealed record Branch(int Id, int Parent, ImmutableArray<int> Segments, int Tag);

/// <summary>
/// A cell's shape as a tree of frustum segments grouped into branches (Arbor's segment tree and branches).
/// Immutable; build it with <see cref="SwcReader"/> or <see cref="MorphologyBuilder"/>.
/// </summary>
public sealed record Morphology(ImmutableArray<Segment> Segments, ImmutableArray<Branch> Branches, string Source)
{
    /// <summary>Total length of a branch [µm].</summary>
    public double BranchLength(int branch) => Branches[branch].Segments.Sum(s => Segments[s].Length);

    /// <summary>Children of a branch (branches whose parent it is), in id order.</summary>
    public IEnumerable<Branch> ChildrenOf(int branch) => Branches.Where(b => b.Parent == branch);

    /// <summary>The distinct structure types present, sorted.</summary>
    public IReadOnlyList<int> Tags => [.. Segments.Select(s => s.Tag).Distinct().Order()];

    /// <summary>Total membrane area [µm²].</summary>
    public double Area => Segments.Sum(s => s.LateralArea);
}
