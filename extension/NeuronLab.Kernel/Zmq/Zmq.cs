using System.Runtime.InteropServices;

namespace NeuronLab.Kernel.Zmq;

/// <summary>
/// The libzmq C API used by the kernel (libzmq 4.3, Debian package libzmq5). Constants from zmq.h;
/// see shared/reference/jupyter-kernel.md §4. Errors are read with <see cref="zmq_errno"/>.
/// </summary>
internal static unsafe partial class Native
{
    private const string Lib = "libzmq.so.5";

    public const int PUB = 1, SUB = 2, REP = 4, DEALER = 5, ROUTER = 6;
    public const int ROUTING_ID = 5, SUBSCRIBE = 6, LINGER = 17, RCVTIMEO = 27, SNDTIMEO = 28;
    public const int DONTWAIT = 1, SNDMORE = 2;
    public const short POLLIN = 1;
    public const int EINTR = 4, EAGAIN = 11, ETERM = 156384765;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollItem
    {
        public IntPtr Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>zmq_msg_t: 64 opaque, pointer-aligned bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Msg
    {
        public fixed long Data[8];
    }

    [LibraryImport(Lib)] public static partial IntPtr zmq_ctx_new();
    [LibraryImport(Lib)] public static partial int zmq_ctx_term(IntPtr ctx);
    [LibraryImport(Lib)] public static partial int zmq_ctx_shutdown(IntPtr ctx);
    [LibraryImport(Lib)] public static partial IntPtr zmq_socket(IntPtr ctx, int type);
    [LibraryImport(Lib)] public static partial int zmq_close(IntPtr s);
    [LibraryImport(Lib)] public static partial int zmq_setsockopt(IntPtr s, int option, void* optval, nuint len);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial int zmq_bind(IntPtr s, string addr);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial int zmq_connect(IntPtr s, string addr);
    [LibraryImport(Lib)] public static partial int zmq_send(IntPtr s, void* buf, nuint len, int flags);
    [LibraryImport(Lib)] public static partial int zmq_msg_init(Msg* msg);
    [LibraryImport(Lib)] public static partial int zmq_msg_recv(Msg* msg, IntPtr s, int flags);
    [LibraryImport(Lib)] public static partial int zmq_msg_close(Msg* msg);
    [LibraryImport(Lib)] public static partial IntPtr zmq_msg_data(Msg* msg);
    [LibraryImport(Lib)] public static partial nuint zmq_msg_size(Msg* msg);
    [LibraryImport(Lib)] public static partial int zmq_msg_more(Msg* msg);
    [LibraryImport(Lib)] public static partial int zmq_poll(PollItem* items, int nitems, nint timeout);
    [LibraryImport(Lib)] public static partial int zmq_errno();
    [LibraryImport(Lib)] public static partial IntPtr zmq_strerror(int errnum);

    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(zmq_strerror(errno)) ?? $"errno {errno}";
}

/// <summary>A libzmq context; disposing terminates it (after every socket is closed).</summary>
internal sealed class ZmqContext : IDisposable
{
    public ZmqContext() => Handle = Native.zmq_ctx_new();

    public IntPtr Handle { get; private set; }

    public ZmqSocket Socket(int type) => new(this, type);

    /// <summary>Makes blocking calls in every thread fail with ETERM.</summary>
    public void Shutdown()
    {
        if (Handle != IntPtr.Zero)
            Native.zmq_ctx_shutdown(Handle);
    }

    public void Dispose()
    {
        if (Handle != IntPtr.Zero)
        {
            Native.zmq_ctx_term(Handle);
            Handle = IntPtr.Zero;
        }
    }
}

/// <summary>The context was terminated: the socket's owner should close it and stop.</summary>
internal sealed class ZmqTerminatedException() : Exception("ZeroMQ context terminated.");

/// <summary>A libzmq socket. Not thread-safe: each socket is used by one thread only.</summary>
internal sealed unsafe class ZmqSocket : IDisposable
{
    private IntPtr _handle;

    public ZmqSocket(ZmqContext context, int type)
    {
        _handle = Native.zmq_socket(context.Handle, type);
        if (_handle == IntPtr.Zero)
            throw Error("zmq_socket");
        SetInt(Native.LINGER, 500);
    }

    public IntPtr Handle => _handle;

    public void SetInt(int option, int value)
    {
        if (Native.zmq_setsockopt(_handle, option, &value, sizeof(int)) != 0)
            throw Error("zmq_setsockopt");
    }

    public void SetBytes(int option, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            if (Native.zmq_setsockopt(_handle, option, p, (nuint)value.Length) != 0)
                throw Error("zmq_setsockopt");
        }
    }

    public void Bind(string endpoint)
    {
        if (Native.zmq_bind(_handle, endpoint) != 0)
            throw Error($"zmq_bind {endpoint}");
    }

    public void Connect(string endpoint)
    {
        if (Native.zmq_connect(_handle, endpoint) != 0)
            throw Error($"zmq_connect {endpoint}");
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1: forever) for a message; false on timeout.</summary>
    public bool Poll(int timeoutMs)
    {
        var item = new Native.PollItem { Socket = _handle, Events = Native.POLLIN };
        while (true)
        {
            var rc = Native.zmq_poll(&item, 1, timeoutMs);
            if (rc >= 0)
                return (item.Revents & Native.POLLIN) != 0;
            var errno = Native.zmq_errno();
            if (errno == Native.ETERM)
                throw new ZmqTerminatedException();
            if (errno != Native.EINTR)
                throw Error("zmq_poll");
        }
    }

    /// <summary>Receives one multipart message (blocking).</summary>
    public List<byte[]> ReceiveMultipart()
    {
        var frames = new List<byte[]>();
        Native.Msg msg;
        while (true)
        {
            Native.zmq_msg_init(&msg);
            int rc;
            while ((rc = Native.zmq_msg_recv(&msg, _handle, 0)) < 0)
            {
                var errno = Native.zmq_errno();
                if (errno == Native.EINTR)
                    continue;
                Native.zmq_msg_close(&msg);
                if (errno == Native.ETERM)
                    throw new ZmqTerminatedException();
                throw Error("zmq_msg_recv");
            }
            frames.Add(new ReadOnlySpan<byte>((void*)Native.zmq_msg_data(&msg), (int)Native.zmq_msg_size(&msg)).ToArray());
            var more = Native.zmq_msg_more(&msg);
            Native.zmq_msg_close(&msg);
            if (more == 0)
                return frames;
        }
    }

    /// <summary>Sends a multipart message.</summary>
    public void SendMultipart(IReadOnlyList<byte[]> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var flags = i < frames.Count - 1 ? Native.SNDMORE : 0;
            fixed (byte* p = frames[i])
            {
                while (Native.zmq_send(_handle, p, (nuint)frames[i].Length, flags) < 0)
                {
                    var errno = Native.zmq_errno();
                    if (errno == Native.EINTR)
                        continue;
                    if (errno == Native.ETERM)
                        throw new ZmqTerminatedException();
                    throw Error("zmq_send");
                }
            }
        }
    }

    private static Exception Error(string what)
    {
        var errno = Native.zmq_errno();
        return errno == Native.ETERM ? new ZmqTerminatedException() : new IOException($"{what}: {Native.ErrorText(errno)} ({errno})");
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            Native.zmq_close(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
