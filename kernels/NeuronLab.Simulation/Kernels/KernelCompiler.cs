using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuronLab.Model.Mechanisms;

namespace NeuronLab.Simulation.Kernels;

/// <summary>
/// Compiles generated kernel source with Roslyn and caches the result by content hash: in memory for the process,
/// and on disk (<c>$NEURONLAB_KERNEL_CACHE</c>, else <c>$XDG_CACHE_HOME/neuronlab/kernels</c>, else
/// <c>~/.cache/neuronlab/kernels</c>) so a fresh process loads a compiled kernel without starting Roslyn.
/// The hash covers the source and the engine assemblies' identities, so a rebuilt engine never loads a stale kernel.
/// </summary>
public static class KernelCompiler
{
    private static readonly ConcurrentDictionary<string, Lazy<object>> s_memory = new(StringComparer.Ordinal);
    private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);

    /// <summary>The kernel for <paramref name="mechanism"/>, generated and compiled on first use.</summary>
    /// <remarks>
    /// Remembered per mechanism object (mechanisms are immutable) and slope: generating the source (lowering, factoring,
    /// sharing exponentials) takes 2–4 ms per mechanism, which was a third of a short forward run of the C4A cell when every
    /// run regenerated it to find the compiled kernel by its hash.
    /// </remarks>
    public static MechanismKernel For(Mechanism mechanism, CurrentSlope slope = CurrentSlope.Exact)
    {
        var bySlope = s_kernels.GetValue(mechanism, _ => new ConcurrentDictionary<CurrentSlope, MechanismKernel>());
        return bySlope.GetOrAdd(slope, sl =>
        {
            var source = KernelSourceEmitter.Emit(mechanism, sl, out var className);
            return Compile(source, className);
        });
    }

    private static readonly ConditionalWeakTable<Mechanism, ConcurrentDictionary<CurrentSlope, MechanismKernel>> s_kernels = new();

    /// <summary>Compiles (or loads from a cache) the class <paramref name="className"/> in <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOperationException">The source does not compile; the message holds Roslyn's diagnostics.</exception>
    public static MechanismKernel Compile(string source, string className) => Compile<MechanismKernel>(source, className);

    /// <summary>Compiles (or loads from a cache) the class <paramref name="className"/> deriving from <typeparamref name="T"/>.</summary>
    public static T Compile<T>(string source, string className) where T : class
    {
        var key = CacheKey(source);
        return (T)s_memory.GetOrAdd(key, k => new Lazy<object>(() => LoadOrBuild(k, source, className))).Value;
    }

    /// <summary>The gradient kernel for <paramref name="mechanism"/>, generated and compiled on first use.</summary>
    /// <remarks>
    /// Generating the source derives every partial symbolically (≈ 10 ms per mechanism, as much as a short forward run),
    /// so the kernel is also remembered per mechanism object (mechanisms are immutable) and slope.
    /// </remarks>
    public static Gradients.MechanismGradientKernel GradientFor(Mechanism mechanism, CurrentSlope slope = CurrentSlope.Exact)
    {
        var bySlope = s_gradients.GetValue(mechanism, _ => new ConcurrentDictionary<CurrentSlope, Gradients.MechanismGradientKernel>());
        return bySlope.GetOrAdd(slope, sl =>
        {
            var source = Gradients.GradientKernelEmitter.Emit(mechanism, sl, out var className);
            return Compile<Gradients.MechanismGradientKernel>(source, className);
        });
    }

    private static readonly ConditionalWeakTable<Mechanism, ConcurrentDictionary<CurrentSlope, Gradients.MechanismGradientKernel>> s_gradients = new();

    /// <summary>Folder of the on-disk cache.</summary>
    public static string CacheDirectory
    {
        get
        {
            var explicitDir = Environment.GetEnvironmentVariable("NEURONLAB_KERNEL_CACHE");
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "neuronlab", "kernels");
        }
    }

    private static object LoadOrBuild(string key, string source, string className)
    {
        var path = Path.Combine(CacheDirectory, key + ".dll");
        Assembly assembly;
        if (File.Exists(path))
        {
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
        else
        {
            var image = Build(key, source);
            assembly = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image));
            TryWriteCache(path, image);
        }
        var type = assembly.GetType("NeuronLab.Generated." + className)
            ?? throw new InvalidOperationException($"Generated assembly {key} has no type {className}.");
        return Activator.CreateInstance(type)!;
    }

    private static byte[] Build(string key, string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "NeuronLab.Generated." + key, [tree], s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: false, deterministic: true));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10);
            throw new InvalidOperationException("Generated kernel does not compile:\n" + string.Join("\n", errors) + "\n--- source ---\n" + source);
        }
        return stream.ToArray();
    }

    private static void TryWriteCache(string path, byte[] image)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // The cache is an optimisation: a read-only or full disk only costs a recompile next time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string CacheKey(string source)
    {
        var identity = string.Join("|", new[] { typeof(MechanismKernel).Assembly, typeof(Numerics.Exprelr).Assembly }
            .Select(a => a.ManifestModule.ModuleVersionId.ToString()));
        var bytes = Encoding.UTF8.GetBytes(identity + "\n" + source);
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];
    }

    private static MetadataReference[] LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "System.Runtime", "System.Private.CoreLib", "System.Memory", "System.Runtime.Intrinsics", "netstandard" };
        var paths = trusted.Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p))).ToList();
        paths.Add(typeof(MechanismKernel).Assembly.Location);
        paths.Add(typeof(Numerics.Exprelr).Assembly.Location);
        return [.. paths.Distinct().Select(p => MetadataReference.CreateFromFile(p))];
    }
}
