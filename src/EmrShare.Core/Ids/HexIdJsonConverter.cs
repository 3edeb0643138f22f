using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmrShare.Core;

/// <summary>Implemented by ids that travel as hex strings in JSON DTOs.</summary>
public interface IHexId<TSelf>
    where TSelf : IHexId<TSelf>
{
    static abstract TSelf Parse(string text);
}

/// <summary>Writes an id as its string form; a malformed value becomes <see cref="JsonException"/> (a 400, not a 500).</summary>
public sealed class HexIdJsonConverter<T> : JsonConverter<T>
    where T : IHexId<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        try
        {
            return T.Parse(text ?? string.Empty);
        }
        catch (EnvelopeFormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
