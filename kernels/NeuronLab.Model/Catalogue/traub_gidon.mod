TITLE traub_gidon: Traub (1991) Na and K channels as in Gidon et al. (2020)

COMMENT
Source: Gidon A et al. (2020) Science 367:83-87, ModelDB 254217, _mod/Traub.mod (after Traub RD et al.
1991 J Neurophysiol 66:635-650), the origin of the Jones & Kording model (jones_kording.mod).
Written for NeuronLab from the equations (jones-kording.md 1.2):
- vt = v + v_shft enters the rate functions only (v_shft = 49.2 mV in Traub.mod; biophys.hoc sets 50).
- Q = 3^((35 - 32)/10); Na current m^2 h; K current linear in n; dn/dt = (ninf - n)/ntau.
- Traub's linoids a(x)/(exp(x/k) - 1) are written with exprelr(x) = x/(exp(x) - 1).
- Defaults are the values of Gidon's biophys.hoc as reused by Jones & Kording: gnabar = 0.1,
  gkbar = 0.045 S/cm2, eNa = 90, eK = -80 mV; the leak (Traub.mod's gLbar, eL) is set to the cell's
  pas values, 1/(37 kOhm cm2) and -74 mV. Reversal potentials are mechanism parameters.
NeuronLab lowers FUNCTION exprelr to its exact exprelr node.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX traub_gidon
    NONSPECIFIC_CURRENT i_na, i_k, i_l
    RANGE gnabar, gkbar, glbar, e_na, e_k, e_l, v_shft
    THREADSAFE
}

PARAMETER {
    gnabar = 0.1 (S/cm2) <0, 1e9>
    gkbar = 0.045 (S/cm2) <0, 1e9>
    glbar = 2.7027027027027027e-5 (S/cm2) <0, 1e9>
    e_na = 90 (mV)
    e_k = -80 (mV)
    e_l = -74 (mV)
    v_shft = 49.2 (mV)
}

STATE {
    m h n
}

ASSIGNED {
    v (mV)
    i_na (mA/cm2)
    i_k (mA/cm2)
    i_l (mA/cm2)
    minf hinf ninf
    mtau (ms) htau (ms) ntau (ms)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    i_na = gnabar*m*m*h*(v - e_na)
    i_k = gkbar*n*(v - e_k)
    i_l = glbar*(v - e_l)
}

INITIAL {
    rates(v)
    m = minf
    h = hinf
    n = ninf
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {
    LOCAL a, b, vt, q
    vt = v + v_shft
    q = 3^((35 - 32)/10)
    a = 1.28*exprelr((13.1 - vt)/4)
    b = 1.4*exprelr((vt - 40.1)/5)
    mtau = 1/(a + b)/q
    minf = a/(a + b)
    a = 0.128*exp((17 - vt)/18)
    b = 4/(1 + exp((40 - vt)/5))
    htau = 1/(a + b)/q
    hinf = a/(a + b)
    a = 0.08*exprelr((35.1 - vt)/5)
    b = 0.25*exp((20 - vt)/40)
    ntau = 1/(a + b)/q
    ninf = a/(a + b)
}

FUNCTION exprelr(x) {
    if (fabs(x) < 1e-6) {
        exprelr = 1 - x/2
    } else {
        exprelr = x/(exp(x) - 1)
    }
}
