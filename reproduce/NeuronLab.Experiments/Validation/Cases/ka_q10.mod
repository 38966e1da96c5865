TITLE ka_q10: A-type potassium channel with temperature scaling (test data, not catalogue)

COMMENT
Test data for NeuronLab's NMODL front end, in the style of public ModelDB K-A channels: celsius and q10
scaling of the time constants, a conductance in pS/um2, USEION k, an if/else on the voltage and a
derivimplicit SOLVE. Written for the tests.
ENDCOMMENT

NEURON {
    SUFFIX ka_q10
    USEION k READ ek WRITE ik
    RANGE gbar, ik
    GLOBAL q10, temp
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (pS) = (picosiemens)
    (um) = (micron)
}

PARAMETER {
    gbar = 100 (pS/um2) <0, 1e9>
    q10 = 3
    temp = 24 (degC)
    taumin = 0.5 (ms)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    ik (mA/cm2)
    ainf binf atau (ms) btau (ms) qt
}

STATE { a b }

BREAKPOINT {
    SOLVE kin METHOD derivimplicit
    ik = (1e-4)*gbar*a*a*a*b*(v - ek)
}

INITIAL {
    rates(v)
    a = ainf
    b = binf
}

DERIVATIVE kin {
    rates(v)
    a' = (ainf - a)/atau
    b' = (binf - b)/btau
}

PROCEDURE rates(v (mV)) {
    qt = q10^((celsius - temp)/10)
    ainf = 1/(1 + exp(-(v + 31)/8.5))
    binf = 1/(1 + exp((v + 78)/6))
    atau = 1.5*exp(-(v + 50)^2/800)/qt
    if (atau < taumin) {
        atau = taumin
    }
    if (v > -20 && v < 100) {
        btau = 40/qt
    } else {
        btau = (20 + 0.26*(v + 50))/qt
    }
}
