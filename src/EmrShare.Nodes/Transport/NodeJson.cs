using System.Text.Json;

namespace EmrShare.Nodes.Transport;

/// <summary>The one JSON form of every node message (camelCase, ids as hex strings through their converters).</summary>
public static class NodeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static byte[] ToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>
    /// Parses a message and checks its shape at the edge: malformed JSON, a malformed id (a 1-byte "session id") or a
    /// missing required member becomes <see cref="NodeException"/> (a 400 at the peer endpoint), never a crash.
    /// </summary>
    public static T FromUtf8<T>(ReadOnlySpan<byte> json)
    {
        T message;
        try
        {
            message = JsonSerializer.Deserialize<T>(json, Options) ?? throw new NodeException($"empty {typeof(T).Name} message");
        }
        catch (JsonException ex)
        {
            throw new NodeException($"malformed {typeof(T).Name} message: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is Core.EmrShareSecurityException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // An id converter refused a value (wrong length, not hex): the message is malformed, not an attack on a session.
            throw new NodeException($"malformed {typeof(T).Name} message: {ex.Message}", ex);
        }

        MessageShape.EnsureComplete(message, string.Empty);
        return message;
    }

    /// <summary>Serialises and parses again, exactly what crossing a process boundary does to a message.</summary>
    public static T RoundTrip<T>(T value) => FromUtf8<T>(ToUtf8(value));
}
