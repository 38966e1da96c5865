using NeuronLab.Model.Mechanisms.Expressions;
using static NeuronLab.Model.Mechanisms.Expressions.Ex;

namespace NeuronLab.Model.Tests;

/// <summary>
/// Random expression trees over the symbols x and y that stay finite and smooth near the sample points
/// (arguments of exp are bounded by tanh, logs and roots see 1 + u²), covering every node kind.
/// </summary>
internal static class RandomExpressions
{
    public static Expr Generate(Random random, int depth)
    {
        if (depth == 0 || random.NextDouble() < 0.15)
        {
            return random.Next(3) switch
            {
                0 => Sym("x"),
                1 => Sym("y"),
                _ => new Constant(Math.Round(random.NextDouble() * 4 - 2, 2)),
            };
        }
        Expr Sub() => Generate(random, depth - 1);
        return random.Next(15) switch
        {
            0 => Sub() + Sub(),
            1 => Sub() - Sub(),
            2 => Sub() * Sub(),
            3 => Sub() / (1.5 + Tanh(Sub())),
            4 => Exp(Tanh(Sub())),
            5 => Log(1.0 + Sub() * Sub()),
            6 => Sqrt(1.0 + Sub() * Sub()),
            7 => -Sub(),
            8 => Pow(1.0 + Tanh(Sub()) * Tanh(Sub()), Sub()),
            9 => Pow(Sub(), random.Next(2, 5)),
            10 => Exprelr(Sub()),
            11 => Let("u", Sub(), Sym("u") * Sym("u") + Sub()),
            12 => If(Greater(Sub(), Sub()), Sub(), Sub()),
            13 => Tanh(Sub()) * Abs(Sub() + 10.0),
            _ => Vtrap(Sub(), 3.0),
        };
    }
}
