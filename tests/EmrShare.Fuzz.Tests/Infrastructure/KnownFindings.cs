using System.Text;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Input classes that crash a component today (reported to its owner, see docs/threat-model.md § Fuzzing).
/// Targets skip exactly these inputs so CI stays green; when the bug is fixed, delete the predicate and its
/// uses and the targets cover the class again.
/// </summary>
public static class KnownFindings
{
    /// <summary>Ends a case that belongs to a known finding's input class; the runner counts it as excluded.</summary>
    public static void ExcludeIf(bool inKnownClass, string finding)
    {
        if (inKnownClass)
        {
            throw new KnownFindingException(finding);
        }
    }

    /// <summary>
    /// F5: a multipart/form-data body whose first part is not properly ended — no <c>\r\n--boundary</c> after
    /// the opening delimiter (a truncated upload), or that delimiter followed by neither <c>--</c> nor CRLF
    /// (e.g. the body ends in <c>\r\n--boundary-</c>) — makes ASP.NET's MultipartReader throw
    /// IOException("Unexpected end of Stream…"), which <c>KuboApiError.FromException</c> does not map (its
    /// message lacks "multipart"): HTTP 500.
    /// </summary>
    public static bool MultipartWithoutCompletePart(string? contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var marker = contentType?.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (marker < 0)
        {
            return false;
        }

        var boundary = Encoding.UTF8.GetBytes("--" + contentType![(marker + "boundary=".Length)..].Trim('"'));
        var first = body.AsSpan().IndexOf(boundary);
        if (first < 0)
        {
            return true;
        }

        var rest = body.AsSpan(first + boundary.Length);
        var end = rest.IndexOf([(byte)'\r', (byte)'\n', .. boundary]);
        if (end < 0)
        {
            return true;
        }

        var after = rest[(end + 2 + boundary.Length)..];
        return !(after.StartsWith("--"u8) || after.StartsWith("\r\n"u8));
    }

    /// <summary>
    /// F6: a multipart part whose header block is malformed (a line without ':', e.g. a filename containing
    /// CR/LF; more than 16 header lines; no blank line ending it) or a boundary longer than 70 characters makes
    /// MultipartReader throw InvalidDataException, which the Kubo API does not map: HTTP 500.
    /// </summary>
    public static bool MultipartHeadersMalformed(string? contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var marker = contentType?.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (marker < 0)
        {
            return false;
        }

        var boundaryText = contentType![(marker + "boundary=".Length)..].Trim('"');
        if (boundaryText.Length > 70)
        {
            return true;
        }

        var text = Encoding.Latin1.GetString(body);
        var first = text.IndexOf("--" + boundaryText, StringComparison.Ordinal);
        var start = first < 0 ? -1 : text.IndexOf("\r\n", first, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var end = text.IndexOf("\r\n\r\n", start, StringComparison.Ordinal);
        if (end < 0)
        {
            return true;
        }

        var lines = text[(start + 2)..end].Split("\r\n");
        return lines.Length > 16 || lines.Any(l => !l.Contains(':', StringComparison.Ordinal));
    }

    /// <summary>
    /// F7: JSON with a repeated property name in one object (e.g. <c>{"id":1,"id":2,…}</c> or a call object with
    /// two "to") makes System.Text.Json's JsonObject throw ArgumentException ("An item with the same key has
    /// already been added") on first access: at the top level it escapes <c>LedgerRpcHandler.HandleAsync</c>,
    /// inside params it becomes -32603 "internal error: ArgumentException".
    /// </summary>
    public static bool JsonHasDuplicateProperty(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json ?? string.Empty));
        var open = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName when !open.Peek().Add(reader.GetString()!):
                        return true;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed from here on: the handler answers -32700.
        }

        return false;
    }

    /// <summary>
    /// F1: <c>EthSignature.Recover</c> throws <see cref="NullReferenceException"/> (from Nethereum's
    /// ECKey.RecoverFromSignature) instead of <see cref="SignatureInvalidException"/> when r is in range but is
    /// not the x-coordinate of any secp256k1 point (about half of all random r values).
    /// </summary>
    public static bool SignatureRHasNoCurvePoint(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 65)
        {
            return false;
        }

        try
        {
            _ = Secp256k1.DecodePoint([0x02, .. signature[..32]]);
            return false;
        }
        catch (EnvelopeFormatException)
        {
            return true;
        }
    }
}

/// <summary>Thrown by <see cref="KnownFindings.ExcludeIf"/>; never escapes the runner.</summary>
public sealed class KnownFindingException : Exception
{
    public KnownFindingException()
    {
    }

    public KnownFindingException(string message)
        : base(message)
    {
    }

    public KnownFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
