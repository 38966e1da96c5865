using NeuronLab.Kernel;
using NeuronLab.Kernel.Protocol;

// NeuronLab.Kernel -f <connection file>          run as a Jupyter kernel (argv of kernel.json)
// NeuronLab.Kernel install [--user|--prefix DIR] [--name NAME]   install the kernelspec
if (args.Length > 0 && args[0] == "install")
    return KernelSpecInstaller.Run(args[1..]);

var fileIndex = Array.IndexOf(args, "-f");
var connectionFile = fileIndex >= 0 && fileIndex + 1 < args.Length ? args[fileIndex + 1] : args.FirstOrDefault(a => a.EndsWith(".json", StringComparison.Ordinal));
if (connectionFile is null)
{
    Console.Error.WriteLine("usage: NeuronLab.Kernel -f <connection-file>\n       NeuronLab.Kernel install [--user | --prefix DIR] [--name NAME]");
    return 2;
}

ParentWatcher.Start();
using var server = new KernelServer(ConnectionInfo.Load(connectionFile));
return server.Run();
