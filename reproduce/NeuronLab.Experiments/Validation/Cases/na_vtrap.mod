TITLE na_vtrap: fast sodium channel in the style of public ModelDB mechanisms (test data, not catalogue)

COMMENT
Test data for NeuronLab's NMODL front end: an HH-type Na channel with a vtrap FUNCTION, a TABLE, GLOBAL
rate variables, USEION na, a conductance in mho/cm2 and a threshold shift. Written for the tests.
ENDCOMMENT

NEURON {
    SUFFIX na_vtrap
    USEION na READ ena WRITE ina
    RANGE gbar, gna, vshift
    GLOBAL minf, hinf, mtau, htau
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gbar = 0.05 (mho/cm2) <0, 1e9>
    vshift = -5 (mV)
    tadj = 1
}

ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
    gna (mho/cm2)
    minf hinf
    mtau (ms) htau (ms)
}

STATE { m h }

BREAKPOINT {
    SOLVE states METHOD cnexp
    gna = gbar*m*m*m*h
    ina = gna*(v - ena)
}

INITIAL {
    trates(v + vshift)
    m = minf
    h = hinf
}

DERIVATIVE states {
    trates(v + vshift)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
}

PROCEDURE trates(vm (mV)) {
    LOCAL a, b
    TABLE minf, hinf, mtau, htau FROM -100 TO 100 WITH 200
    a = 0.182*vtrap(-(vm + 35), 9)
    b = 0.124*vtrap(vm + 35, 9)
    mtau = 1/(a + b)/tadj
    minf = a/(a + b)
    a = 0.024*vtrap(-(vm + 50), 5)
    b = 0.0091*vtrap(vm + 75, 5)
    htau = 1/(a + b)/tadj
    hinf = 1/(1 + exp((vm + 65)/6.2))
}

FUNCTION vtrap(x (mV), y (mV)) (mV) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
