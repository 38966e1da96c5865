TITLE custom_hh: the Hodgkin-Huxley axon mechanism of Landsmeer et al. 2024, Fig 1

COMMENT
Source: github.com/llandsmeer/gradient_diffusion_code figure_1b_1c.py (HEAD a41f7d0), transcribed in NeuronLab's
gradient-diffusion.md 2: NEURON's hh rates at 6.3 degC (no temperature factor) written with exprelr, forward Euler.
UNITS (gradient-diffusion.md 1.9): the reference is an arbor_pycat Python mechanism that writes its current raw
into Arbor's A/m2 array with c_m = 0.01 F/m2, so its conductances are in A/(m2 mV) = 1000 S/m2 = 0.1 S/cm2:
gna = 0.120, gk = 0.036, gl = 0.0003 "raw" are 0.012, 0.0036, 0.00003 S/cm2 here (10x weaker than NEURON's hh).
The injected pulse (iapp = 0.1 A/m2 raw on the soma, scaled by w) is a current clamp of the experiment, not part
of this file.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX custom_hh
    NONSPECIFIC_CURRENT i
    RANGE gna, gk, gl, ena, ek, el
}

PARAMETER {
    gna = 0.012 (S/cm2) <0, 1e9>
    gk = 0.0036 (S/cm2) <0, 1e9>
    gl = 0.00003 (S/cm2) <0, 1e9>
    ena = 55 (mV)
    ek = -77 (mV)
    el = -65 (mV)
}

STATE {
    m h n
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    am (/ms) bm (/ms) ah (/ms) bh (/ms) an (/ms) bn (/ms)
}

BREAKPOINT {
    SOLVE states METHOD euler
    i = gna*m*m*m*h*(v - ena) + gk*n*n*n*n*(v - ek) + gl*(v - el)
}

INITIAL {
    rates(v)
    m = am/(am + bm)
    h = ah/(ah + bh)
    n = an/(an + bn)
}

DERIVATIVE states {
    rates(v)
    m' = am*(1 - m) - bm*m
    h' = ah*(1 - h) - bh*h
    n' = an*(1 - n) - bn*n
}

PROCEDURE rates(v (mV)) {
    am = exprelr(-0.1*v - 4)
    bm = 4*exp(-(v + 65)/18)
    ah = 0.07*exp(-0.05*v - 3.25)
    bh = 1/(exp(-0.1*v - 3.5) + 1)
    an = 0.1*exprelr(-0.1*v - 5.5)
    bn = 0.125*exp(-0.0125*v - 0.8125)
}
