using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuronLab.Kernel.Protocol;

/// <summary>
/// Encodes and decodes the multipart wire format and signs it with HMAC-SHA256 (lowercase hex). Incoming
/// signatures are checked over the exact received bytes, in constant time.
/// </summary>
internal sealed class WireCodec(string key)
{
    private static readonly byte[] s_delimiter = "<IDS|MSG>"u8.ToArray();
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    /// <summary>Why the last <see cref="TryDecode"/> failed.</summary>
    public string? LastError { get; private set; }

    public string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parent, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (_key.Length == 0)
            return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parent);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    public List<byte[]> Encode(Message message, byte[]? topic = null)
    {
        var header = Json(message.Header);
        var parent = Json(message.ParentHeader);
        var metadata = Json(message.Metadata);
        var content = Json(message.Content);
        var frames = new List<byte[]>();
        if (topic is not null)
            frames.Add(topic);
        else
            frames.AddRange(message.Identities);
        frames.Add(s_delimiter);
        frames.Add(Encoding.ASCII.GetBytes(Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Decodes frames; null (with <see cref="LastError"/>) when malformed or badly signed.</summary>
    public Message? TryDecode(List<byte[]> frames)
    {
        var d = frames.FindIndex(f => f.AsSpan().SequenceEqual(s_delimiter));
        if (d < 0 || frames.Count < d + 6)
        {
            LastError = $"malformed message: {frames.Count} frames, delimiter at {d}";
            return null;
        }
        if (_key.Length > 0)
        {
            var expected = Encoding.ASCII.GetBytes(Sign(frames[d + 2], frames[d + 3], frames[d + 4], frames[d + 5]));
            if (!CryptographicOperations.FixedTimeEquals(expected, frames[d + 1]))
            {
                LastError = "invalid signature";
                return null;
            }
        }
        try
        {
            var header = Parse(frames[d + 2]) ?? throw new JsonException("header is not an object");
            if (header["msg_type"] is not JsonValue || header["msg_id"] is not JsonValue)
                throw new JsonException("header lacks msg_type or msg_id");
            return new Message
            {
                Identities = frames.Take(d).ToList(),
                Header = header,
                ParentHeader = Parse(frames[d + 3]) ?? [],
                Metadata = Parse(frames[d + 4]) ?? [],
                Content = Parse(frames[d + 5]) ?? [],
                Buffers = frames.Skip(d + 6).ToList(),
            };
        }
        catch (Exception e)
        {
            LastError = "malformed message: " + e.Message;
            return null;
        }
    }

    private static JsonObject? Parse(byte[] bytes) => JsonNode.Parse(bytes) as JsonObject;

    private static byte[] Json(JsonObject o) => Encoding.UTF8.GetBytes(o.ToJsonString());
}
