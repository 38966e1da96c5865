using Xunit.Abstractions;

namespace NeuronLab.Kernel.Tests;

/// <summary>
/// Renders the executed first notebook to HTML (<c>nbconvert --to html --no-input</c>) and screenshots it with headless
/// Chromium (Debian <c>chromium</c>, scripts/packages/jupyter.txt). The PNG must show drawn plots: enough pixels in
/// the plot palette's colours (the inline SVG figures; nbconvert picks <c>text/html</c> over plotly JSON). The PNG is
/// kept in the test output folder (<c>bin/…/artifacts/</c>) for a look.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ScreenshotTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Pixels of trace colours (plotly's blue and orange, ±40 per channel) that a drawn plot yields at least.</summary>
    private const int MinimumPlotPixels = 2000;

    [Fact]
    public void Screenshot_FirstCellNotebook_ShowsDrawnPlots()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian package 'chromium' (scripts/packages/jupyter.txt).");
        var executed = ExecutedNotebooks.Get("01-first-cell.ipynb");
        var html = Path.Combine(ExecutedNotebooks.WorkDir, "01-first-cell.html");
        var (code, log) = KernelInstallation.Run("/usr/bin/jupyter",
            ["nbconvert", "--to", "html", "--no-input", executed.Path, "--output", html], TimeSpan.FromSeconds(60), ExecutedNotebooks.WorkDir);
        Assert.True(code == 0, "nbconvert --to html failed:\n" + log);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var png = Path.Combine(artifacts, "01-first-cell.png");
        File.Delete(png);
        var profile = Directory.CreateTempSubdirectory("neuronlab-chromium-");
        try
        {
            (code, log) = KernelInstallation.Run(Chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile.FullName}",
                 "--window-size=1280,4000", $"--screenshot={png}", new Uri(html).AbsoluteUri],
                TimeSpan.FromSeconds(90), ExecutedNotebooks.WorkDir);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
        Assert.True(code == 0 && File.Exists(png), $"chromium --screenshot failed ({code}):\n{log}");
        output.WriteLine($"screenshot: {png}");

        var image = PngImage.Read(png);
        var plotPixels = 0;
        var nonWhite = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image[x, y];
                if (r < 245 || g < 245 || b < 245)
                    nonWhite++;
                if (Near(r, g, b, 0x1f, 0x77, 0xb4) || Near(r, g, b, 0xff, 0x7f, 0x0e))
                    plotPixels++;
            }
        }
        output.WriteLine($"{image.Width}×{image.Height}: {nonWhite} non-white pixels, {plotPixels} in trace colours");
        Assert.True(plotPixels >= MinimumPlotPixels, $"Only {plotPixels} pixels in trace colours (need {MinimumPlotPixels}): no plot was drawn? See {png}.");
        Assert.True(nonWhite < image.Width * image.Height / 2, $"More than half the page is not white: a rendering problem? See {png}.");
    }

    private static bool Near(byte r, byte g, byte b, int r0, int g0, int b0) =>
        Math.Abs(r - r0) <= 40 && Math.Abs(g - g0) <= 40 && Math.Abs(b - b0) <= 40;
}
