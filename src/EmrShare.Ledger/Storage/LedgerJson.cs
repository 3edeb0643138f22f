using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmrShare.Ledger.Storage;

/// <summary>JSON settings for the blobs the store keeps (big integers as decimal strings, bytes as base64).</summary>
internal static class LedgerJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Converters = { new BigIntegerConverter() },
    };

    private sealed class BigIntegerConverter : JsonConverter<BigInteger>
    {
        public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            BigInteger.Parse(reader.GetString() ?? "0", CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
