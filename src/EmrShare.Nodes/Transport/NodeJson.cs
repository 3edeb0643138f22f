using System.Text.Json;

namespace EmrShare.Nodes.Transport;

/// <summary>The one JSON form of every node message (camelCase, ids as hex strings through their converters).</summary>
public static class NodeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static byte[] ToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Parses a message; malformed JSON becomes <see cref="NodeException"/>, not a crash.</summary>
    public static T FromUtf8<T>(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new NodeException($"empty {typeof(T).Name} message");
        }
        catch (JsonException ex)
        {
            throw new NodeException($"malformed {typeof(T).Name} message: {ex.Message}", ex);
        }
    }

    /// <summary>Serialises and parses again, exactly what crossing a process boundary does to a message.</summary>
    public static T RoundTrip<T>(T value) => FromUtf8<T>(ToUtf8(value));
}
