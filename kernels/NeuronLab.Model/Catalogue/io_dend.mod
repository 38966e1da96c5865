TITLE io_dend: inferior-olive dendrite channels and calcium (modified de Gruijl et al. 2012)

COMMENT
Source: the inferior-olive model of github.com/llandsmeer/gradient_diffusion_code (tuning/c4a_opt_adam.py,
HEAD a41f7d0; modified de Gruijl et al. 2012 PLoS Comput Biol 8:e1002814 as used by Negrello et al. 2019),
transcribed in NeuronLab's gradient-diffusion.md 3.2; defaults are Table 1 of that reference (3.3).
I = gld (v - vl) + gkca s (v - vk) + gh q (v - vh) + cah_in_current * I_CaH,  I_CaH = gcah r^2 (v - vca)
- FIDELITY FLAG: the reference code multiplies I_CaH by 0 in the membrane current (the de Gruijl original
  includes it); I_CaH only drives calcium. cah_in_current = 0 reproduces the code; set it to 1 for the
  original model.
- Ca is a mechanism-owned STATE in arbitrary units: Ca' = -3 I_CaH - 0.075 Ca, Ca(0) = ca_init = 3.715.
- alpha_s = min(2e-5 Ca, 0.01) is written with if/else; beta_r uses xoverexpm1(x) = x/(exp(x) - 1),
  which NeuronLab lowers to its exact exprelr node.
- Conductances are written in S/cm2 as Table 1 reads; the pycat "raw" unit scaling of the reference
  code is the simulator's business. Reversal potentials are mechanism parameters.
- States start at steady state at the initial v (s from Ca = ca_init); forward Euler in the reference.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX io_dend
    NONSPECIFIC_CURRENT i_l, i_kca, i_h, i_cah
    RANGE gh, gkca, gcah, gld, vk, vca, vh, vl, cah_in_current, ca_init
}

PARAMETER {
    gh = 0.025 (S/cm2) <0, 1e9>
    gkca = 0.300 (S/cm2) <0, 1e9>
    gcah = 0.090 (S/cm2) <0, 1e9>
    gld = 1.3e-5 (S/cm2) <0, 1e9>
    vk = -75 (mV)
    vca = 120 (mV)
    vh = -43 (mV)
    vl = 10 (mV)
    cah_in_current = 0 (1) <0, 1>
    ca_init = 3.715 (1)
}

STATE {
    Ca r s q
}

ASSIGNED {
    v (mV)
    i_l (mA/cm2)
    i_kca (mA/cm2)
    i_h (mA/cm2)
    i_cah (mA/cm2)
    icah (mA/cm2)
    ar (/ms) br (/ms) as (/ms) bs (/ms) qinf qrate (/ms)
}

BREAKPOINT {
    SOLVE states METHOD euler
    i_l = gld*(v - vl)
    i_kca = gkca*s*(v - vk)
    i_h = gh*q*(v - vh)
    i_cah = cah_in_current*gcah*r*r*(v - vca)
}

INITIAL {
    Ca = ca_init
    rates(v, Ca)
    r = ar/(ar + br)
    s = as/(as + bs)
    q = qinf
}

DERIVATIVE states {
    rates(v, Ca)
    icah = gcah*r*r*(v - vca)
    Ca' = -3*icah - 0.075*Ca
    r' = (ar/(ar + br) - r)*(ar + br)*0.2
    s' = (as/(as + bs) - s)*(as + bs)
    q' = (qinf - q)*qrate
}

PROCEDURE rates(v (mV), c) {
    ar = 1.7/(1 + exp(-(v - 5)/13.9))
    br = 0.1*xoverexpm1((v + 8.5)/5)
    if (2e-5*c < 0.01) {
        as = 2e-5*c
    } else {
        as = 0.01
    }
    bs = 0.015
    qinf = 1/(1 + exp((v + 80)/4))
    qrate = exp(-0.086*v - 14.6) + exp(0.070*v - 1.87)
}

FUNCTION xoverexpm1(x) {
    if (fabs(x) < 1e-6) {
        xoverexpm1 = 1 - x/2
    } else {
        xoverexpm1 = x/(exp(x) - 1)
    }
}
