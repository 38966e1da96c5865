using System.Xml.Linq;
using NeuronLab.Testing;

namespace NeuronLab.Architecture.Tests;

/// <summary>
/// Enforces the project dependency directions of DESIGN.md §"Layout and dependency direction":
/// the engine never references the notebook layer, Model and Numerics depend on nothing of ours, and so on.
/// </summary>
public sealed class DependencyDirectionTests
{
    // Each product project and the NeuronLab projects it may reference (directly).
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["NeuronLab.Model"] = ["NeuronLab.Numerics"], // docs/decisions.md: the IR evaluates exprelr with Numerics
        ["NeuronLab.Numerics"] = [],
        ["NeuronLab.Simulation"] = ["NeuronLab.Model", "NeuronLab.Numerics"],
        ["NeuronLab.Optimization"] = ["NeuronLab.Numerics"],
        ["NeuronLab.Fitting"] = ["NeuronLab.Simulation", "NeuronLab.Optimization", "NeuronLab.Model", "NeuronLab.Numerics"],
        ["NeuronLab.Interactive"] = ["NeuronLab.Model", "NeuronLab.Numerics", "NeuronLab.Simulation", "NeuronLab.Optimization", "NeuronLab.Fitting"],
        ["NeuronLab.Kernel"] = ["NeuronLab.Interactive", "NeuronLab.Experiments", "NeuronLab.Model", "NeuronLab.Numerics", "NeuronLab.Simulation", "NeuronLab.Optimization", "NeuronLab.Fitting"],
        ["NeuronLab.Experiments"] = ["NeuronLab.Model", "NeuronLab.Numerics", "NeuronLab.Simulation", "NeuronLab.Optimization", "NeuronLab.Fitting", "NeuronLab.Interactive"],
        ["NeuronLab.Reproduce"] = ["NeuronLab.Experiments", "NeuronLab.Model", "NeuronLab.Numerics", "NeuronLab.Simulation", "NeuronLab.Optimization", "NeuronLab.Fitting", "NeuronLab.Interactive"],
    };

    private static IEnumerable<string> ProductProjects() =>
        new[] { "kernels", "extension", "reproduce" }
            .Select(folder => Path.Combine(RepoPaths.Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories));

    private static IEnumerable<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!));

    [Fact]
    public void ProductProjects_ReferenceOnlyAllowedProjects()
    {
        var violations = new List<string>();
        foreach (var csproj in ProductProjects())
        {
            var name = Path.GetFileNameWithoutExtension(csproj);
            Assert.True(s_allowed.ContainsKey(name), $"{name} is not listed in the dependency rules of DESIGN.md; add it there and here.");
            violations.AddRange(References(csproj).Where(r => !s_allowed[name].Contains(r)).Select(r => $"{name} -> {r}"));
        }
        Assert.True(violations.Count == 0, "Forbidden project references: " + string.Join(", ", violations));
    }

    [Fact]
    public void EngineProjects_DoNotReferenceTheNotebookLayer()
    {
        var engine = ProductProjects().Where(p => p.Contains($"{Path.DirectorySeparatorChar}kernels{Path.DirectorySeparatorChar}"));
        Assert.NotEmpty(engine);
        foreach (var csproj in engine)
        {
            var refs = References(csproj).ToList();
            Assert.DoesNotContain(refs, r => r is "NeuronLab.Interactive" or "NeuronLab.Kernel" or "NeuronLab.Reproduce");
        }
    }

    [Fact]
    public void EveryProductProject_HasATestProject()
    {
        var missing = ProductProjects()
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !File.Exists(Path.Combine(RepoPaths.Root, "tests", name + ".Tests", name + ".Tests.csproj")))
            .ToList();
        Assert.True(missing.Count == 0, "Product projects without tests: " + string.Join(", ", missing));
    }
}
