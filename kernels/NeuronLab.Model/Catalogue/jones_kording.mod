TITLE jk: Jones & Kording (2024) softplus Hodgkin-Huxley channels, one compartment

COMMENT
Source: Jones IS, Kording KP (2024) "Optimization of fully differentiable ODE neurons using gradient
descent" (CCN 2024; arXiv 2407.04025); equations as in Layer_2_3_stim.forward of the authors' code
github.com/ilennaj/ode_neuron_backprop (HEAD 2334b66), transcribed in NeuronLab's jones-kording.md 1.2.
It derives from Gidon et al. (2020) Traub.mod (see traub_gidon.mod) with softplus rate fits.
- u = v + vshift (49.2 mV) is used everywhere: rates, driving forces and the leak.
- Na current m^2 h, K current LINEAR in n, dn/dt has a factor 2, Q = 1.
- x_inf = a/(a + b + 1e-8), tau_x = 1/(a + b + 1e-8)/Q, as in the code.
- Initial quirk: the code sets the gates to their steady state at the UNSHIFTED initial voltage
  (m_inf(V0) without adding the shift). INITIAL therefore calls rates(v + init_shift) with
  init_shift = 0 by default; set init_shift = vshift for the self-consistent steady state.
  At v = -60 mV: m = 2.49399e-7, n = 9.71404e-8, h = 0.99999999802.
- Conductances are the paper's mS/cm2 (NeuronLab stores them converted to S/cm2, x 1e-3); currents
  are written in mA/cm2, hence the factor 1e-3. Reversal potentials are mechanism parameters.
- The cell's other constants (Cm = 0.45 uF/cm2, axial g_ax = 0.5 mS/cm2, V0 = -60 mV) belong to the cell.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
    (mS) = (millisiemens)
}

NEURON {
    SUFFIX jk
    NONSPECIFIC_CURRENT i_na, i_k, i_l
    RANGE gna, gk, gl, e_na, e_k, e_l, vshift, init_shift, qt
    THREADSAFE
}

PARAMETER {
    gna = 100 (mS/cm2) <0, 1e9>
    gk = 45 (mS/cm2) <0, 1e9>
    gl = 0.027027027027027027 (mS/cm2) <0, 1e9>
    e_na = 90 (mV)
    e_k = -80 (mV)
    e_l = -74 (mV)
    vshift = 49.2 (mV)
    init_shift = 0 (mV)
    qt = 1 (1)
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
    LOCAL u
    SOLVE states METHOD cnexp
    u = v + vshift
    i_na = 1e-3*gna*m*m*h*(u - e_na)
    i_k = 1e-3*gk*n*(u - e_k)
    i_l = 1e-3*gl*(u - e_l)
}

INITIAL {
    rates(v + init_shift)
    m = minf
    h = hinf
    n = ninf
}

DERIVATIVE states {
    rates(v + vshift)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
    n' = 2*(ninf - n)/ntau
}

PROCEDURE rates(u (mV)) {
    LOCAL a, b
    a = 1.841*log(1 + 0.102*exp(0.17*u))
    b = 2.010*log(1 + 266.087*exp(-0.139*u))
    minf = a/(a + b + 1e-8)
    mtau = 1/(a + b + 1e-8)/qt
    a = 0.128*exp((17 - u)/18)
    b = 4/(1 + exp((40 - u)/5))
    hinf = a/(a + b + 1e-8)
    htau = 1/(a + b + 1e-8)/qt
    a = 0.114*log(1 + 0.007*exp(0.140*u))
    b = 0.25*exp((20 - u)/40)
    ninf = a/(a + b + 1e-8)
    ntau = 1/(a + b + 1e-8)/qt
}
