namespace EmrShare.Nodes.Hospital;

// Rows of the hospital's EMR database (docs/nodes-plan.md). Ids and hashes are stored as 0x-hex text.

/// <summary>A patient known at this hospital by local id and this hospital's pseudonym of them.</summary>
public sealed record PatientRow
{
    public string LocalId { get; init; } = string.Empty;

    public string Pseudonym { get; init; } = string.Empty;

    public string PublicKey { get; init; } = string.Empty;

    public long CreatedAt { get; init; }
}

/// <summary>One record version held here, created locally or received from its custodian.</summary>
public sealed record RecordRow
{
    public string RecordId { get; init; } = string.Empty;

    public long Version { get; init; }

    public string LocalPatientId { get; init; } = string.Empty;

    /// <summary>The pseudonym the manifest names (the custodian's pseudonym of the patient).</summary>
    public string Pseudonym { get; init; } = string.Empty;

    public string ContentType { get; init; } = string.Empty;

    public string Cid { get; init; } = string.Empty;

    public string ManifestJson { get; init; } = string.Empty;

    public string ManifestSignature { get; init; } = string.Empty;

    /// <summary>JSON array of the wrapped keys the manifest's wrappedKeysHash commits to.</summary>
    public string ManifestKeysJson { get; init; } = string.Empty;

    public string Commitment { get; init; } = string.Empty;

    public string Salt { get; init; } = string.Empty;

    /// <summary>The data key wrapped for this hospital's encryption key (the only key copy kept here).</summary>
    public string WrappedKeySelf { get; init; } = string.Empty;

    public string? WrappedKeyPatient { get; init; }

    public long Delivered { get; init; }

    /// <summary>"local" or "received".</summary>
    public string Origin { get; init; } = string.Empty;

    public string Custodian { get; init; } = string.Empty;

    public long CreatedAt { get; init; }
}

/// <summary>A grant this hospital holds as grantee.</summary>
public sealed record GrantRow
{
    public string GrantId { get; init; } = string.Empty;

    public string Scope { get; init; } = string.Empty;

    public string Custodian { get; init; } = string.Empty;

    public string Patient { get; init; } = string.Empty;

    public string LocalPatientId { get; init; } = string.Empty;

    /// <summary>JSON array of the granted record ids (needed to rebuild Merkle proofs for the scope).</summary>
    public string RecordsJson { get; init; } = string.Empty;

    public string TransactionHash { get; init; } = string.Empty;

    public long CreatedAt { get; init; }
}

/// <summary>A local audit line, mirroring what this hospital did on chain.</summary>
public sealed record AuditRow
{
    public long Id { get; init; }

    public long At { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string? RecordId { get; init; }

    public string? Counterpart { get; init; }

    public string? TransactionHash { get; init; }
}
