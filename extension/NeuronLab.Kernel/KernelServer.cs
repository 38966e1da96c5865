using System.Text.Json.Nodes;
using NeuronLab.Interactive;
using NeuronLab.Kernel.Execution;
using NeuronLab.Kernel.Protocol;
using NeuronLab.Kernel.Zmq;

namespace NeuronLab.Kernel;

/// <summary>
/// The Jupyter kernel: binds the five sockets of the connection file and serves protocol 5.3. Threads:
/// shell (this one; runs cells), control (interrupt, shutdown), heartbeat (echo), iopub sender (queue),
/// and one thread per running cell. Every request gets status busy → reply → status idle.
/// </summary>
internal sealed partial class KernelServer : IDisposable, IDisplayPublisher
{
    private readonly ConnectionInfo _connection;
    private readonly WireCodec _codec;
    private readonly string _session = Guid.NewGuid().ToString();
    private readonly ZmqContext _context = new();
    private readonly ZmqSocket _shell, _control, _stdin, _heartbeat, _iopubSocket;
    private readonly IOPubChannel _iopub;
    private readonly CSharpSession _csharp = new();
    private readonly MagicRegistry _magics = KernelDefaults.Magics();
    private readonly History _history = new();
    private readonly StreamCapture _stdout, _stderr;
    private volatile bool _stopping;
    private volatile Message? _currentParent;
    private int _executionCount;

    public KernelServer(ConnectionInfo connection)
    {
        _connection = connection;
        if (connection.Key.Length > 0 && connection.SignatureScheme != "hmac-sha256")
            throw new NotSupportedException($"Signature scheme {connection.SignatureScheme} is not supported (only hmac-sha256).");
        _codec = new WireCodec(connection.Key);
        _shell = Bind(Native.ROUTER, connection.ShellPort);
        _control = Bind(Native.ROUTER, connection.ControlPort);
        _stdin = Bind(Native.ROUTER, connection.StdinPort);
        _heartbeat = Bind(Native.REP, connection.HeartbeatPort);
        _iopubSocket = Bind(Native.PUB, connection.IOPubPort);
        _iopub = new IOPubChannel(_iopubSocket, _codec, _session);
        _stdout = new StreamCapture("stdout", PublishStream);
        _stderr = new StreamCapture("stderr", PublishStream);
    }

    private ZmqSocket Bind(int type, int port)
    {
        var socket = _context.Socket(type);
        socket.Bind(_connection.Endpoint(port));
        return socket;
    }

    /// <summary>Serves until a shutdown request; returns the process exit code.</summary>
    public int Run()
    {
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
        Console.SetIn(TextReader.Null);
        Display.Publisher = this;
        StartThread("heartbeat", HeartbeatLoop);
        StartThread("control", () => ServeLoop(_control, "control"));
        Publish(null, "status", new JsonObject { ["execution_state"] = "starting" });
        Log.Write($"started, shell {_connection.Endpoint(_connection.ShellPort)}");
        ServeLoop(_shell, "shell");
        return 0;
    }

    private static void StartThread(string name, Action body) =>
        new Thread(() => body()) { IsBackground = true, Name = name }.Start();

    private void HeartbeatLoop()
    {
        try
        {
            while (!_stopping)
            {
                var frames = _heartbeat.ReceiveMultipart();
                _heartbeat.SendMultipart(frames);
            }
        }
        catch (ZmqTerminatedException)
        {
        }
        catch (Exception e)
        {
            Log.Write($"heartbeat stopped: {e.Message}");
        }
        finally
        {
            _heartbeat.Dispose();
        }
    }

    private void ServeLoop(ZmqSocket socket, string channel)
    {
        try
        {
            while (!_stopping)
            {
                if (!socket.Poll(100))
                    continue;
                var frames = socket.ReceiveMultipart();
                var request = _codec.TryDecode(frames);
                if (request is null)
                {
                    Log.Write($"{channel}: dropped message ({_codec.LastError})");
                    continue;
                }
                Log.Debug($"{channel}: {request.MsgType}");
                try
                {
                    Handle(socket, channel, request);
                }
                catch (ZmqTerminatedException)
                {
                    throw;
                }
                catch (Exception e)
                {
                    // A handler bug must not kill the kernel: log it and answer idle.
                    Log.Write($"{channel}: {request.MsgType} failed: {e}");
                    Publish(request, "status", new JsonObject { ["execution_state"] = "idle" });
                }
            }
        }
        catch (ZmqTerminatedException)
        {
        }
    }

    private void Handle(ZmqSocket socket, string channel, Message request)
    {
        Publish(request, "status", new JsonObject { ["execution_state"] = "busy" });
        JsonObject? reply = request.MsgType switch
        {
            "kernel_info_request" => KernelInfo(),
            "execute_request" => Execute(request),
            "complete_request" => Complete(request.Content),
            "inspect_request" => Inspect(request.Content),
            "is_complete_request" => IsComplete(request.Content),
            "history_request" => new JsonObject { ["status"] = "ok", ["history"] = _history.Query(request.Content) },
            "comm_info_request" => new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() },
            "interrupt_request" => Interrupt(),
            "shutdown_request" => new JsonObject { ["status"] = "ok", ["restart"] = request.Content["restart"]?.GetValue<bool>() ?? false },
            "comm_open" or "comm_msg" or "comm_close" => null,
            _ => Unknown(request),
        };
        if (reply is not null)
        {
            _iopub.Flush(TimeSpan.FromSeconds(2));
            var type = request.MsgType.EndsWith("_request", StringComparison.Ordinal)
                ? request.MsgType[..^"_request".Length] + "_reply"
                : request.MsgType + "_reply";
            socket.SendMultipart(_codec.Encode(Message.Child(request, type, _session, reply)));
        }
        Publish(request, "status", new JsonObject { ["execution_state"] = "idle" });
        if (request.MsgType == "shutdown_request")
            Shutdown();
    }

    private static JsonObject? Unknown(Message request)
    {
        Log.Write($"unhandled message type {request.MsgType}");
        return null;
    }

    private JsonObject Interrupt()
    {
        InterruptCell();
        return new JsonObject { ["status"] = "ok" };
    }

    private void Shutdown()
    {
        _iopub.Flush(TimeSpan.FromSeconds(1));
        _stopping = true;
        // Whatever still runs (an abandoned cell) must not keep the process alive.
        var watchdog = new Thread(() =>
        {
            Thread.Sleep(3000);
            Log.Write("shutdown watchdog: forcing exit");
            Environment.Exit(0);
        }) { IsBackground = true };
        watchdog.Start();
    }

    private JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = Message.ProtocolVersion,
        ["implementation"] = "neuronlab",
        ["implementation_version"] = typeof(KernelServer).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
            ["nbconvert_exporter"] = "csharp",
        },
        ["banner"] = $"NeuronLab C# kernel (.NET {Environment.Version}). Magic commands: #!help",
        ["help_links"] = new JsonArray(new JsonObject { ["text"] = "NeuronLab kernel", ["url"] = "https://github.com/neuronlab/neuronlab/blob/main/docs/kernel.md" }),
        ["debugger"] = false,
    };

    private void Publish(Message? parent, string msgType, JsonObject content) => _iopub.Publish(parent, msgType, content);

    private void PublishStream(string name, string text)
    {
        var parent = _currentParent;
        if (parent is not null && IsSilent(parent))
            return;
        Publish(parent, "stream", new JsonObject { ["name"] = name, ["text"] = text });
    }

    private static bool IsSilent(Message request) => request.Content["silent"]?.GetValue<bool>() ?? false;

    void IDisplayPublisher.Publish(MimeBundle data, string? displayId, bool update)
    {
        var parent = _currentParent;
        if (parent is not null && IsSilent(parent))
            return;
        // Stream text written before the display must appear before it.
        _stdout.Flush();
        _stderr.Flush();
        var content = new JsonObject { ["data"] = data.ToJson(), ["metadata"] = new JsonObject() };
        if (displayId is not null)
            content["transient"] = new JsonObject { ["display_id"] = displayId };
        Publish(parent, update ? "update_display_data" : "display_data", content);
    }

    void IDisplayPublisher.ClearOutput(bool wait)
    {
        _stdout.Flush();
        _stderr.Flush();
        Publish(_currentParent, "clear_output", new JsonObject { ["wait"] = wait });
    }

    public void Dispose()
    {
        _stopping = true;
        _iopub.Dispose();
        _shell.Dispose();
        _stdin.Dispose();
        _iopubSocket.Dispose();
        // The control thread closes nothing of its own while running; give it a moment to leave its poll.
        Thread.Sleep(150);
        _control.Dispose();
        _context.Shutdown();
        _context.Dispose();
    }
}
