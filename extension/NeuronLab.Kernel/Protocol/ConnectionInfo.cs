using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronLab.Kernel.Protocol;

/// <summary>The connection file jupyter_client writes for the kernel (ports, key, transport).</summary>
internal sealed record ConnectionInfo
{
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IOPubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";
    [JsonPropertyName("kernel_name")] public string? KernelName { get; init; }

    public static ConnectionInfo Load(string path) =>
        JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path))
        ?? throw new InvalidDataException($"Empty connection file {path}.");

    /// <summary>The endpoint of a port: <c>tcp://ip:port</c> or <c>ipc://ip-port</c>.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";
}
