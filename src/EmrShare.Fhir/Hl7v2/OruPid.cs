using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>Patient → PID (the inverse of <see cref="PatientMapper"/> for the facts it maps).</summary>
internal static class OruPid
{
    public static string Write(Patient patient, Hl7Delimiters d)
    {
        var pid = new Hl7SegmentWriter("PID", d);
        var identifiers = patient.Identifier.Where(i => i.Value is not null).Select(i =>
        {
            var (ns, universal, type) = SystemToAuthority(i.System);
            var authority = string.Join(d.Subcomponent, new[] { ns, universal, type }.Select(pid.Leaf)).TrimEnd(d.Subcomponent);
            var typeCode = i.Type?.Coding.FirstOrDefault()?.Code;
            return string.Join(d.Component, new[] { pid.Leaf(i.Value), string.Empty, string.Empty, authority, pid.Leaf(typeCode) }).TrimEnd(d.Component);
        });
        var names = patient.Name.Select(n => pid.Components(
            n.Family,
            n.Given.FirstOrDefault(),
            n.Given.Skip(1).FirstOrDefault(),
            n.Suffix.FirstOrDefault(),
            n.Prefix.FirstOrDefault(),
            null,
            n.Use switch
            {
                HumanName.NameUse.Official => "L",
                HumanName.NameUse.Usual => "D",
                HumanName.NameUse.Maiden => "M",
                HumanName.NameUse.Nickname => "N",
                HumanName.NameUse.Anonymous => "A",
                _ => null,
            }));
        var addresses = patient.Address.Select(a => pid.Components(a.Line.FirstOrDefault(), a.Line.Skip(1).FirstOrDefault(), a.City, a.State, a.PostalCode, a.Country));
        pid.Set(1, "1")
            .Set(3, pid.Repeat(identifiers))
            .Set(5, pid.Repeat(names))
            .Set(7, Hl7DateTime.FromFhir(patient.BirthDate))
            .Set(8, patient.Gender switch
            {
                AdministrativeGender.Female => "F",
                AdministrativeGender.Male => "M",
                AdministrativeGender.Other => "O",
                AdministrativeGender.Unknown => "U",
                _ => string.Empty,
            })
            .Set(11, pid.Repeat(addresses));
        return pid.ToString();
    }

    /// <summary>Inverse of <see cref="Hl7DataTypes.AuthorityToSystem"/>.</summary>
    private static (string Namespace, string Universal, string Type) SystemToAuthority(string? system)
    {
        const string local = "urn:emrshare:hl7v2:authority:";
        if (string.IsNullOrEmpty(system))
        {
            return (string.Empty, string.Empty, string.Empty);
        }

        if (system.StartsWith("urn:oid:", StringComparison.Ordinal))
        {
            return (string.Empty, system["urn:oid:".Length..], "ISO");
        }

        return system.StartsWith(local, StringComparison.Ordinal)
            ? (Uri.UnescapeDataString(system[local.Length..]), string.Empty, string.Empty)
            : (string.Empty, system, "URI");
    }
}
