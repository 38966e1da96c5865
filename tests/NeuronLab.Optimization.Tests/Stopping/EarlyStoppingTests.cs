using NeuronLab.Optimization.Stopping;

namespace NeuronLab.Optimization.Tests.Stopping;

public class EarlyStoppingTests
{
    [Fact]
    public void Update_NoImprovementBeyondDeltaForPatience_StopsAtPatience()
    {
        // Losses 10, 9, 8.95, 8.93, 8.92 with δ = 0.1: only 10 → 9 improves; 3 stale iterations reach patience 3.
        var es = new EarlyStopping(Patience: 3, MinDelta: 0.1);
        var s = EarlyStoppingState.Initial;
        var reasons = new List<EarlyStopReason>();
        foreach (var loss in new[] { 10, 9, 8.95, 8.93, 8.92 })
        {
            (s, var r) = es.Update(s, loss);
            reasons.Add(r);
        }
        Assert.Equal([EarlyStopReason.None, EarlyStopReason.None, EarlyStopReason.None, EarlyStopReason.None, EarlyStopReason.Patience], reasons);
        Assert.Equal(9.0, s.BestLoss);
    }

    [Fact]
    public void Update_LossAtTarget_StopsWithTarget()
    {
        var es = new EarlyStopping(TargetLoss: 1e-3);
        var (_, r1) = es.Update(EarlyStoppingState.Initial, 1e-2);
        var (_, r2) = es.Update(EarlyStoppingState.Initial, 1e-3);
        Assert.Equal(EarlyStopReason.None, r1);
        Assert.Equal(EarlyStopReason.TargetLoss, r2);
    }

    [Fact]
    public void Update_SteadyImprovement_NeverStops()
    {
        var es = new EarlyStopping(Patience: 2, MinDelta: 0.01);
        var s = EarlyStoppingState.Initial;
        for (var k = 0; k < 100; k++)
        {
            (s, var r) = es.Update(s, 10.0 - 0.02 * k);
            Assert.Equal(EarlyStopReason.None, r);
        }
    }
}
