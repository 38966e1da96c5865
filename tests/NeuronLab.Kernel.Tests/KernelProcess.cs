using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using NeuronLab.Kernel.Protocol;
using NeuronLab.Kernel.Zmq;

namespace NeuronLab.Kernel.Tests;

/// <summary>
/// A kernel process plus a minimal client built on the kernel's own libzmq binding (shell and control DEALER,
/// iopub SUB). Used by the robustness tests, which need to send what a well-behaved client never would.
/// Disposing kills the kernel.
/// </summary>
internal sealed class KernelProcess : IDisposable
{
    private readonly Process _process;
    private readonly ZmqContext _context = new();
    private readonly string _connectionFile;
    private readonly StringBuilder _stderr = new();

    public KernelProcess()
    {
        var ports = Enumerable.Range(0, 5).Select(_ => FreePort()).ToArray();
        Key = Guid.NewGuid().ToString();
        Codec = new WireCodec(Key);
        _connectionFile = Path.Combine(Path.GetTempPath(), $"neuronlab-kernel-{Guid.NewGuid():N}.json");
        File.WriteAllText(_connectionFile, new JsonObject
        {
            ["shell_port"] = ports[0], ["iopub_port"] = ports[1], ["stdin_port"] = ports[2], ["control_port"] = ports[3], ["hb_port"] = ports[4],
            ["ip"] = "127.0.0.1", ["key"] = Key, ["transport"] = "tcp", ["signature_scheme"] = "hmac-sha256", ["kernel_name"] = "neuronlab",
        }.ToJsonString());
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        // The kernel exits by itself if the test host dies (parent watcher), so no orphan outlives a crashed run.
        info.Environment["JPY_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.ArgumentList.Add(KernelInstallation.KernelDll);
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(_connectionFile);
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
                _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        Shell = _context.Socket(Native.DEALER);
        Shell.Connect($"tcp://127.0.0.1:{ports[0]}");
        Control = _context.Socket(Native.DEALER);
        Control.Connect($"tcp://127.0.0.1:{ports[3]}");
        IOPub = _context.Socket(Native.SUB);
        IOPub.SetBytes(Native.SUBSCRIBE, []);
        IOPub.Connect($"tcp://127.0.0.1:{ports[1]}");
        try
        {
            WaitForReady();
        }
        catch
        {
            Dispose(); // never leave a kernel behind
            throw;
        }
    }

    public string Key { get; }
    public WireCodec Codec { get; }
    public ZmqSocket Shell { get; }
    public ZmqSocket Control { get; }
    public ZmqSocket IOPub { get; }
    public string Session { get; } = Guid.NewGuid().ToString();

    /// <summary>What the kernel logged on stderr.</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void WaitForReady()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "kernel exited at startup:\n" + Log);
            // Like jupyter_client's wait_for_ready: any kernel_info_reply (maybe to an earlier request), then iopub traffic.
            Send(Shell, "kernel_info_request", []);
            if (Receive(Shell, TimeSpan.FromSeconds(1)) is { MsgType: "kernel_info_reply" }
                && Receive(IOPub, TimeSpan.FromMilliseconds(500)) is not null)
            {
                while (Receive(Shell, TimeSpan.FromMilliseconds(200)) is not null)
                {
                }
                DrainIOPub();
                return;
            }
        }
        throw new TimeoutException("kernel did not become ready:\n" + Log);
    }

    /// <summary>Sends a request; returns its msg_id.</summary>
    public string Send(ZmqSocket socket, string msgType, JsonObject content)
    {
        var message = new Message { Header = Message.NewHeader(msgType, Session), Content = content };
        socket.SendMultipart(Codec.Encode(message));
        return message.MsgId;
    }

    public Message? Receive(ZmqSocket socket, TimeSpan timeout)
    {
        if (!socket.Poll((int)timeout.TotalMilliseconds))
            return null;
        var message = Codec.TryDecode(socket.ReceiveMultipart());
        Assert.True(message is not null, "kernel sent an invalid message: " + Codec.LastError);
        return message;
    }

    public void DrainIOPub()
    {
        while (Receive(IOPub, TimeSpan.FromMilliseconds(100)) is not null)
        {
        }
    }

    /// <summary>Executes code; returns the reply and the iopub messages of the request up to idle.</summary>
    public (Message Reply, List<Message> Outputs) Execute(string code, TimeSpan? timeout = null)
    {
        var id = Send(Shell, "execute_request", new JsonObject
        {
            ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(),
            ["allow_stdin"] = false, ["stop_on_error"] = true,
        });
        var reply = ReceiveReply(Shell, id, timeout ?? TimeSpan.FromSeconds(20));
        var outputs = new List<Message>();
        while (Receive(IOPub, TimeSpan.FromSeconds(5)) is { } m)
        {
            if ((string?)m.ParentHeader["msg_id"] != id)
                continue;
            if (m.MsgType == "status" && (string?)m.Content["execution_state"] == "idle")
                return (reply, outputs);
            if (m.MsgType != "status")
                outputs.Add(m);
        }
        throw new TimeoutException("no idle after execute:\n" + Log);
    }

    public Message ReceiveReply(ZmqSocket socket, string parentId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Receive(socket, deadline - DateTime.UtcNow) is { } m && (string?)m.ParentHeader["msg_id"] == parentId)
                return m;
        }
        throw new TimeoutException($"no reply to {parentId}:\n" + Log);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Send(Control, "shutdown_request", new JsonObject { ["restart"] = false });
                if (!_process.WaitForExit(5000))
                    _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.Dispose();
            Shell.Dispose();
            Control.Dispose();
            IOPub.Dispose();
            _context.Dispose();
            File.Delete(_connectionFile);
        }
    }
}
