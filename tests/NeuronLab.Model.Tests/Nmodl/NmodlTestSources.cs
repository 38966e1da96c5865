namespace NeuronLab.Model.Tests.Nmodl;

/// <summary>Builds small .mod sources for the front-end tests.</summary>
internal static class NmodlTestSources
{
    /// <summary>A minimal density mechanism with one nonspecific current; <paramref name="body"/> goes in BREAKPOINT.</summary>
    public static string Leak(string parameters = "g = 0.001 (S/cm2)\n e = -70 (mV)", string body = "i = g*(v - e)", string extra = "") => $$"""
        NEURON {
            SUFFIX test
            NONSPECIFIC_CURRENT i
            RANGE g, e
        }
        PARAMETER {
            {{parameters}}
        }
        ASSIGNED {
            v (mV)
            i (mA/cm2)
        }
        BREAKPOINT {
            {{body}}
        }
        {{extra}}
        """;
}
