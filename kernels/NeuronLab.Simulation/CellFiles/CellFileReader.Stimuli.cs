using System.Collections.Immutable;
using NeuronLab.Model.Cells;
using NeuronLab.Model.Stimuli;

namespace NeuronLab.Simulation.CellFiles;

public static partial class CellFileReader
{
    private sealed partial class Context
    {
        /// <summary><c>{"branch": b, "x": 0.5}</c> on a morphology, <c>{"compartment": id}</c> on a compartment list.</summary>
        private Location ReadLocation(JsonCursor location)
        {
            location.RequireObject("branch", "x", "compartment");
            if (location.Has("compartment"))
            {
                if (location.Has("branch") || location.Has("x")) throw location.Error("expected either {\"branch\", \"x\"} or {\"compartment\"}, not both");
                var id = location.Property("compartment");
                if (_shape is not GraphShape) throw id.Error("compartment ids exist only on an explicit compartment list; use {\"branch\", \"x\"} on a morphology");
                var value = id.Integer(0);
                if (value >= CompartmentCount) throw id.Error($"compartment {value} does not exist; the cell has {CompartmentCount} (0..{CompartmentCount - 1})");
                return Location.AtCompartment(value);
            }
            var branch = location.Property("branch");
            if (_shape is not MorphologyShape) throw branch.Error("branches exist only on a morphology (SWC); use {\"compartment\": id}");
            var b = branch.Integer(0);
            if (b >= BranchCount) throw branch.Error($"branch {b} does not exist; the cell has {BranchCount} (0..{BranchCount - 1})");
            var x = location.Property("x");
            var position = x.Number();
            if (position is < 0 or > 1) throw x.Error($"expected a position in [0, 1], found {x.Shown}");
            return Location.OnBranch(b, position);
        }

        private CurrentClamp ReadStimulus(JsonCursor item)
        {
            item.RequireObject("name", "location", "waveform", "gain");
            var name = item.Property("name");
            if (!_stimuli.Add(name.String())) throw name.Error($"a second stimulus called \"{name.String()}\"; names must be unique");
            var location = ReadLocation(item.Property("location"));
            var gain = item.Optional("gain")?.Number() ?? 1.0;
            return new CurrentClamp(name.String(), location, ReadWaveform(item.Property("waveform")), gain);
        }

        /// <summary>A waveform: <c>{"kind": "step"|"pulses"|"bins"|"sampled"|"ou", ...}</c> (nA, ms).</summary>
        private static Waveform ReadWaveform(JsonCursor w)
        {
            var kind = w.Property("kind");
            switch (kind.String())
            {
                case "step":
                    w.RequireObject("kind", "start", "duration", "amplitude");
                    return new StepWaveform(w.Property("start").Number(), w.Property("duration").NonNegativeNumber(), w.Property("amplitude").Number());
                case "pulses":
                {
                    w.RequireObject("kind", "start", "duration", "period", "count", "amplitude");
                    var duration = w.Property("duration").NonNegativeNumber();
                    var period = w.Property("period").PositiveNumber();
                    if (duration > period) throw w.Property("duration").Error($"a pulse ({duration} ms) cannot outlast its period ({period} ms)");
                    return new PulseTrainWaveform(w.Property("start").Number(), duration, period, w.Property("count").Integer(0), w.Property("amplitude").Number());
                }
                case "bins":
                {
                    w.RequireObject("kind", "start", "width", "amplitudes", "hold_last");
                    var amplitudes = w.Property("amplitudes").Numbers();
                    if (amplitudes.Length == 0) throw w.Property("amplitudes").Error("expected at least one amplitude");
                    return new PiecewiseConstantWaveform(w.Optional("start")?.Number() ?? 0, w.Property("width").PositiveNumber(), [.. amplitudes],
                        w.Optional("hold_last")?.Boolean() ?? true);
                }
                case "sampled":
                {
                    w.RequireObject("kind", "times", "values");
                    var times = w.Property("times").Numbers();
                    var values = w.Property("values").Numbers();
                    if (times.Length == 0) throw w.Property("times").Error("expected at least one sample");
                    if (times.Length != values.Length) throw w.Property("values").Error($"expected {times.Length} values (one per time), found {values.Length}");
                    for (var i = 1; i < times.Length; i++)
                        if (!(times[i] > times[i - 1])) throw new CellFileException(w.FileName, $"{w.Path}.times[{i}]", $"times must increase; {times[i]} follows {times[i - 1]}");
                    return new SampledWaveform([.. times], [.. values]);
                }
                case "ou":
                {
                    w.RequireObject("kind", "mean", "sigma", "tau", "seed", "start", "stop");
                    var start = w.Optional("start")?.Number() ?? 0;
                    var stop = w.Optional("stop")?.Number() ?? double.PositiveInfinity;
                    if (!(stop > start)) throw w.Property("stop").Error($"stop ({stop} ms) must come after start ({start} ms)");
                    return new OrnsteinUhlenbeckWaveform(w.Property("mean").Number(), w.Property("sigma").NonNegativeNumber(), w.Property("tau").PositiveNumber(),
                        w.Property("seed").UnsignedInteger(), start, stop);
                }
                default:
                    throw kind.Error($"unknown waveform kind \"{kind.String()}\"; expected step, pulses, bins, sampled or ou");
            }
        }

        /// <summary>A probe: name, location, quantity ("v" or {"mechanism", "state"}), period [ms] (0 or absent: every step).</summary>
        private Probe ReadProbe(JsonCursor item, double dt)
        {
            item.RequireObject("name", "location", "quantity", "period");
            var name = item.Property("name").String();
            if (name == "t") throw item.Property("name").Error("\"t\" is the time column of traces.csv; choose another probe name");
            if (name.IndexOfAny([',', '"', '\n', '\r']) >= 0) throw item.Property("name").Error("probe names are CSV column names: no commas, quotes or line breaks");
            var location = ReadLocation(item.Property("location"));
            ProbeQuantity quantity = new VoltageQuantity();
            if (item.Optional("quantity") is { } q)
            {
                if (q.Kind == System.Text.Json.JsonValueKind.String)
                {
                    if (q.String() != "v") throw q.Error($"expected \"v\" or {{\"mechanism\", \"state\"}}, found {q.Shown}");
                }
                else
                {
                    q.RequireObject("mechanism", "state");
                    var mechanismName = q.Property("mechanism");
                    if (!_mechanisms.TryGetValue(mechanismName.String(), out var mechanism))
                        throw mechanismName.Error($"mechanism \"{mechanismName.String()}\" is not inserted; inserted: {string.Join(", ", _mechanisms.Keys)}");
                    var state = q.Property("state");
                    if (mechanism.StateIndex(state.String()) < 0)
                        throw state.Error($"mechanism \"{mechanism.Name}\" has no state \"{state.String()}\"; states: {string.Join(", ", mechanism.States.Select(s => s.Name))}");
                    quantity = new StateQuantity(mechanism.Name, state.String());
                }
            }
            var period = item.Optional("period")?.NonNegativeNumber() ?? 0;
            if (period > 0)
            {
                var every = Math.Round(period / dt);
                if (every < 1 || Math.Abs(every * dt - period) > 1e-9 * Math.Max(1, period))
                    throw item.Property("period").Error($"the sampling period {period} ms is not a whole number of steps of {dt} ms");
            }
            return new Probe(name, location, quantity, period);
        }
    }
}
