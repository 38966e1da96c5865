using System.Runtime.InteropServices;

namespace NeuronLab.Kernel;

/// <summary>
/// Exits when the process that launched the kernel dies (jupyter_client sets JPY_PARENT_PID; clients such as
/// <c>jupyter run</c> never send shutdown). Same rule as ipykernel's ParentPoller: poll getppid() every second.
/// </summary>
internal static partial class ParentWatcher
{
    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();

    public static void Start()
    {
        var env = Environment.GetEnvironmentVariable("JPY_PARENT_PID");
        if (string.IsNullOrEmpty(env) || env == "1" || OperatingSystem.IsWindows())
            return;
        int original;
        try
        {
            original = GetParentPid();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return;
        }
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(1000);
                if (GetParentPid() != original)
                {
                    Log.Write("parent process died; exiting");
                    Environment.Exit(1);
                }
            }
        }) { IsBackground = true, Name = "parent-watcher" };
        thread.Start();
    }
}
