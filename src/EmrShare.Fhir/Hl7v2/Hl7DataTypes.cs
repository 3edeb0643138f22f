using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>HL7 v2.5 composite data types → FHIR data types (CE/CWE, CX, XPN, XAD, XTN, XCN, EI).</summary>
public static class Hl7DataTypes
{
    /// <summary>CE/CWE: identifier^text^system (primary) and 4–6 (alternate); CWE-9 original text.</summary>
    public static CodeableConcept? ToCodeableConcept(Hl7Repetition? ce)
    {
        if (ce is null || ce.IsEmpty)
        {
            return null;
        }

        var concept = new CodeableConcept();
        AddCoding(concept, ce.Component(1), ce.Component(2), ce.Component(3));
        AddCoding(concept, ce.Component(4), ce.Component(5), ce.Component(6));
        var originalText = ce.Component(9);
        if (originalText.Length > 0)
        {
            concept.Text = originalText;
        }
        else if (concept.Coding.Count == 0)
        {
            concept.Text = ce.Component(2);
        }

        return concept;
    }

    /// <summary>CX: id^^^assigning authority (HD: namespace&amp;universal id&amp;type)^identifier type code.</summary>
    public static Identifier? ToIdentifier(Hl7Repetition cx)
    {
        var value = cx.Component(1);
        if (value.Length == 0)
        {
            return null;
        }

        var identifier = new Identifier { Value = value, System = AuthorityToSystem(cx.Sub(4, 1), cx.Sub(4, 2), cx.Sub(4, 3)) };
        var type = cx.Component(5);
        if (type.Length > 0)
        {
            identifier.Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", type);
        }

        return identifier;
    }

    /// <summary>HD → system URI: an ISO OID becomes urn:oid:, a URI stays, a bare namespace becomes a local URN.</summary>
    public static string? AuthorityToSystem(string namespaceId, string universalId, string universalIdType)
    {
        if (universalId.Length > 0)
        {
            return universalIdType.Equals("ISO", StringComparison.OrdinalIgnoreCase) ? "urn:oid:" + universalId : universalId;
        }

        return namespaceId.Length == 0 ? null : "urn:emrshare:hl7v2:authority:" + Uri.EscapeDataString(namespaceId);
    }

    /// <summary>XPN: family^given^middle^suffix^prefix^^name type.</summary>
    public static HumanName? ToHumanName(Hl7Repetition xpn)
    {
        var family = xpn.Sub(1, 1);
        var given = xpn.Component(2);
        if (family.Length == 0 && given.Length == 0)
        {
            return null;
        }

        var name = new HumanName { Family = family.Length == 0 ? null : family };
        var givens = new[] { given, xpn.Component(3) }.Where(g => g.Length > 0).ToList();
        if (givens.Count > 0)
        {
            name.Given = givens;
        }

        if (xpn.Component(4).Length > 0)
        {
            name.Suffix = [xpn.Component(4)];
        }

        if (xpn.Component(5).Length > 0)
        {
            name.Prefix = [xpn.Component(5)];
        }

        name.Use = xpn.Component(7) switch
        {
            "L" => HumanName.NameUse.Official,
            "D" => HumanName.NameUse.Usual,
            "M" => HumanName.NameUse.Maiden,
            "N" => HumanName.NameUse.Nickname,
            "A" => HumanName.NameUse.Anonymous,
            _ => null,
        };
        return name;
    }

    /// <summary>XAD: street^other designation^city^state^zip^country.</summary>
    public static Address? ToAddress(Hl7Repetition xad)
    {
        if (xad.IsEmpty)
        {
            return null;
        }

        var lines = new[] { xad.Sub(1, 1), xad.Component(2) }.Where(l => l.Length > 0).ToList();
        return new Address
        {
            Line = lines,
            City = Null(xad.Component(3)),
            State = Null(xad.Component(4)),
            PostalCode = Null(xad.Component(5)),
            Country = Null(xad.Component(6)),
        };
    }

    /// <summary>XTN: number (v2.3 style in component 1, v2.5 unformatted in 12) or e-mail when 3 = Internet.</summary>
    public static ContactPoint? ToContactPoint(Hl7Repetition xtn)
    {
        if (xtn.Component(3).Equals("Internet", StringComparison.OrdinalIgnoreCase) && xtn.Component(4).Length > 0)
        {
            return new ContactPoint(ContactPoint.ContactPointSystem.Email, null, xtn.Component(4));
        }

        var number = xtn.Component(1).Length > 0 ? xtn.Component(1) : xtn.Component(12);
        return number.Length == 0 ? null : new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, number);
    }

    /// <summary>XCN: id^family^given → a display Reference (practitioners are not resolved to resources).</summary>
    public static ResourceReference? ToPractitionerReference(Hl7Repetition? xcn)
    {
        if (xcn is null || xcn.IsEmpty)
        {
            return null;
        }

        var display = string.Join(' ', new[] { xcn.Component(6), xcn.Component(3), xcn.Sub(2, 1) }.Where(s => s.Length > 0));
        var reference = new ResourceReference { Display = display.Length == 0 ? null : display };
        if (xcn.Component(1).Length > 0)
        {
            reference.Identifier = new Identifier(AuthorityToSystem(xcn.Sub(9, 1), xcn.Sub(9, 2), xcn.Sub(9, 3)), xcn.Component(1));
        }

        return reference;
    }

    private static void AddCoding(CodeableConcept concept, string code, string text, string system)
    {
        if (code.Length == 0)
        {
            return;
        }

        concept.Coding.Add(new Coding(Hl7CodingSystems.ToUri(system), code, text.Length == 0 ? null : text));
    }

    private static string? Null(string value) => value.Length == 0 ? null : value;
}
