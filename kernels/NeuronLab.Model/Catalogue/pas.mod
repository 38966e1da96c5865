TITLE pas: passive leak

COMMENT
Source: NEURON's built-in passive membrane mechanism pas, i = g*(v - e), g = 0.001 S/cm2, e = -70 mV.
Written for NeuronLab; lowers to the same mechanism as BuiltinMechanisms.Passive().
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX pas
    NONSPECIFIC_CURRENT i
    RANGE g, e
    THREADSAFE
}

PARAMETER {
    g = 0.001 (S/cm2) <0, 1e9>
    e = -70 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

BREAKPOINT {
    i = g*(v - e)
}
