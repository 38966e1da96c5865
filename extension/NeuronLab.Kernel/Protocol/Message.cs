using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuronLab.Kernel.Protocol;

/// <summary>A Jupyter message (protocol 5.3): routing identities, header, parent header, metadata, content, buffers.</summary>
internal sealed class Message
{
    public const string ProtocolVersion = "5.3";

    public IReadOnlyList<byte[]> Identities { get; init; } = [];
    public required JsonObject Header { get; init; }
    public JsonObject ParentHeader { get; init; } = [];
    public JsonObject Metadata { get; init; } = [];
    public JsonObject Content { get; init; } = [];
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    public string MsgType => (string?)Header["msg_type"] ?? "";
    public string MsgId => (string?)Header["msg_id"] ?? "";

    /// <summary>A new header with a fresh msg_id (the client rejects duplicate signatures).</summary>
    public static JsonObject NewHeader(string msgType, string session) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString(),
        ["session"] = session,
        ["username"] = "kernel",
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>A reply or side effect of <paramref name="parent"/> (same identities, parent header = its header).</summary>
    public static Message Child(Message? parent, string msgType, string session, JsonObject content) => new()
    {
        Identities = parent?.Identities ?? [],
        Header = NewHeader(msgType, session),
        ParentHeader = parent is null ? [] : (JsonObject)parent.Header.DeepClone(),
        Content = content,
    };
}
