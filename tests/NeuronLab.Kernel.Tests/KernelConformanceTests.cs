namespace NeuronLab.Kernel.Tests;

/// <summary>Runs Jupyter's own conformance suite (Debian python3-jupyter-kernel-test) against the installed kernel.</summary>
[Trait("Category", "Kernel")]
public sealed class KernelConformanceTests
{
    [Fact]
    public void JupyterKernelTest_AllEnabledTests_Pass()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "TestData");
        var (code, output) = KernelInstallation.Run(KernelInstallation.Python, ["-m", "unittest", "-v", "test_neuronlab_kernel"],
            TimeSpan.FromSeconds(90), data, new Dictionary<string, string> { ["JUPYTER_PATH"] = KernelInstallation.JupyterPath });
        Assert.True(code == 0, "jupyter_kernel_test failed:\n" + output);
        Assert.Contains("Ran 12 tests", output, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", output, StringComparison.Ordinal);
    }
}
