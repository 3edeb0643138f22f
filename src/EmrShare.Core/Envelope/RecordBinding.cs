namespace EmrShare.Core.Envelope;

/// <summary>
/// What a ciphertext is bound to through the AEAD associated data: moving an envelope to another record id,
/// version or content type makes decryption fail.
/// </summary>
public sealed record RecordBinding
{
    public RecordBinding(RecordId recordId, uint version, string contentType)
    {
        if (version == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), "versions start at 1");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (System.Text.Encoding.UTF8.GetByteCount(contentType) > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(contentType), "content type is at most 255 UTF-8 bytes");
        }

        RecordId = recordId;
        Version = version;
        ContentType = contentType;
    }

    public RecordId RecordId { get; }

    public uint Version { get; }

    public string ContentType { get; }
}
