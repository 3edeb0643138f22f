using System.Text;
using EmrShare.Fuzz.Tests.Infrastructure;

namespace EmrShare.Fuzz.Tests.Storage;

/// <summary>One generated HTTP request: method, path and query (already escaped), body and its content type.</summary>
public sealed record KuboFuzzRequest(string Method, string PathAndQuery, byte[] Body, string? ContentType, bool KnownEndpoint)
{
    public override string ToString() =>
        $"{Method} {PathAndQuery} content-type={ContentType ?? "(none)"} body[{Body.Length}]={Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 600)))}";
}

/// <summary>
/// Requests against the Kubo-compatible API: mostly real endpoints with valid, mutated and hostile arguments
/// (bad CIDs, /ipfs/ paths, traversal strings, wrong types, repeated keys, oversize values) and valid, mutated
/// or oversize multipart bodies; some with mutated paths or other HTTP methods.
/// </summary>
public sealed class KuboRequestGenerator(IReadOnlyList<string> validCids)
{
    public const int MaxBlock = 1024 * 1024;

    public static readonly string[] Endpoints = ["version", "add", "cat", "block/get", "block/put", "block/stat", "block/rm", "pin/add", "pin/rm", "pin/ls", "repo/gc", "ls", "get", "refs", "id", "files/stat"];

    private static readonly string[] Options = ["arg", "cid-version", "raw-leaves", "pin", "format", "cid-codec", "mhtype", "version", "cid-base", "progress", "wrap-with-directory", "recursive", "unique", "max-depth", "edges", "offset", "length", "stream", "force"];

    private static readonly string[] HostileValues =
    [
        "", "../../../../etc/passwd", "/ipfs/../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc", "/ipfs/", "/ipns/x", "..\\..\\windows\\win.ini",
        "\0", "true", "false", "1", "0", "-1", "2", "99999999999999999999", "raw", "dag-pb", "v0", "protobuf", "sha2-256", "sha3-512", "NaN",
        "QmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQmQm", "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "zzzz", "\u202e\u0000\ud800",
    ];

    public KuboFuzzRequest Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var endpoint = Endpoints[random.Next(Endpoints.Length)];
        var known = random.Next(10) != 0;
        var path = known ? "/api/v0/" + endpoint : MutatedPath(random, endpoint);
        var method = random.Next(12) == 0 ? new[] { "GET", "PUT", "DELETE", "PATCH" }[random.Next(4)] : "POST";
        var query = Query(random);
        var (body, contentType) = endpoint is "add" or "block/put" || random.Next(6) == 0 ? Body(random) : ([], null);
        return new KuboFuzzRequest(method, path + query, body, contentType, known && method == "POST");
    }

    private static string MutatedPath(Random random, string endpoint) =>
        "/" + string.Join('/', Mutator.Text(random, ["api/v0/" + endpoint, "api/v0/../../" + endpoint, "api//v0/%2e%2e/" + endpoint], "abcdefghijklmnopqrstuvwxyz0123456789/.%-_~:@!$&'()*+,;=")
            .Split('/').Select(Uri.EscapeDataString));

    private string Query(Random random)
    {
        var parts = new List<string>();
        var count = random.Next(5);
        for (var i = 0; i < count; i++)
        {
            var name = random.Next(10) == 0 ? Mutator.RandomText(random, random.Next(1, 12), "abcdefgh-_") : Options[random.Next(Options.Length)];
            parts.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(Value(random)));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private string Value(Random random) => random.Next(7) switch
    {
        0 => validCids[random.Next(validCids.Count)],
        1 => "/ipfs/" + validCids[random.Next(validCids.Count)],
        2 => Mutator.Text(random, validCids, "abcdefghijklmnopqrstuvwxyz234567Qm/=."),
        // Mostly below Kestrel's 8 KiB request-line limit (so the API sees it), sometimes above (414).
        3 => new string('b', random.Next(8) == 0 ? random.Next(8_000, 20_000) : random.Next(1, 6_000)),
        _ => HostileValues[random.Next(HostileValues.Length)],
    };

    private static (byte[] Body, string? ContentType) Body(Random random)
    {
        var boundary = "fuzz" + random.Next(1_000_000);
        var content = random.Next(400) == 0
            ? new byte[MaxBlock + 1 + random.Next(1024)] // oversize: block/put must answer 413, add stores it
            : Mutator.RandomBytes(random, random.Next(0, 4_096));
        var name = random.Next(4) == 0 ? Mutator.RandomText(random, random.Next(0, 40), "abc./\\\"%\r\n") : "file";
        var multipart = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .Concat(content)
            .Concat(Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n"))
            .ToArray();
        return random.Next(8) switch
        {
            0 => (Mutator.Bytes(random, [multipart[..Math.Min(multipart.Length, 600)]]), $"multipart/form-data; boundary={boundary}"),
            1 => (multipart, random.Next(3) switch { 0 => "multipart/form-data", 1 => "application/json", _ => $"multipart/form-data; boundary=\"{new string('x', 200)}\"" }),
            2 => (multipart[..random.Next(multipart.Length + 1)], $"multipart/form-data; boundary={boundary}"),
            3 => (Mutator.RandomBytes(random, random.Next(256)), random.Next(2) == 0 ? null : $"multipart/form-data; boundary={boundary}"),
            _ => (multipart, $"multipart/form-data; boundary={boundary}"),
        };
    }
}
