using System.Collections.Immutable;

namespace NeuronLab.Model.Morph;

/// <summary>
/// Turns SWC samples into a <see cref="Morphology"/>, interpreting somas as NEURON and Arbor do, and cuts segments
/// into branches.
/// </summary>
/// <remarks>
/// Soma conventions (tag 1):
/// <list type="bullet">
/// <item>one-point soma (a root soma sample and no other soma sample): a cylinder of radius r and length 2r along y,
/// centred on the sample (same area as the sphere); children attach at its centre;</item>
/// <item>three-point soma (NeuroMorpho: root plus two soma children at ±r along one axis): the cylinder through the
/// three points; children attach at the centre;</item>
/// <item>contour soma (a closed outline of ≥ 4 soma samples in a chain that returns to its start): a stack of
/// frustums along the outline's principal axis whose diameters are the outline's widths (as NEURON's Import3d);
/// children attach at its centre;</item>
/// <item>any other soma (a tree of soma samples): ordinary frustums, like every other sample.</item>
/// </list>
/// Each non-root sample gives a frustum from its parent to itself. The proximal radius is the parent's, except
/// where the structure type changes (a dendrite leaving the soma starts with its own radius, not the soma's).
/// </remarks>
public static class MorphologyBuilder
{
    private const int SomaTag = 1;
    private const int ContourSlices = 10;

    /// <summary>Builds a morphology from SWC samples (as returned by <see cref="SwcReader.ParseSamples"/>).</summary>
    public static Morphology FromSwc(IReadOnlyList<SwcSample> samples, string source)
    {
        var byId = samples.ToDictionary(s => s.Id);
        var children = samples.ToLookup(s => s.Parent);
        var root = samples.Single(s => s.Parent == -1);
        var somaSamples = samples.Where(s => s.Type == SomaTag).ToList();
        var segments = new List<Segment>();

        // Segments built so far end at these sample ids (distal point); children hang off them.
        var attachSegment = new Dictionary<int, int>();
        int AddSegment(int parent, Point3 proximal, Point3 distal, int tag)
        {
            segments.Add(new Segment(segments.Count, parent, proximal, distal, tag));
            return segments.Count - 1;
        }

        var handled = new HashSet<int>();
        if (root.Type == SomaTag && TryBuildSpecialSoma(root, somaSamples, children, AddSegment, out var centreSegment, out var somaIds))
        {
            foreach (var id in somaIds) { attachSegment[id] = centreSegment; handled.Add(id); }
        }
        else
        {
            handled.Add(root.Id);
            attachSegment[root.Id] = -1;
        }

        // Breadth-first over the remaining samples so parents get their segment before children.
        var queue = new Queue<int>(handled.SelectMany(id => children[id]).Where(c => !handled.Contains(c.Id)).Select(c => c.Id));
        while (queue.Count > 0)
        {
            var sample = byId[queue.Dequeue()];
            var parent = byId[sample.Parent];
            var proximal = ProximalPoint(parent, sample, attachSegment[parent.Id], segments);
            attachSegment[sample.Id] = AddSegment(attachSegment[parent.Id], proximal, sample.Point, sample.Type);
            foreach (var child in children[sample.Id]) queue.Enqueue(child.Id);
        }

        var ordered = OrderDepthFirst(segments);
        return new Morphology(ordered, CutBranches(ordered), source);
    }

    /// <summary>Builds a morphology from explicit segments (parents before children), cutting it into branches.</summary>
    public static Morphology FromSegments(IEnumerable<Segment> segments, string source)
    {
        var list = segments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Id != i) throw new ArgumentException($"Segment {i} has id {list[i].Id}; ids must be 0..n-1 in order.", nameof(segments));
            if (list[i].Parent >= i || list[i].Parent < -1) throw new ArgumentException($"Segment {i} has parent {list[i].Parent}; parents must come first.", nameof(segments));
        }
        var ordered = OrderDepthFirst(list);
        return new Morphology(ordered, CutBranches(ordered), source);
    }

    private static Point3 ProximalPoint(SwcSample parent, SwcSample sample, int parentSegment, List<Segment> segments)
    {
        // The parent may have been replaced by a special soma: start from where that soma's centre lies.
        var start = parentSegment >= 0 && parent.Type == SomaTag && segments[parentSegment].Tag == SomaTag && parent.Type != sample.Type
            ? segments[parentSegment].Distal
            : parent.Point;
        var radius = parent.Type == sample.Type ? parent.Radius : sample.Radius;
        return start with { Radius = radius };
    }

    private static bool TryBuildSpecialSoma(
        SwcSample root, List<SwcSample> soma, ILookup<int, SwcSample> children,
        Func<int, Point3, Point3, int, int> addSegment, out int centreSegment, out IReadOnlyList<int> somaIds)
    {
        centreSegment = -1;
        somaIds = [];
        var r = root.Radius;
        if (soma.Count == 1)
        {
            var lower = root.Point with { Y = root.Y - r };
            var upper = root.Point with { Y = root.Y + r };
            centreSegment = addSegment(-1, lower, root.Point, SomaTag);
            addSegment(centreSegment, root.Point, upper, SomaTag);
            somaIds = [root.Id];
            return true;
        }
        var somaChildren = children[root.Id].Where(c => c.Type == SomaTag).ToList();
        if (soma.Count == 3 && somaChildren.Count == 2 && somaChildren.All(c => !children[c.Id].Any(g => g.Type == SomaTag)))
        {
            var (a, b) = (somaChildren[0], somaChildren[1]);
            centreSegment = addSegment(-1, a.Point with { Radius = r }, root.Point, SomaTag);
            addSegment(centreSegment, root.Point, b.Point with { Radius = r }, SomaTag);
            somaIds = [root.Id, a.Id, b.Id];
            return true;
        }
        if (IsContour(root, soma, children, out var outline))
        {
            var stack = ContourToStack(outline);
            var half = stack.Count / 2;
            var previous = -1;
            for (var i = 0; i + 1 < stack.Count; i++)
            {
                previous = addSegment(previous, stack[i], stack[i + 1], SomaTag);
                if (i + 1 == half) centreSegment = previous;
            }
            somaIds = [.. outline.Select(s => s.Id)];
            return true;
        }
        return false;
    }

    private static bool IsContour(SwcSample root, List<SwcSample> soma, ILookup<int, SwcSample> children, out List<SwcSample> outline)
    {
        outline = [root];
        var current = root;
        while (true)
        {
            var next = children[current.Id].Where(c => c.Type == SomaTag).ToList();
            if (next.Count == 0) break;
            if (next.Count > 1) return false;
            current = next[0];
            outline.Add(current);
        }
        if (outline.Count < 4 || outline.Count != soma.Count) return false;
        // Closed: the last point returns close to the first, relative to the outline's size.
        var perimeter = outline.Zip(outline.Skip(1)).Sum(p => p.First.Point.DistanceTo(p.Second.Point));
        return outline[^1].Point.DistanceTo(outline[0].Point) < 0.1 * perimeter / outline.Count * 2;
    }

    private static List<Point3> ContourToStack(List<SwcSample> outline)
    {
        // Principal axis of the outline in its plane (2-D PCA of x, y; z averaged), as NEURON's contour-to-centroid.
        var (cx, cy, cz) = (outline.Average(s => s.X), outline.Average(s => s.Y), outline.Average(s => s.Z));
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var s in outline) { sxx += (s.X - cx) * (s.X - cx); sxy += (s.X - cx) * (s.Y - cy); syy += (s.Y - cy) * (s.Y - cy); }
        var angle = 0.5 * Math.Atan2(2 * sxy, sxx - syy);
        var (ax, ay) = (Math.Cos(angle), Math.Sin(angle));
        var along = outline.Select(s => (s.X - cx) * ax + (s.Y - cy) * ay).ToList();
        var across = outline.Select(s => -(s.X - cx) * ay + (s.Y - cy) * ax).ToList();
        var (lo, hi) = (along.Min(), along.Max());
        var stack = new List<Point3>();
        for (var k = 0; k <= ContourSlices; k++)
        {
            var u = lo + (hi - lo) * k / ContourSlices;
            var width = WidthAt(along, across, u);
            stack.Add(new Point3(cx + u * ax, cy + u * ay, cz, Math.Max(width / 2, 1e-3)));
        }
        return stack;
    }

    // Width of a closed polygon perpendicular to its axis at axial position u (max minus min crossing).
    private static double WidthAt(List<double> along, List<double> across, double u)
    {
        var crossings = new List<double>();
        var n = along.Count;
        for (var i = 0; i < n; i++)
        {
            var j = (i + 1) % n;
            var (a0, a1) = (along[i], along[j]);
            if ((a0 - u) * (a1 - u) > 0 || a0 == a1) continue;
            var f = (u - a0) / (a1 - a0);
            crossings.Add(across[i] + f * (across[j] - across[i]));
        }
        return crossings.Count >= 2 ? crossings.Max() - crossings.Min() : 0.0;
    }

    // Renumbers segments depth-first so every branch is a contiguous run of ids and parents precede children.
    private static ImmutableArray<Segment> OrderDepthFirst(List<Segment> segments)
    {
        var children = segments.ToLookup(s => s.Parent);
        var order = new List<Segment>();
        var newId = new Dictionary<int, int>();
        var stack = new Stack<Segment>(children[-1].Reverse());
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            newId[s.Id] = order.Count;
            order.Add(s);
            foreach (var c in children[s.Id].Reverse()) stack.Push(c);
        }
        return [.. order.Select(s => s with { Id = newId[s.Id], Parent = s.Parent < 0 ? -1 : newId[s.Parent] })];
    }

    private static ImmutableArray<Branch> CutBranches(ImmutableArray<Segment> segments)
    {
        var childCount = new int[segments.Length];
        foreach (var s in segments) if (s.Parent >= 0) childCount[s.Parent]++;
        var branchOf = new int[segments.Length];
        var branches = new List<(int Parent, List<int> Segments, int Tag)>();
        foreach (var s in segments)
        {
            var continues = s.Parent >= 0 && childCount[s.Parent] == 1 && segments[s.Parent].Tag == s.Tag;
            if (continues)
            {
                branchOf[s.Id] = branchOf[s.Parent];
                branches[branchOf[s.Id]].Segments.Add(s.Id);
            }
            else
            {
                branchOf[s.Id] = branches.Count;
                branches.Add((s.Parent < 0 ? -1 : branchOf[s.Parent], [s.Id], s.Tag));
            }
        }
        return [.. branches.Select((b, i) => new Branch(i, b.Parent, [.. b.Segments], b.Tag))];
    }
}
