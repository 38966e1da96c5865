using System.Collections.Immutable;
using System.Text.Json;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Network;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.CellFiles;

/// <summary>
/// Reads network files (<c>neuronlab-network/1</c>, docs/network-file.md): a cell file, a number of cells (lanes),
/// exponential synapses and spike detectors placed on every cell, and connections between cells. Errors name the file
/// and the JSON path, as <see cref="CellFileReader"/>'s do.
/// </summary>
public static class NetworkFileReader
{
    public const string Format = "neuronlab-network/1";

    private static readonly string[] s_topLevel = ["format", "name", "description", "cell", "cells", "stimulated", "synapses", "detectors", "connections"];

    /// <summary>True when <paramref name="path"/> is JSON whose <c>format</c> is <see cref="Format"/> (false for anything else, including bad JSON).</summary>
    public static bool IsNetworkFile(string path)
    {
        try
        {
            using var document = CellFileReader.ParseJson(File.ReadAllText(path), path);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out var f) &&
                f.ValueKind == JsonValueKind.String && f.GetString() == Format;
        }
        catch (Exception e) when (e is CellFileException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <exception cref="CellFileException">The file, or the cell file it names, is missing or invalid.</exception>
    public static NetworkFile Read(string path)
    {
        using var document = CellFileReader.ParseJson(CellFileReader.ReadText(path), path);
        var root = new JsonCursor(document.RootElement, "$", path).RequireObject(s_topLevel);
        return ReadRoot(root, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    private static NetworkFile ReadRoot(JsonCursor root, string path, string baseDirectory)
    {
        if (root.Optional("format") is { } format && format.String() != Format)
            throw format.Error($"expected \"{Format}\", found {format.Shown}");
        var cellPath = root.Property("cell");
        var cell = CellFileReader.Read(Path.Combine(baseDirectory, cellPath.String()));
        var lowered = CellLowering.Lower(cell.Cell);
        var count = root.Property("cells").Integer(1);

        var synapses = root.Optional("synapses")?.Items().Select(s =>
        {
            s.RequireObject("name", "location", "tau", "e");
            return Checked(s, new ExpSynapse(s.Property("name").String(), ReadLocation(s.Property("location"), lowered),
                s.Optional("tau")?.PositiveNumber() ?? 2.0, s.Optional("e")?.Number() ?? 0.0), x => x.Validate());
        }).ToImmutableArray() ?? [];
        var detectors = root.Optional("detectors")?.Items().Select(d =>
        {
            d.RequireObject("name", "location", "threshold");
            return Checked(d, new SpikeDetector(d.Property("name").String(), ReadLocation(d.Property("location"), lowered),
                d.Optional("threshold")?.Number() ?? -10.0), x => x.Validate());
        }).ToImmutableArray() ?? [];
        var connections = root.Optional("connections")?.Items().Select(c =>
        {
            c.RequireObject("source", "detector", "target", "synapse", "weight", "delay");
            var connection = new Connection(c.Property("source").Integer(0), c.Property("detector").String(), c.Property("target").Integer(0),
                c.Property("synapse").String(), c.Property("weight").Number(), c.Property("delay").PositiveNumber());
            return Checked(c, connection, x => new LaneNetwork(synapses, detectors, [x]).Validate(count));
        }).ToImmutableArray() ?? [];
        var network = new LaneNetwork(synapses, detectors, connections);

        var stimulated = root.Optional("stimulated") is { } list
            ? list.Items().Select(i =>
            {
                var lane = i.Integer(0);
                if (lane >= count) throw i.Error($"cell {lane} does not exist; the network has {count} (0..{count - 1})");
                return lane;
            }).ToHashSet()
            : [.. Enumerable.Range(0, count)];
        var unstimulated = cell.Lane with { Stimuli = [] };
        var lanes = Enumerable.Range(0, count).Select(l => stimulated.Contains(l) ? cell.Lane : unstimulated).ToImmutableArray();
        var name = root.Optional("name")?.String() ?? Path.GetFileNameWithoutExtension(path);
        return new NetworkFile(name, path, cell, network, lanes);
    }

    /// <summary><c>{"branch": b, "x": 0.5}</c> or <c>{"compartment": id}</c>, checked against the lowered cell.</summary>
    private static Location ReadLocation(JsonCursor at, LoweredCell cell)
    {
        at.RequireObject("branch", "x", "compartment");
        var location = at.Has("compartment")
            ? Location.AtCompartment(at.Property("compartment").Integer(0))
            : Location.OnBranch(at.Property("branch").Integer(0), at.Property("x").Number());
        return Checked(at, location, l => cell.NodeAt(l));
    }

    /// <summary>Runs <paramref name="check"/>, turning its complaint into an error at <paramref name="where"/>.</summary>
    private static T Checked<T>(JsonCursor where, T value, Action<T> check)
    {
        try
        {
            check(value);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw where.Error(e.Message, e);
        }
        return value;
    }
}
