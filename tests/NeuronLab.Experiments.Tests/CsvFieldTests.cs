namespace NeuronLab.Experiments.Tests;

public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("All|All", "All|All")]
    [InlineData("All|[0,1,5]", "\"All|[0,1,5]\"")]   // jk-fig4's condition labels
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void Of_QuotesWhatWouldBreakTheRow(string text, string expected) => Assert.Equal(expected, CsvField.Of(text));
}
