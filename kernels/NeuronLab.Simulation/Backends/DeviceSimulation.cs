using System.Runtime.InteropServices;
using NeuronLab.Simulation.Lowering;

namespace NeuronLab.Simulation.Backends;

/// <summary>
/// Runs a batch on a device session: packs the CPU batch state (parameters applied, stimuli bound) into the device
/// layout, initialises on the device, launches the step program in chunks of steps (uploading each chunk's stimulus
/// currents), and reads the probe buffer back once at the end.
/// </summary>
internal static class DeviceSimulation
{
    public static SimulationResult Run(DeviceSession session, LoweredCell cell, SimulationSettings settings, IReadOnlyList<Lane> lanes, BackendOptions options)
    {
        if (lanes.Count == 0) throw new ArgumentException("A batch needs at least one lane.", nameof(lanes));
        if (options.StepsPerLaunch < 1) throw new ArgumentOutOfRangeException(nameof(options), options.StepsPerLaunch, "StepsPerLaunch must be at least 1.");
        var precision = options.Precision;
        if (precision == DevicePrecision.Float64 && !session.SupportsDouble)
            throw new BackendNotAvailableException(session.Backend, $"device '{session.DeviceName}' has no double precision (cl_khr_fp64); use DevicePrecision.Float32.");
        var cancellation = options.Cpu?.Cancellation ?? default;
        var progress = options.Cpu?.Progress;

        var steps = settings.StepCount;
        var dialect = DeviceDialect.For(session.Backend, precision);
        var source = DeviceProgramEmitter.Emit(cell, settings.Slope, dialect);
        var program = session.Build(source, precision);

        var state = new BatchState(cell, lanes, settings);
        var layout = new DeviceLayout(cell);
        var recorders = settings.Probes.Select(p => new ProbeRecorder(cell, state, p, settings.Dt, steps)).ToArray();
        var count = lanes.Count;
        var stride = state.Lanes;

        // probes: (row in F, every, first row in rec)
        var probeTable = new int[Math.Max(1, recorders.Length * 3)];
        var recRows = 0;
        for (var p = 0; p < recorders.Length; p++)
        {
            var r = recorders[p];
            probeTable[3 * p] = r.Mechanism < 0 ? layout.Voltage + r.Row : layout.States[r.Mechanism] + r.State * state.Mechanisms[r.Mechanism].Instances.Nodes.Length + r.Row;
            probeTable[3 * p + 1] = r.Every;
            probeTable[3 * p + 2] = recRows;
            recRows += r.Samples;
        }

        var slots = state.Stimuli.Max(s => s.Length);
        var chunk = Math.Min(options.StepsPerLaunch, Math.Max(1, steps));
        var stimNode = new int[Math.Max(1, slots * stride)];
        Array.Fill(stimNode, -1);
        for (var l = 0; l < count; l++)
            for (var s = 0; s < state.Stimuli[l].Length; s++) stimNode[s * stride + l] = state.Stimuli[l][s].Node;
        var stim = new double[Math.Max(1, slots * chunk * stride)];

        var buffers = new List<DeviceBuffer>();
        DeviceBuffer Upload(double[] values)
        {
            var bytes = ToDevice(values, precision);
            var b = session.Allocate(bytes.Length);
            buffers.Add(b);
            session.Write(b, bytes);
            return b;
        }
        DeviceBuffer UploadInts(int[] values)
        {
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            var b = session.Allocate(bytes.Length);
            buffers.Add(b);
            session.Write(b, bytes);
            return b;
        }
        try
        {
            var f = Upload(layout.Pack(state));
            var rec = Upload(new double[Math.Max(1, recRows * stride)]);
            var probes = UploadInts(probeTable);
            var status = UploadInts(new int[3 * stride]);
            var stimNodes = UploadInts(stimNode);
            var stimBuffer = Upload(stim);

            session.Launch(program, "nl_init", count, f, rec, probes, status, stride, recorders.Length);
            for (var step0 = 0; step0 < steps; step0 += chunk)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report((double)step0 / steps);
                var step1 = Math.Min(steps, step0 + chunk);
                if (slots > 0)
                {
                    for (var l = 0; l < count; l++)
                    {
                        var tracks = state.Stimuli[l];
                        for (var s = 0; s < tracks.Length; s++)
                            for (var n = step0; n < step1; n++)
                                stim[((long)s * chunk + (n - step0)) * stride + l] = tracks[s].CurrentAt(n, (n + 0.5) * settings.Dt);
                    }
                    session.Write(stimBuffer, ToDevice(stim, precision));
                }
                session.Launch(program, "nl_step", count, f, stimBuffer, stimNodes, rec, probes, status,
                    stride, recorders.Length, slots, chunk, step0, step1,
                    DeviceArgument.FromReal(settings.Dt), DeviceArgument.FromReal(SchemeFactor(settings)));
            }
            session.Finish();
            progress?.Report(1.0);

            var statusValues = new int[3 * stride];
            session.Read(status, MemoryMarshal.AsBytes(statusValues.AsSpan()));
            ThrowIfDiverged(session, cell, layout, f, statusValues, count, stride, settings.Dt, precision);

            var recValues = FromDevice(session, rec, Math.Max(1, recRows * stride), precision);
            var traces = recorders.Select((r, p) =>
            {
                var template = r.ToTrace();
                var values = new double[count][];
                for (var l = 0; l < count; l++)
                {
                    values[l] = new double[r.Samples];
                    for (var k = 0; k < r.Samples; k++) values[l][k] = recValues[(long)(probeTable[3 * p + 2] + k) * stride + l];
                }
                return new Trace(template.Probe, template.Times, values, template.Unit);
            });
            return new SimulationResult([.. traces], count, steps);
        }
        finally
        {
            foreach (var b in buffers) session.Free(b);
        }
    }

    private static double SchemeFactor(SimulationSettings settings) => settings.Scheme == TimeScheme.CrankNicolson ? 2.0 : 1.0;

    private static void ThrowIfDiverged(DeviceSession session, LoweredCell cell, DeviceLayout layout, DeviceBuffer f, int[] status, int count, int stride, double dt, DevicePrecision precision)
    {
        var first = -1;
        for (var l = 0; l < count; l++)
            if (status[3 * l] >= 0 && (first < 0 || status[3 * l] < status[3 * first])) first = l;
        if (first < 0) return;
        var (step, node, what) = (status[3 * first], status[3 * first + 1], status[3 * first + 2]);
        var values = FromDevice(session, f, (long)layout.Rows * stride, precision);
        string name;
        double value;
        if (what < 0)
        {
            name = "v";
            value = values[(long)(layout.Voltage + node) * stride + first];
        }
        else
        {
            name = DeviceProgramEmitter.StateNames(cell)[what];
            var (m, k) = LocateState(cell, what);
            var instance = cell.Mechanisms[m].Nodes.IndexOf(node);
            value = values[(long)(layout.States[m] + k * cell.Mechanisms[m].Nodes.Length + instance) * stride + first];
        }
        throw new SimulationDivergedException(step * dt, first, node, name, value, dt);
    }

    private static (int Mechanism, int State) LocateState(LoweredCell cell, int what)
    {
        for (var m = 0; m < cell.Mechanisms.Length; m++)
        {
            var n = cell.Mechanisms[m].Mechanism.States.Length;
            if (what < n) return (m, what);
            what -= n;
        }
        throw new ArgumentOutOfRangeException(nameof(what));
    }

    private static byte[] ToDevice(double[] values, DevicePrecision precision)
    {
        if (precision == DevicePrecision.Float64) return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var floats = new float[values.Length];
        for (var k = 0; k < values.Length; k++) floats[k] = (float)values[k];
        return MemoryMarshal.AsBytes(floats.AsSpan()).ToArray();
    }

    private static double[] FromDevice(DeviceSession session, DeviceBuffer buffer, long count, DevicePrecision precision)
    {
        if (precision == DevicePrecision.Float64)
        {
            var values = new double[count];
            session.Read(buffer, MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        var floats = new float[count];
        session.Read(buffer, MemoryMarshal.AsBytes(floats.AsSpan()));
        return [.. floats.Select(x => (double)x)];
    }
}
