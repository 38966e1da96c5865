namespace NeuronLab.Model.Morph;

/// <summary>One line of an SWC file: <c>id type x y z radius parent</c> (µm), with the line it came from.</summary>
public sealed record SwcSample(int Id, int Type, double X, double Y, double Z, double Radius, int Parent, int Line)
{
    /// <summary>The sample's point.</summary>
    public Point3 Point => new(X, Y, Z, Radius);
}

/// <summary>A point in space with a radius [µm].</summary>
public readonly record struct Point3(double X, double Y, double Z, double Radius)
{
    /// <summary>Euclidean distance between the centres [µm].</summary>
    public double DistanceTo(Point3 other)
    {
        var (dx, dy, dz) = (X - other.X, Y - other.Y, Z - other.Z);
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    /// <summary>Linear interpolation of position and radius.</summary>
    public static Point3 Lerp(Point3 a, Point3 b, double f) =>
        new(a.X + f * (b.X - a.X), a.Y + f * (b.Y - a.Y), a.Z + f * (b.Z - a.Z), a.Radius + f * (b.Radius - a.Radius));
}
