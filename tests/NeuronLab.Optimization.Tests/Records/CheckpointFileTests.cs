using System.Collections.Immutable;
using NeuronLab.Optimization.Gradient;
using NeuronLab.Optimization.Random;
using NeuronLab.Optimization.Records;
using NeuronLab.Optimization.Stopping;

namespace NeuronLab.Optimization.Tests.Records;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SaveLoad_RandomBitPatternsAndSpecialValues_RoundTripBitForBit()
    {
        var rng = new Xoshiro256StarStar(99);
        var values = new List<double> { 0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, 0.1, 1.0 / 3.0, Math.BitDecrement(1.0) };
        while (values.Count < 5000)
        {
            var v = BitConverter.Int64BitsToDouble((long)rng.NextUInt64());
            if (!double.IsNaN(v)) values.Add(v); // NaN payloads are not preserved (NaN is written by name)
        }
        var state = new AdamState([.. values], [.. values], [.. values], [], 3);
        var path = Path.Combine(_dir, "c.json");
        CheckpointFile.Save(path, new Checkpoint<AdamState>(CheckpointFile.FormatVersion, nameof(AdamState), 4, 5, 6, 1.5,
            double.NaN, [], EarlyStoppingState.Initial, state));
        var back = CheckpointFile.Load<AdamState>(path);
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), back.State.X.Select(BitConverter.DoubleToInt64Bits));
        Assert.True(double.IsNaN(back.BestLoss));
        Assert.Equal(double.PositiveInfinity, back.EarlyStopping.BestLoss);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Load_OtherStateType_Throws()
    {
        var path = Path.Combine(_dir, "c.json");
        CheckpointFile.Save(path, new Checkpoint<SgdState>(CheckpointFile.FormatVersion, nameof(SgdState), 0, 0, 0, 0, 0, [],
            EarlyStoppingState.Initial, new SgdState([1.0], [], 0)));
        Assert.Throws<InvalidDataException>(() => CheckpointFile.Load<AdamState>(path));
    }

    [Fact]
    public void Save_Twice_ReplacesAtomicallyWithoutTemporaryFile()
    {
        var path = Path.Combine(_dir, "c.json");
        for (var i = 0; i < 3; i++)
            CheckpointFile.Save(path, new Checkpoint<SgdState>(CheckpointFile.FormatVersion, nameof(SgdState), i, 0, 0, 0, 0, [],
                EarlyStoppingState.Initial, new SgdState(ImmutableArray.Create((double)i), [], i)));
        Assert.Equal(2, CheckpointFile.Load<SgdState>(path).NextIteration);
        Assert.Single(Directory.GetFiles(_dir));
    }
}
