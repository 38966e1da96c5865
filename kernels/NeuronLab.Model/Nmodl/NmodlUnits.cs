using System.Globalization;

namespace NeuronLab.Model.Nmodl;

/// <summary>A physical dimension as exponents of the SI base units kg, m, s, A, K, mol.</summary>
public readonly record struct Dimension(int Kilogram, int Metre, int Second, int Ampere, int Kelvin, int Mole)
{
    public static readonly Dimension None = default;

    public static Dimension operator *(Dimension a, Dimension b) =>
        new(a.Kilogram + b.Kilogram, a.Metre + b.Metre, a.Second + b.Second, a.Ampere + b.Ampere, a.Kelvin + b.Kelvin, a.Mole + b.Mole);

    public Dimension Power(int n) => new(Kilogram * n, Metre * n, Second * n, Ampere * n, Kelvin * n, Mole * n);
}

/// <summary>A unit: how many SI units one of it is (<see cref="Factor"/>), and its <see cref="Dimension"/>.</summary>
public readonly record struct PhysicalUnit(double Factor, Dimension Dimension)
{
    public static PhysicalUnit operator *(PhysicalUnit a, PhysicalUnit b) => new(a.Factor * b.Factor, a.Dimension * b.Dimension);

    public PhysicalUnit Power(int n) => new(Math.Pow(Factor, n), Dimension.Power(n));
}

/// <summary>
/// NMODL unit strings (<c>mS/cm2</c>, <c>mho/cm2</c>, <c>/ms</c>, <c>degC</c>, <c>milliamp</c>, …) and conversion to
/// NeuronLab's canonical units, which are NEURON's: mV, ms, /ms, S/cm², mA/cm², µF/cm², µm, mM, degC, and for point
/// processes µS and nA. Conversion happens once, where a .mod file's declarations enter NeuronLab.
/// </summary>
/// <remarks>
/// Syntax: factors separated by spaces, <c>-</c> or <c>.</c> multiply; after a <c>/</c> every factor divides (as in
/// units(1)); a factor is an optional SI prefix, a unit name and an optional integer power (<c>cm2</c>); a leading
/// number scales (<c>1/ms</c>, <c>0.001 S</c>). Temperatures are only compared (degC with degC), never offset-converted.
/// </remarks>
public sealed class NmodlUnits
{
    private static readonly Dimension s_mass = new(1, 0, 0, 0, 0, 0);
    private static readonly Dimension s_length = new(0, 1, 0, 0, 0, 0);
    private static readonly Dimension s_time = new(0, 0, 1, 0, 0, 0);
    private static readonly Dimension s_current = new(0, 0, 0, 1, 0, 0);
    private static readonly Dimension s_temperature = new(0, 0, 0, 0, 1, 0);
    private static readonly Dimension s_amount = new(0, 0, 0, 0, 0, 1);
    private static readonly Dimension s_voltage = s_mass * s_length.Power(2) * s_time.Power(-3) * s_current.Power(-1);
    private static readonly Dimension s_conductance = s_voltage.Power(-1) * s_current;

    private static readonly Dictionary<string, PhysicalUnit> s_baseUnits = new(StringComparer.Ordinal)
    {
        ["V"] = new(1, s_voltage), ["volt"] = new(1, s_voltage),
        ["A"] = new(1, s_current), ["amp"] = new(1, s_current), ["ampere"] = new(1, s_current),
        ["S"] = new(1, s_conductance), ["siemens"] = new(1, s_conductance), ["mho"] = new(1, s_conductance),
        ["ohm"] = new(1, s_conductance.Power(-1)),
        ["s"] = new(1, s_time), ["sec"] = new(1, s_time), ["second"] = new(1, s_time),
        ["m"] = new(1, s_length), ["meter"] = new(1, s_length), ["metre"] = new(1, s_length), ["micron"] = new(1e-6, s_length),
        ["g"] = new(1e-3, s_mass), ["gram"] = new(1e-3, s_mass),
        ["F"] = new(1, s_current * s_time * s_voltage.Power(-1)), ["farad"] = new(1, s_current * s_time * s_voltage.Power(-1)),
        ["C"] = new(1, s_current * s_time), ["coulomb"] = new(1, s_current * s_time),
        ["J"] = new(1, s_current * s_time * s_voltage), ["joule"] = new(1, s_current * s_time * s_voltage),
        ["W"] = new(1, s_current * s_voltage), ["watt"] = new(1, s_current * s_voltage),
        ["Hz"] = new(1, s_time.Power(-1)), ["hertz"] = new(1, s_time.Power(-1)),
        ["degC"] = new(1, s_temperature), ["K"] = new(1, s_temperature), ["kelvin"] = new(1, s_temperature),
        ["mol"] = new(1, s_amount), ["mole"] = new(1, s_amount),
        ["M"] = new(1e3, s_amount * s_length.Power(-3)), ["molar"] = new(1e3, s_amount * s_length.Power(-3)),
        ["l"] = new(1e-3, s_length.Power(3)), ["L"] = new(1e-3, s_length.Power(3)), ["liter"] = new(1e-3, s_length.Power(3)), ["litre"] = new(1e-3, s_length.Power(3)),
        ["1"] = new(1, Dimension.None),
    };

    private static readonly (string Prefix, double Factor)[] s_prefixes =
    [
        ("milli", 1e-3), ("micro", 1e-6), ("nano", 1e-9), ("pico", 1e-12), ("femto", 1e-15), ("centi", 1e-2),
        ("deci", 1e-1), ("kilo", 1e3), ("mega", 1e6), ("giga", 1e9),
        ("m", 1e-3), ("u", 1e-6), ("µ", 1e-6), ("μ", 1e-6), ("n", 1e-9), ("p", 1e-12), ("f", 1e-15), ("c", 1e-2),
        ("d", 1e-1), ("k", 1e3), ("M", 1e6), ("G", 1e9),
    ];

    /// <summary>NeuronLab's canonical units, one per dimension, in the spelling stored on parameters and states.</summary>
    public static readonly IReadOnlyList<string> CanonicalUnits =
        ["mV", "ms", "/ms", "S/cm2", "mA/cm2", "uF/cm2", "um", "um2", "mM", "degC", "/mV", "uS", "nA", "ohm cm", "1"];

    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    /// <summary>Adds a UNITS-block definition such as <c>(mA) = (milliamp)</c>.</summary>
    /// <exception cref="FormatException">The definition cannot be parsed.</exception>
    public void Define(string name, string definition)
    {
        Parse(definition);
        _aliases[name] = definition;
    }

    /// <summary>Parses a unit string into factor and dimension; <c>mS/cm2</c> → (10, S·m⁻²).</summary>
    /// <exception cref="FormatException">Unknown unit name or malformed text.</exception>
    public PhysicalUnit Parse(string unit)
    {
        var text = unit.Trim();
        if (_aliases.TryGetValue(text, out var alias) && alias != text) return Parse(alias);
        var result = new PhysicalUnit(1, Dimension.None);
        var dividing = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '-' or '.' && !(c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1]))) { i++; continue; }
            if (c == '/') { dividing = true; i++; continue; }
            var start = i;
            if (char.IsDigit(c) || c == '.')
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E'))) i++;
                var number = double.Parse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture);
                result *= new PhysicalUnit(dividing ? 1 / number : number, Dimension.None);
                continue;
            }
            while (i < text.Length && (char.IsLetter(text[i]) || text[i] == '_')) i++;
            if (i == start) throw new FormatException($"unexpected character '{c}' in unit '{unit}'.");
            var name = text[start..i];
            var powerStart = i;
            while (i < text.Length && char.IsDigit(text[i])) i++;
            var power = i > powerStart ? int.Parse(text[powerStart..i], CultureInfo.InvariantCulture) : 1;
            var factor = ParseName(name, unit).Power(power);
            result *= dividing ? factor.Power(-1) : factor;
        }
        return result;
    }

    /// <summary>
    /// The canonical unit with the same dimension as <paramref name="unit"/>, and the factor that converts a value
    /// written in <paramref name="unit"/> into it (<c>mS/cm2</c> → (<c>S/cm2</c>, 0.001)); null if there is none.
    /// </summary>
    public (string Canonical, double Factor)? ToCanonical(string unit)
    {
        var parsed = Parse(unit);
        foreach (var canonical in CanonicalUnits)
        {
            var target = s_builtin.Parse(canonical);
            if (target.Dimension == parsed.Dimension) return (canonical, RoundFactor(parsed.Factor / target.Factor));
        }
        return null;
    }

    /// <summary>True when <paramref name="unit"/> is exactly <paramref name="canonical"/> (same dimension, factor 1).</summary>
    public bool IsSameAs(string unit, string canonical)
    {
        var a = Parse(unit);
        var b = s_builtin.Parse(canonical);
        return a.Dimension == b.Dimension && Math.Abs(a.Factor / b.Factor - 1) < 1e-12;
    }

    private static readonly NmodlUnits s_builtin = new();

    // Powers of ten computed as ratios of powers of ten (1e-3/1e-1…) carry a rounding error; snap them back.
    private static double RoundFactor(double factor)
    {
        if (factor <= 0) return factor;
        var exponent = Math.Round(Math.Log10(factor));
        var snapped = double.Parse($"1e{exponent.ToString(CultureInfo.InvariantCulture)}", CultureInfo.InvariantCulture);
        return Math.Abs(factor / snapped - 1) < 1e-12 ? snapped : factor;
    }

    private PhysicalUnit ParseName(string name, string whole)
    {
        if (_aliases.TryGetValue(name, out var alias) && alias != name) return Parse(alias);
        if (s_baseUnits.TryGetValue(name, out var unit)) return unit;
        foreach (var (prefix, factor) in s_prefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
                && s_baseUnits.TryGetValue(name[prefix.Length..], out var baseUnit))
                return new PhysicalUnit(factor * baseUnit.Factor, baseUnit.Dimension);
        }
        throw new FormatException($"unknown unit '{name}' in '{whole}'.");
    }
}
