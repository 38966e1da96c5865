TITLE io_axon: inferior-olive axon channels (modified de Gruijl et al. 2012)

COMMENT
Source: the inferior-olive model of github.com/llandsmeer/gradient_diffusion_code (tuning/c4a_opt_adam.py,
HEAD a41f7d0; modified de Gruijl et al. 2012 PLoS Comput Biol 8:e1002814 as used by Negrello et al. 2019),
transcribed in NeuronLab's gradient-diffusion.md 3.2; defaults are Table 1 of that reference (3.3).
I = gla (v - vl) + gna_a minf^3 h (v - vna) + gk_a x^4 (v - vk), minf and x as in io_soma.mod
- minf is instantaneous and computed in BREAKPOINT.
- The x gate uses xoverexpm1(x) = x/(exp(x) - 1); NeuronLab lowers it to its exact exprelr node.
- Conductances are written in S/cm2 as Table 1 reads; the pycat "raw" unit scaling of the reference
  code is the simulator's business. Reversal potentials are mechanism parameters.
- States start at steady state at the initial v; forward Euler in the reference.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX io_axon
    NONSPECIFIC_CURRENT i_l, i_na, i_k
    RANGE gna_a, gk_a, gla, vna, vk, vl
}

PARAMETER {
    gna_a = 0.200 (S/cm2) <0, 1e9>
    gk_a = 0.200 (S/cm2) <0, 1e9>
    gla = 1.3e-5 (S/cm2) <0, 1e9>
    vna = 55 (mV)
    vk = -75 (mV)
    vl = 10 (mV)
}

STATE {
    h x
}

ASSIGNED {
    v (mV)
    i_l (mA/cm2)
    i_na (mA/cm2)
    i_k (mA/cm2)
    hinf htau (ms) ax (/ms) bx (/ms)
}

BREAKPOINT {
    LOCAL minf
    SOLVE states METHOD euler
    minf = 1/(1 + exp(-(v + 30)/5.5))
    i_l = gla*(v - vl)
    i_na = gna_a*minf*minf*minf*h*(v - vna)
    i_k = gk_a*x*x*x*x*(v - vk)
}

INITIAL {
    rates(v)
    h = hinf
    x = ax/(ax + bx)
}

DERIVATIVE states {
    rates(v)
    h' = (hinf - h)/htau
    x' = (ax/(ax + bx) - x)*(ax + bx)
}

PROCEDURE rates(v (mV)) {
    hinf = 1/(1 + exp((v + 60)/5.8))
    htau = 1.5*exp(-(v + 40)/33)
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
