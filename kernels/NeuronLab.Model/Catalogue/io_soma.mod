TITLE io_soma: inferior-olive soma channels (modified de Gruijl et al. 2012)

COMMENT
Source: the inferior-olive model of github.com/llandsmeer/gradient_diffusion_code (tuning/c4a_opt_adam.py,
HEAD a41f7d0; modified de Gruijl et al. 2012 PLoS Comput Biol 8:e1002814 as used by Negrello et al. 2019),
transcribed in NeuronLab's gradient-diffusion.md 3.2; defaults are Table 1 of that reference (3.3).
I = gls (v - vl) + gcal k^3 l (v - vca) + gna_s minf^3 h (v - vna) + gkdr_s n^4 (v - vk) + gk_s x^4 (v - vk)
- minf is instantaneous and computed in BREAKPOINT (so NEURON, too, uses the present v).
- The x gate uses xoverexpm1(x) = x/(exp(x) - 1); NeuronLab lowers it to its exact exprelr node.
- Conductances are written in S/cm2 as Table 1 reads; the pycat "raw" unit scaling of the reference
  code is the simulator's business, not this file's. Reversal potentials are mechanism parameters
  (the paper's 17-parameter model: 12 conductances and 5 potentials).
- States start at their steady state at the initial v (-60 mV in the reference); the reference
  integrates with forward Euler (dt = 0.025 ms), hence METHOD euler.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX io_soma
    NONSPECIFIC_CURRENT i_l, i_cal, i_na, i_kdr, i_k
    RANGE gcal, gna_s, gkdr_s, gk_s, gls, vna, vk, vca, vl
}

PARAMETER {
    gcal = 0.015 (S/cm2) <0, 1e9>
    gna_s = 0.030 (S/cm2) <0, 1e9>
    gkdr_s = 0.030 (S/cm2) <0, 1e9>
    gk_s = 0.015 (S/cm2) <0, 1e9>
    gls = 1.3e-5 (S/cm2) <0, 1e9>
    vna = 55 (mV)
    vk = -75 (mV)
    vca = 120 (mV)
    vl = 10 (mV)
}

STATE {
    k l h n x
}

ASSIGNED {
    v (mV)
    i_l (mA/cm2)
    i_cal (mA/cm2)
    i_na (mA/cm2)
    i_kdr (mA/cm2)
    i_k (mA/cm2)
    kinf linf ltau (ms) hinf htau (ms) ninf ntau (ms) ax (/ms) bx (/ms)
}

BREAKPOINT {
    LOCAL minf
    SOLVE states METHOD euler
    minf = 1/(1 + exp(-(v + 30)/5.5))
    i_l = gls*(v - vl)
    i_cal = gcal*k*k*k*l*(v - vca)
    i_na = gna_s*minf*minf*minf*h*(v - vna)
    i_kdr = gkdr_s*n*n*n*n*(v - vk)
    i_k = gk_s*x*x*x*x*(v - vk)
}

INITIAL {
    rates(v)
    k = kinf
    l = linf
    h = hinf
    n = ninf
    x = ax/(ax + bx)
}

DERIVATIVE states {
    rates(v)
    k' = kinf - k
    l' = (linf - l)/ltau
    h' = (hinf - h)/htau
    n' = (ninf - n)/ntau
    x' = (ax/(ax + bx) - x)*(ax + bx)
}

PROCEDURE rates(v (mV)) {
    kinf = 1/(1 + exp(-(v + 61)/4.2))
    linf = 1/(1 + exp((v + 85)/8.5))
    ltau = 20*exp((v + 160)/30)/(1 + exp((v + 84)/7.3)) + 35
    hinf = 1/(1 + exp((v + 70)/5.8))
    htau = 3*exp(-(v + 40)/33)
    ninf = 1/(1 + exp(-(v + 3)/10))
    ntau = 5 + 47*exp((v + 50)/900)
    ax = 1.3*xoverexpm1(-(v + 25)/10)
    bx = 1.69*exp(-(v + 35)/80)
}

FUNCTION xoverexpm1(x) {
    if (fabs(x) < 1e-6) {
        xoverexpm1 = 1 - x/2
    } else {
        xoverexpm1 = x/(exp(x) - 1)
    }
}
