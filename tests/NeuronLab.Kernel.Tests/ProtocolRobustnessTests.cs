using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NeuronLab.Kernel.Protocol;

namespace NeuronLab.Kernel.Tests;

/// <summary>One kernel shared by the tests of this class (they run one after another).</summary>
public sealed class KernelProcessFixture : IDisposable
{
    internal KernelProcess Kernel { get; } = new();

    public void Dispose() => Kernel.Dispose();
}

/// <summary>What a real client never sends, and what a user does by mistake: the kernel must survive it.</summary>
[Trait("Category", "Kernel")]
public sealed class ProtocolRobustnessTests(KernelProcessFixture fixture) : IClassFixture<KernelProcessFixture>
{
    private KernelProcess K => fixture.Kernel;

    private void AssertStillWorks()
    {
        var (reply, outputs) = K.Execute("6 * 7");
        Assert.Equal("ok", (string?)reply.Content["status"]);
        Assert.Contains(outputs, m => m.MsgType == "execute_result" && (string?)m.Content["data"]!["text/plain"] == "42");
        Assert.False(K.HasExited);
    }

    [Fact]
    public void WrongSignature_IsDroppedWithoutReply_AndLogged()
    {
        var wrong = new WireCodec("not-the-key");
        var message = new Message { Header = Message.NewHeader("kernel_info_request", K.Session) };
        K.Shell.SendMultipart(wrong.Encode(message));
        Assert.Null(K.Receive(K.Shell, TimeSpan.FromSeconds(1)));
        Assert.Contains("invalid signature", K.Log, StringComparison.Ordinal);
        AssertStillWorks();
    }

    [Fact]
    public void MalformedMessages_DoNotKillTheKernel()
    {
        var delimiter = "<IDS|MSG>"u8.ToArray();
        // Missing frames.
        K.Shell.SendMultipart([delimiter, "abc"u8.ToArray()]);
        // No delimiter at all.
        K.Shell.SendMultipart(["hello"u8.ToArray()]);
        // Correctly signed, but the header is not JSON.
        byte[] header = "{not json"u8.ToArray(), empty = "{}"u8.ToArray();
        var signature = Encoding.ASCII.GetBytes(K.Codec.Sign(header, empty, empty, empty));
        K.Shell.SendMultipart([delimiter, signature, header, empty, empty, empty]);
        // Correctly signed JSON that is not a message (header without msg_type).
        signature = Encoding.ASCII.GetBytes(K.Codec.Sign(empty, empty, empty, empty));
        K.Shell.SendMultipart([delimiter, signature, empty, empty, empty, empty]);
        // A valid message of an unknown type, and an execute_request without code.
        K.Send(K.Shell, "no_such_request", []);
        var id = K.Send(K.Shell, "execute_request", []);
        K.ReceiveReply(K.Shell, id, TimeSpan.FromSeconds(10));
        K.DrainIOPub();
        AssertStillWorks();
    }

    [Fact]
    public void UserException_GivesErrorReply_AndNextCellRuns()
    {
        var (reply, outputs) = K.Execute("var kept = 1;\nthrow new ArgumentException(\"bad input\");");
        Assert.Equal("error", (string?)reply.Content["status"]);
        Assert.Equal("ArgumentException", (string?)reply.Content["ename"]);
        Assert.Equal("bad input", (string?)reply.Content["evalue"]);
        var error = Assert.Single(outputs, m => m.MsgType == "error");
        Assert.DoesNotContain("NeuronLab.Kernel", error.Content["traceback"]!.ToJsonString(), StringComparison.Ordinal);

        var (compile, _) = K.Execute("int x = \"text\";");
        Assert.Equal("CompilationError", (string?)compile.Content["ename"]);
        Assert.Contains("CS0029", (string?)compile.Content["evalue"], StringComparison.Ordinal);

        var (next, nextOutputs) = K.Execute("kept + 1");
        Assert.Equal("ok", (string?)next.Content["status"]);
        Assert.Contains(nextOutputs, m => m.MsgType == "execute_result" && (string?)m.Content["data"]!["text/plain"] == "2");
    }

    [Fact]
    public void Interrupt_CellPollingTheToken_StopsWithinASecond()
    {
        var id = K.Send(K.Shell, "execute_request", new JsonObject
        {
            ["code"] = "Console.WriteLine(\"running\");\nvar n = 0; while (true) { CancellationToken.ThrowIfCancellationRequested(); n++; Thread.Sleep(1); }",
            ["silent"] = false, ["store_history"] = true,
        });
        WaitForOutput("stream", id); // the cell is compiled and running
        var clock = Stopwatch.StartNew();
        var interruptId = K.Send(K.Control, "interrupt_request", []);
        Assert.Equal("ok", (string?)K.ReceiveReply(K.Control, interruptId, TimeSpan.FromSeconds(5)).Content["status"]);
        var reply = K.ReceiveReply(K.Shell, id, TimeSpan.FromSeconds(5));
        clock.Stop();
        Assert.Equal("error", (string?)reply.Content["status"]);
        Assert.Equal("Interrupted", (string?)reply.Content["ename"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"interrupt took {clock.Elapsed}");
        K.DrainIOPub();
        AssertStillWorks();
    }

    [Fact]
    public void Interrupt_CellIgnoringTheToken_StillReturnsControl()
    {
        var id = K.Send(K.Shell, "execute_request", new JsonObject
        {
            ["code"] = "Console.WriteLine(\"running\");\nvar spin = 0L; var until = DateTime.UtcNow.AddSeconds(5); while (DateTime.UtcNow < until) { spin++; }",
            ["silent"] = false, ["store_history"] = true,
        });
        WaitForOutput("stream", id);
        var clock = Stopwatch.StartNew();
        K.Send(K.Control, "interrupt_request", []);
        var reply = K.ReceiveReply(K.Shell, id, TimeSpan.FromSeconds(6));
        Assert.Equal("Interrupted", (string?)reply.Content["ename"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"interrupt took {clock.Elapsed}");
        K.DrainIOPub();
        AssertStillWorks();
    }

    [Fact]
    public void UnknownMagic_IsAnErrorOutput_NotAStackDump()
    {
        var (reply, outputs) = K.Execute("#!simulate --cell x");
        Assert.Equal("MagicError", (string?)reply.Content["ename"]);
        var error = Assert.Single(outputs, m => m.MsgType == "error");
        Assert.Single(error.Content["traceback"]!.AsArray());
    }

    [Fact]
    public void CommInfo_And_UpdateDisplayData_Work()
    {
        var id = K.Send(K.Shell, "comm_info_request", []);
        var reply = K.ReceiveReply(K.Shell, id, TimeSpan.FromSeconds(5));
        Assert.Equal("ok", (string?)reply.Content["status"]);
        Assert.Empty(reply.Content["comms"]!.AsObject());
        K.DrainIOPub();

        var (_, outputs) = K.Execute("var h = display(\"v1\"); h.Update(\"v2\");");
        var display = Assert.Single(outputs, m => m.MsgType == "display_data");
        var update = Assert.Single(outputs, m => m.MsgType == "update_display_data");
        Assert.Equal((string?)display.Content["transient"]!["display_id"], (string?)update.Content["transient"]!["display_id"]);
        Assert.Equal("v2", (string?)update.Content["data"]!["text/plain"]);
    }

    private void WaitForOutput(string msgType, string parentId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (K.Receive(K.IOPub, TimeSpan.FromSeconds(1)) is { } m && m.MsgType == msgType && (string?)m.ParentHeader["msg_id"] == parentId)
                return;
        }
        throw new TimeoutException($"no {msgType}");
    }
}
