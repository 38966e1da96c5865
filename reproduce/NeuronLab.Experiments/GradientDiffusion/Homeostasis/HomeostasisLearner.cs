using NeuronLab.Numerics;
using NeuronLab.Simulation.Network;

namespace NeuronLab.Experiments.GradientDiffusion.Homeostasis;

/// <summary>
/// Online gradient descent on the single <c>eighh</c> cell (gradient-diffusion.md §1.6, §5), written as a dedicated ODE
/// model: state x = (V, m, h, n, f), sensitivities S = ∂x/∂θ for θ = (g_Na, g_K, gain), error sensitivity E_θ, and the
/// parameters θ themselves, all stepped together by forward Euler:
/// <code>
///   S' = J·S + ∂F/∂θ − λS            (J = ∂F/∂x at the old state)
///   E' = (f − f_tgt)·S_f − λE        (ε = (f − f_tgt)²/2, e' = ε, E = ∂e/∂θ)
///   θ' = −α·E·θ0,  θ ≥ 0
/// </code>
/// then each sensitivity group {S_V, S_m, S_h, S_n, S_f, E} (three entries each) is scaled back to L2 norm
/// <see cref="HomeostasisSettings.ClipBound"/> if it exceeds it (§5's gradient clipping).
/// </summary>
/// <remarks>
/// <para><b>Why not the engine's <c>OnlineLearning</c>.</b> The input is ou(t)⁴ times a learned gain added to the
/// membrane equation; the engine's stimuli are realised as one double per step per lane (3.2 GB for the paper's 4·10⁸
/// steps) and have no ou⁴. The engine's online learner has no per-step gradient clipping or θ ≥ 0 clamp. And its
/// per-step bookkeeping (recorders, lane blocks, finite checks) costs microseconds per step, while the reference's run is
/// 4·10⁸ steps per target. This loop takes well under a microsecond per step, so the paper's dt and length fit the CLI (report.md gives the measured speeds).
/// The §1.7 stability check, a passive cell, does use the engine (<see cref="StabilitySimulation"/>).</para>
/// <para><b>Flag (a) of §5.</b> The reference's SymPy code used ∂f_s/∂V·(dDV/dt) in the state sensitivities; here
/// the state rows use ∂f_s/∂V·S_V, the correct sensitivity equation. With α = 0, λ = 0 and no clipping, S is the
/// exact derivative of the discrete forward-Euler trajectory (tested against finite differences).</para>
/// </remarks>
public sealed class HomeostasisLearner
{
    private const int States = 5, Parameters = 3;
    private const int V = 0, M = 1, H = 2, Nn = 3, F = 4;

    private readonly HomeostasisSettings _settings;
    private readonly NormalRandom _random;
    private readonly double[] _x = new double[States];
    private readonly double[] _s = new double[States * Parameters]; // S[k, j] = ∂x_k/∂θ_j at [k·3 + j]
    private readonly double[] _e = new double[Parameters];
    private readonly double[] _theta = (double[])HomeostasisSettings.InitialParameters.Clone();
    private double _ou = HomeostasisSettings.OuMean;
    private long _step;
    private double _synapse; // g of the cell's exponential synapse [µS]

    /// <param name="parameters">Initial θ; <see cref="HomeostasisSettings.InitialParameters"/> when null. θ0 of the
    /// update is always the reference's initial values.</param>
    public HomeostasisLearner(HomeostasisSettings settings, IReadOnlyList<double>? parameters = null)
    {
        _settings = settings;
        _random = new NormalRandom(settings.Seed);
        if (parameters is not null)
            for (var j = 0; j < Parameters; j++) _theta[j] = parameters[j];
        var v = EighhCell.InitialVoltage;
        _x[V] = v;
        _x[M] = EighhCell.M(v).Infinity;
        _x[H] = EighhCell.H(v).Infinity;
        _x[Nn] = EighhCell.N(v).Infinity;
        _x[F] = 0;
    }

    /// <summary>Time [ms].</summary>
    public double Time => _step * _settings.Dt;

    /// <summary>(V [mV], m, h, n, f [Hz]).</summary>
    public ReadOnlySpan<double> State => _x;

    /// <summary>θ = (g_Na [mS/cm²], g_K [mS/cm²], gain).</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>∂x_k/∂θ_j at index k·3 + j.</summary>
    public ReadOnlySpan<double> Sensitivity => _s;

    /// <summary>E_θ.</summary>
    public ReadOnlySpan<double> ErrorSensitivity => _e;

    /// <summary>Conductance of the cell's synapse [µS] (0 outside a network).</summary>
    public double SynapticConductance => _synapse;

    /// <summary>Advances <paramref name="steps"/> steps; <paramref name="onSpike"/> gets the time of each upward
    /// crossing of <see cref="HomeostasisSettings.SpikeThreshold"/>. With <paramref name="input"/>, events due from the
    /// network's router are received at the start of each step (NEURON's order) and the synapse's current and its
    /// slope enter the voltage row of the step and of the sensitivities.</summary>
    public void Advance(long steps, Action<double>? onSpike = null, SynapticInput? input = null)
    {
        var s = _settings;
        var dt = s.Dt;
        var decay = Math.Exp(-s.Forgetting * dt);
        var ouKick = HomeostasisSettings.OuSigma * Math.Sqrt(dt); // Euler–Maruyama, as the reference
        var toHz = EighhCell.RadiansPerMsToHz / s.EstimatorTau;
        var theta0 = HomeostasisSettings.InitialParameters;
        var x = _x;
        var sens = _s;
        var e = _e;
        var theta = _theta;
        Span<double> dThetaF = stackalloc double[Parameters];
        var synapseDecay = input is null ? 1.0 : Math.Exp(-dt / input.Tau);
        var toDensity = input is null ? 0.0 : 1e-3 / (input.MembraneArea * 1e-8); // µS on the membrane → mS/cm²

        for (long n = 0; n < steps; n++)
        {
            double v = x[V], m = x[M], h = x[H], gn = x[Nn], f = x[F];
            double gNa = theta[0], gK = theta[1], gain = theta[2];
            var rm = EighhCell.M(v);
            var rh = EighhCell.H(v);
            var rn = EighhCell.N(v);
            var m3h = m * m * m * h;
            var n4 = gn * gn * gn * gn;
            var ou2 = _ou * _ou;
            var drive = ou2 * ou2;
            var c = EighhCell.Capacitance;
            var gSyn = 0.0;
            if (input is not null)
            {
                while (input.Router.TryTake(_step, input.Lane, out _, out var weight)) _synapse += weight;
                gSyn = _synapse * toDensity;
            }

            // F(x; θ): dV/dt = −I_total/C with I_total = I_Na + I_K + I_L − gain·ou⁴.
            var fv = (-(gNa * m3h * (v - EighhCell.ENa) + gK * n4 * (v - EighhCell.EK) + EighhCell.GLeak * (v - EighhCell.EL)) + gain * drive) / c;
            if (gSyn != 0) fv -= gSyn * (v - input!.Reversal) / c;
            var fm = rm.Alpha * (1 - m) - rm.Beta * m;
            var fh = rh.Alpha * (1 - h) - rh.Beta * h;
            var fn = rn.Alpha * (1 - gn) - rn.Beta * gn;
            double u = m - 0.5, w = h - 0.5, r2 = u * u + w * w;
            var omega = (w * fm - u * fh) / r2;
            var ff = omega * toHz - f / s.EstimatorTau;

            // J = ∂F/∂x (sparse).
            var jvv = -(gNa * m3h + gK * n4 + EighhCell.GLeak + gSyn) / c;
            var jvm = -3 * gNa * m * m * h * (v - EighhCell.ENa) / c;
            var jvh = -gNa * m * m * m * (v - EighhCell.ENa) / c;
            var jvn = -4 * gK * gn * gn * gn * (v - EighhCell.EK) / c;
            var jmv = rm.DAlpha * (1 - m) - rm.DBeta * m;
            var jmm = -(rm.Alpha + rm.Beta);
            var jhv = rh.DAlpha * (1 - h) - rh.DBeta * h;
            var jhh = -(rh.Alpha + rh.Beta);
            var jnv = rn.DAlpha * (1 - gn) - rn.DBeta * gn;
            var jnn = -(rn.Alpha + rn.Beta);
            var jfv = toHz * (w * jmv - u * jhv) / r2;
            var jfm = toHz * (w * jmm - fh - 2 * u * omega) / r2;
            var jfh = toHz * (fm - u * jhh - 2 * w * omega) / r2;
            var jff = -1 / s.EstimatorTau;
            // ∂F_V/∂θ; the other rows do not depend on θ.
            dThetaF[0] = -m3h * (v - EighhCell.ENa) / c;
            dThetaF[1] = -n4 * (v - EighhCell.EK) / c;
            dThetaF[2] = drive / c;
            var dEpsilon = f - s.TargetRate;

            for (var j = 0; j < Parameters; j++)
            {
                double sv = sens[V * 3 + j], sm = sens[M * 3 + j], sh = sens[H * 3 + j], sn = sens[Nn * 3 + j], sf = sens[F * 3 + j];
                sens[V * 3 + j] = decay * (sv + dt * (jvv * sv + jvm * sm + jvh * sh + jvn * sn + dThetaF[j]));
                sens[M * 3 + j] = decay * (sm + dt * (jmv * sv + jmm * sm));
                sens[H * 3 + j] = decay * (sh + dt * (jhv * sv + jhh * sh));
                sens[Nn * 3 + j] = decay * (sn + dt * (jnv * sv + jnn * sn));
                sens[F * 3 + j] = decay * (sf + dt * (jfv * sv + jfm * sm + jfh * sh + jff * sf));
                e[j] = decay * (e[j] + dt * dEpsilon * sf);
            }

            x[V] = v + dt * fv;
            x[M] = m + dt * fm;
            x[H] = h + dt * fh;
            x[Nn] = gn + dt * fn;
            x[F] = f + dt * ff;
            for (var j = 0; j < Parameters; j++)
                theta[j] = Math.Max(0, theta[j] - dt * s.LearningRate * e[j] * theta0[j]);
            if (!double.IsPositiveInfinity(s.ClipBound))
            {
                for (var k = 0; k < States; k++) Clip(sens.AsSpan(k * 3, 3), s.ClipBound);
                Clip(e, s.ClipBound);
            }

            _synapse *= synapseDecay;
            _ou += HomeostasisSettings.OuRate * (HomeostasisSettings.OuMean - _ou) * dt + ouKick * _random.Next();
            _step++;
            if (v < HomeostasisSettings.SpikeThreshold && x[V] >= HomeostasisSettings.SpikeThreshold) onSpike?.Invoke(Time);
        }
        if (!double.IsFinite(x[V]) || !double.IsFinite(x[F]))
            throw new InvalidOperationException($"The homeostasis run diverged before t = {Time} ms (V = {x[V]}, f = {x[F]}).");
    }

    /// <summary>The network side of a cell: where its events come from and its exponential synapse.</summary>
    /// <param name="Lane">The cell's index in the router.</param>
    /// <param name="Tau">Synaptic decay τ [ms].</param>
    /// <param name="Reversal">Synaptic reversal e [mV].</param>
    /// <param name="MembraneArea">The cell's membrane area [µm²], converting the synapse's µS to mS/cm².</param>
    public sealed record SynapticInput(SpikeRouter Router, int Lane, double Tau, double Reversal, double MembraneArea);

    private static void Clip(Span<double> group, double bound)
    {
        var norm = Math.Sqrt(group[0] * group[0] + group[1] * group[1] + group[2] * group[2]);
        if (norm <= bound) return;
        var scale = bound / norm;
        for (var i = 0; i < group.Length; i++) group[i] *= scale;
    }
}
