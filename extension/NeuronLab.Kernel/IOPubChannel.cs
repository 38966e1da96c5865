using System.Collections.Concurrent;
using System.Text;
using NeuronLab.Kernel.Protocol;
using NeuronLab.Kernel.Zmq;

namespace NeuronLab.Kernel;

/// <summary>
/// The iopub PUB socket with a single sender thread fed by a queue (zmq sockets are not thread-safe;
/// ipykernel's IOPubThread design). <see cref="Flush"/> waits until everything queued so far is sent.
/// </summary>
internal sealed class IOPubChannel : IDisposable
{
    private readonly BlockingCollection<(Message? Message, TaskCompletionSource? Done)> _queue = new();
    private readonly ZmqSocket _socket;
    private readonly WireCodec _codec;
    private readonly string _session;
    private readonly Thread _thread;

    public IOPubChannel(ZmqSocket socket, WireCodec codec, string session)
    {
        _socket = socket;
        _codec = codec;
        _session = session;
        _thread = new Thread(Run) { IsBackground = true, Name = "iopub" };
        _thread.Start();
    }

    public void Publish(Message? parent, string msgType, System.Text.Json.Nodes.JsonObject content)
    {
        if (!_queue.IsAddingCompleted)
            _queue.Add((Message.Child(parent, msgType, _session, content), null));
    }

    public void Flush(TimeSpan timeout)
    {
        if (_queue.IsAddingCompleted)
            return;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((null, done));
        done.Task.Wait(timeout);
    }

    private void Run()
    {
        try
        {
            foreach (var (message, done) in _queue.GetConsumingEnumerable())
            {
                if (message is not null)
                {
                    var topic = Encoding.UTF8.GetBytes($"kernel.{_session}.{message.MsgType}");
                    _socket.SendMultipart(_codec.Encode(message, topic));
                }
                done?.TrySetResult();
            }
        }
        catch (ZmqTerminatedException)
        {
        }
        catch (Exception e)
        {
            Log.Write($"iopub sender stopped: {e}");
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
