namespace NeuronLab.Numerics.Ode;

/// <summary>
/// An explicit embedded Runge–Kutta integrator driven by a <see cref="ButcherTableau"/>: adaptive steps with
/// <see cref="StepControl"/>, FSAL reuse, dense output at requested times, optional breakpoints (steps end exactly on
/// them and the derivative is re-evaluated there), and a replay mode that takes a given step sequence with no error
/// control (so the result is a smooth function of the system's parameters; see <see cref="Replay"/>).
/// </summary>
/// <remarks>
/// Only the first <c>errorComponents</c> components enter the error norm (e.g. the state of an ODE augmented with its
/// forward sensitivities, so the sensitivities follow the steps the state alone would take). One instance owns its
/// workspace and is not thread-safe; use one per thread.
/// </remarks>
public sealed class RungeKuttaSolver
{
    private readonly ButcherTableau _tableau;
    private readonly double[][] _k;
    private readonly double[] _y;
    private readonly double[] _yNew;
    private readonly double[] _stage;
    private readonly double[] _dense;
    private readonly double[] _errorWeights;
    private readonly double[][] _a;

    /// <summary>A solver for systems of <paramref name="dimension"/> components.</summary>
    public RungeKuttaSolver(ButcherTableau tableau, int dimension)
    {
        ArgumentNullException.ThrowIfNull(tableau);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        tableau.Validate();
        if (tableau.Dense.IsEmpty && !tableau.FirstSameAsLast)
            throw new ArgumentException($"Tableau {tableau.Name} has no dense output and is not FSAL; the Hermite fallback needs f at the step end.", nameof(tableau));
        _tableau = tableau;
        Dimension = dimension;
        _k = [.. Enumerable.Range(0, tableau.Stages).Select(_ => new double[dimension])];
        _y = new double[dimension];
        _yNew = new double[dimension];
        _stage = new double[dimension];
        _dense = new double[tableau.Stages];
        _errorWeights = [.. tableau.ErrorWeights];
        _a = [.. tableau.A.Select(r => r.ToArray())];
    }

    /// <summary>Components of the systems this solver integrates.</summary>
    public int Dimension { get; }

    /// <summary>
    /// Integrates from (<paramref name="t0"/>, <paramref name="y0"/>) to the last output time with adaptive steps and
    /// writes y at every output time into <paramref name="output"/> (<c>[k·Dimension + i]</c>).
    /// </summary>
    /// <param name="outputTimes">Ascending, each ≥ t0; a time equal to t0 gets y0.</param>
    /// <param name="breakpoints">Ascending times where f may jump; steps end exactly on each one inside (t0, tEnd).</param>
    /// <param name="errorComponents">Components [0, errorComponents) enter the error norm.</param>
    /// <param name="stepEnds">When not null, receives the end time of every accepted step (for <see cref="Replay"/>).</param>
    /// <exception cref="OdeIntegrationException">Step-size underflow, too many steps, or a non-finite solution.</exception>
    public OdeStatistics Solve(IOdeSystem system, double t0, ReadOnlySpan<double> y0, ReadOnlySpan<double> outputTimes, Span<double> output,
        StepControl control, ReadOnlySpan<double> breakpoints, int errorComponents, List<double>? stepEnds = null)
    {
        ArgumentNullException.ThrowIfNull(control);
        control.Validate();
        Check(system, t0, y0, outputTimes, output, breakpoints);
        if (errorComponents <= 0 || errorComponents > Dimension)
            throw new ArgumentOutOfRangeException(nameof(errorComponents), errorComponents, $"Must be in 1..{Dimension}.");

        var stages = _tableau.Stages;
        var fsal = _tableau.FirstSameAsLast;
        y0.CopyTo(_y);
        var t = t0;
        var segment = SegmentAt(breakpoints, t0);
        var next = WriteInitialOutputs(t0, outputTimes, output);
        if (next == outputTimes.Length) return default;
        var tEnd = outputTimes[^1];

        var evaluations = 0;
        system.Evaluate(t, segment, _y, _k[0]);
        evaluations++;
        var h = control.InitialStep > 0
            ? control.InitialStep
            : InitialStep(system, t, segment, control, errorComponents, ref evaluations);
        h = Math.Min(h, control.MaxStep);
        int accepted = 0, rejected = 0;
        var inverseOrder = 1.0 / _tableau.Order;

        while (next < outputTimes.Length)
        {
            if (accepted + rejected >= control.MaxSteps)
                throw new OdeIntegrationException($"{_tableau.Name}: more than {control.MaxSteps} steps before t = {tEnd} (reached t = {t}, h = {h}).", t, h);
            var limit = segment < breakpoints.Length && breakpoints[segment] < tEnd ? breakpoints[segment] : tEnd;
            var unclipped = h;
            var landing = false;
            if (t + h >= limit - 1e-12 * Math.Max(1.0, Math.Abs(limit)))
            {
                h = limit - t;
                landing = true;
            }
            if (!(h > 1e-14 * Math.Max(1.0, Math.Abs(t))))
                throw new OdeIntegrationException($"{_tableau.Name}: step size underflow at t = {t} (h = {h}).", t, h);
            // h is recomputed from the end time so that a replay of the recorded ends takes bit-identical steps.
            var tNew = landing ? limit : t + h;
            h = tNew - t;

            TakeStep(system, t, h, segment, fsal, ref evaluations);
            var ratio = ErrorRatio(h, control, errorComponents);
            if (ratio <= 1.0)
            {
                next = WriteDenseOutputs(t, h, tNew, outputTimes, output, next);
                (_yNew.AsSpan()).CopyTo(_y);
                t = tNew;
                accepted++;
                stepEnds?.Add(t);
                var crossed = false;
                while (segment < breakpoints.Length && breakpoints[segment] <= t) { segment++; crossed = true; }
                if (fsal && !crossed) _k[stages - 1].AsSpan().CopyTo(_k[0]);
                else { system.Evaluate(t, segment, _y, _k[0]); evaluations++; }
                var factor = ratio == 0 ? control.MaxGrowth : Math.Min(control.MaxGrowth, Math.Max(control.Safety * Math.Pow(ratio, -inverseOrder), 1.0));
                h = Math.Min(control.MaxStep, Math.Max(h * factor, landing ? unclipped : 0.0));
            }
            else
            {
                rejected++;
                var factor = double.IsFinite(ratio)
                    ? Math.Min(control.MaxGrowth, Math.Max(control.Safety * Math.Pow(ratio, -inverseOrder), control.MaxShrink))
                    : control.MaxShrink;
                h *= factor;
            }
        }
        return new OdeStatistics(accepted, rejected, evaluations);
    }

    /// <summary>
    /// Integrates with the given step sequence (the end time of each step, as recorded by <see cref="Solve"/>), with no
    /// error control. With the step ends held fixed the result is a smooth function of the system's parameters: its
    /// derivative is what forward sensitivities integrated alongside compute, and what finite differences should match.
    /// </summary>
    public OdeStatistics Replay(IOdeSystem system, double t0, ReadOnlySpan<double> y0, ReadOnlySpan<double> outputTimes, Span<double> output,
        ReadOnlySpan<double> stepEnds, ReadOnlySpan<double> breakpoints)
    {
        Check(system, t0, y0, outputTimes, output, breakpoints);
        var stages = _tableau.Stages;
        var fsal = _tableau.FirstSameAsLast;
        y0.CopyTo(_y);
        var t = t0;
        var segment = SegmentAt(breakpoints, t0);
        var next = WriteInitialOutputs(t0, outputTimes, output);
        if (next == outputTimes.Length) return default;
        var evaluations = 0;
        system.Evaluate(t, segment, _y, _k[0]);
        evaluations++;
        var accepted = 0;
        foreach (var tNew in stepEnds)
        {
            if (next >= outputTimes.Length) break;
            var h = tNew - t;
            if (!(h > 0)) throw new ArgumentException($"Step ends must increase (t = {t}, next end {tNew}).", nameof(stepEnds));
            TakeStep(system, t, h, segment, fsal, ref evaluations);
            next = WriteDenseOutputs(t, h, tNew, outputTimes, output, next);
            _yNew.AsSpan().CopyTo(_y);
            t = tNew;
            accepted++;
            var crossed = false;
            while (segment < breakpoints.Length && breakpoints[segment] <= t) { segment++; crossed = true; }
            if (fsal && !crossed) _k[stages - 1].AsSpan().CopyTo(_k[0]);
            else { system.Evaluate(t, segment, _y, _k[0]); evaluations++; }
        }
        if (next < outputTimes.Length)
            throw new ArgumentException($"The step sequence ends at t = {t}, before the last output time {outputTimes[^1]}.", nameof(stepEnds));
        return new OdeStatistics(accepted, 0, evaluations);
    }

    private void Check(IOdeSystem system, double t0, ReadOnlySpan<double> y0, ReadOnlySpan<double> outputTimes, Span<double> output, ReadOnlySpan<double> breakpoints)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (system.Dimension != Dimension) throw new ArgumentException($"The system has {system.Dimension} components; the solver was made for {Dimension}.", nameof(system));
        if (y0.Length != Dimension) throw new ArgumentException($"y0 has {y0.Length} components, expected {Dimension}.", nameof(y0));
        if (output.Length < outputTimes.Length * Dimension)
            throw new ArgumentException($"The output needs {outputTimes.Length * Dimension} values, got {output.Length}.", nameof(output));
        for (var k = 0; k < outputTimes.Length; k++)
        {
            if (!(outputTimes[k] >= t0) || (k > 0 && !(outputTimes[k] >= outputTimes[k - 1])))
                throw new ArgumentException($"Output times must be ascending and ≥ t0 = {t0} (time {k} is {outputTimes[k]}).", nameof(outputTimes));
        }
        for (var k = 1; k < breakpoints.Length; k++)
            if (!(breakpoints[k] > breakpoints[k - 1])) throw new ArgumentException("Breakpoints must be strictly ascending.", nameof(breakpoints));
    }

    private static int SegmentAt(ReadOnlySpan<double> breakpoints, double t)
    {
        var s = 0;
        while (s < breakpoints.Length && breakpoints[s] <= t) s++;
        return s;
    }

    private int WriteInitialOutputs(double t0, ReadOnlySpan<double> outputTimes, Span<double> output)
    {
        var next = 0;
        while (next < outputTimes.Length && outputTimes[next] == t0)
        {
            _y.AsSpan().CopyTo(output.Slice(next * Dimension, Dimension));
            next++;
        }
        return next;
    }

    // Stages 1..s−1 from k[0] = f(t, y); y_{n+1} into _yNew. For FSAL tableaus the last stage is f(t + h, y_{n+1}).
    private void TakeStep(IOdeSystem system, double t, double h, int segment, bool fsal, ref int evaluations)
    {
        var n = Dimension;
        var stages = _tableau.Stages;
        var c = _tableau.C;
        for (var s = 1; s < stages; s++)
        {
            var row = _a[s];
            var target = fsal && s == stages - 1 ? _yNew : _stage;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < row.Length; j++) sum += row[j] * _k[j][i];
                target[i] = _y[i] + h * sum;
            }
            system.Evaluate(t + c[s] * h, segment, target, _k[s]);
            evaluations++;
        }
        if (!fsal)
        {
            var b = _tableau.B;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < stages; j++) sum += b[j] * _k[j][i];
                _yNew[i] = _y[i] + h * sum;
            }
        }
    }

    private double ErrorRatio(double h, StepControl control, int components)
    {
        var stages = _tableau.Stages;
        var sum = 0.0;
        for (var i = 0; i < components; i++)
        {
            var e = 0.0;
            for (var j = 0; j < stages; j++) e += _errorWeights[j] * _k[j][i];
            var scale = control.AbsoluteTolerance + control.RelativeTolerance * Math.Max(Math.Abs(_y[i]), Math.Abs(_yNew[i]));
            var r = h * e / scale;
            sum += r * r;
        }
        var ratio = Math.Sqrt(sum / components);
        return double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
    }

    private int WriteDenseOutputs(double t, double h, double tNew, ReadOnlySpan<double> outputTimes, Span<double> output, int next)
    {
        var n = Dimension;
        while (next < outputTimes.Length && outputTimes[next] <= tNew)
        {
            var destination = output.Slice(next * n, n);
            if (outputTimes[next] == tNew)
            {
                _yNew.AsSpan().CopyTo(destination);
            }
            else
            {
                var theta = (outputTimes[next] - t) / h;
                Interpolate(theta, h, destination);
            }
            next++;
        }
        return next;
    }

    private void Interpolate(double theta, double h, Span<double> destination)
    {
        var n = Dimension;
        var stages = _tableau.Stages;
        if (!_tableau.Dense.IsEmpty)
        {
            for (var j = 0; j < stages; j++)
            {
                var row = _tableau.Dense[j];
                var power = theta;
                var w = 0.0;
                for (var p = 0; p < row.Length; p++) { w += row[p] * power; power *= theta; }
                _dense[j] = w;
            }
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < stages; j++) sum += _dense[j] * _k[j][i];
                destination[i] = _y[i] + h * sum;
            }
            return;
        }
        // Cubic Hermite through (y_n, f_n) and (y_{n+1}, f_{n+1}); f_{n+1} is the FSAL stage.
        var t2 = theta * theta;
        var t3 = t2 * theta;
        var h00 = 2 * t3 - 3 * t2 + 1;
        var h10 = t3 - 2 * t2 + theta;
        var h01 = -2 * t3 + 3 * t2;
        var h11 = t3 - t2;
        var f0 = _k[0];
        var f1 = _k[stages - 1];
        for (var i = 0; i < n; i++)
            destination[i] = h00 * _y[i] + h * h10 * f0[i] + h01 * _yNew[i] + h * h11 * f1[i];
    }

    // Hairer, Nørsett & Wanner (II.4), as torchdiffeq's _select_initial_step; k[0] holds f(t, y).
    private double InitialStep(IOdeSystem system, double t, int segment, StepControl control, int components, ref int evaluations)
    {
        double Norm(double[] x, double[] y, bool difference)
        {
            var sum = 0.0;
            for (var i = 0; i < components; i++)
            {
                var scale = control.AbsoluteTolerance + control.RelativeTolerance * Math.Abs(_y[i]);
                var v = (difference ? x[i] - y[i] : x[i]) / scale;
                sum += v * v;
            }
            return Math.Sqrt(sum / components);
        }
        var d0 = Norm(_y, _y, false);
        var d1 = Norm(_k[0], _k[0], false);
        var h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        for (var i = 0; i < Dimension; i++) _stage[i] = _y[i] + h0 * _k[0][i];
        var f1 = _k[1];
        system.Evaluate(t + h0, segment, _stage, f1);
        evaluations++;
        var d2 = Norm(f1, _k[0], true) / h0;
        var h1 = d1 <= 1e-15 && d2 <= 1e-15
            ? Math.Max(1e-6, h0 * 1e-3)
            : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / _tableau.Order);
        return Math.Min(100 * h0, h1);
    }
}
