using System.Text;

namespace EmrShare.Cli.Commands;

/// <summary>
/// What Hospital A's legacy lab system delivers in the demo: an HL7 v2.5 ORU^R01 (lipid panel + culture, made-up
/// patient), a copy of <c>samples/hl7v2/oru_r01.hl7</c> embedded so <c>emrshare demo</c> works from any folder.
/// </summary>
internal static class DemoSample
{
    public const string FileName = "oru_r01.hl7";

    public const string CorrectedFileName = "oru_r01_corrected.hl7";

    // Segments are CR-terminated on the wire; the literal uses line breaks for readability.
    private const string Oru = """
        MSH|^~\&|GHH LAB|ELAB-3|GHH OE|BLDG4|200903031426+1000||ORU^R01^ORU_R01|CNTRL-3456|P|2.5||||||UNICODE UTF-8
        PID|||555-44-4444^^^EHR&2.16.840.1.113883.19.3.2.1&ISO^MR||EVERYWOMAN^EVE^E^^^^L||19620320|F|||153 FERNWOOD DR.^^STATESVILLE^OH^35292
        OBR|1|845439^GHH OE|1045813^GHH LAB|24331-1^Lipid panel - Serum or Plasma^LN|||200903031426+1000|||||||||555-55-5555^PRIMARY^PATRICIA P^^^^MD||||||200903031450+1000|||F
        OBX|1|NM|2093-3^Cholesterol [Mass/volume] in Serum or Plasma^LN||196|mg/dL^milligram per deciliter^UCUM|<200|N|||F|||200903031426+1000
        OBX|2|NM|2571-8^Triglyceride [Mass/volume] in Serum or Plasma^LN||150.0|mg/dL^milligram per deciliter^UCUM|<150|H|||F|||200903031426+1000
        NTE|1||Fasting specimen: 12 h \T\ no medication
        OBX|3|NM|2085-9^Cholesterol in HDL [Mass/volume] in Serum or Plasma^LN||38|mg/dL^milligram per deciliter^UCUM|40-60|L|||F|||200903031426+1000
        OBX|4|SN|13457-7^Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation^LN||<^100|mg/dL^milligram per deciliter^UCUM||N|||F
        OBR|2|845440^GHH OE|1045814^GHH LAB|600-7^Bacteria identified in Blood by Culture^LN|||20090303|||||||||555-55-5555^PRIMARY^PATRICIA P^^^^MD||||||200903041000+1000|||P
        OBX|1|CWE|600-7^Bacteria identified in Blood by Culture^LN||3092008^Staphylococcus aureus^SCT||||||P
        OBX|2|ST|664-3^Microscopic observation [Identifier] in Unspecified specimen by Gram stain^LN||Gram positive cocci in clusters \F\ pairs||||||P
        """;

    public static byte[] OruR01() => Encoding.UTF8.GetBytes(Oru.ReplaceLineEndings("\r") + "\r");

    /// <summary>
    /// The lab's correction of the same result (OBX-11 <c>C</c>, total cholesterol 196 → 190 mg/dL, a new control
    /// id), which A imports as version 2 of the record.
    /// </summary>
    public static byte[] CorrectedOruR01() => Encoding.UTF8.GetBytes(Oru
        .Replace("|CNTRL-3456|", "|CNTRL-3457|", StringComparison.Ordinal)
        .Replace("||196|mg/dL^milligram per deciliter^UCUM|<200|N|||F|", "||190|mg/dL^milligram per deciliter^UCUM|<200|N|||C|", StringComparison.Ordinal)
        .ReplaceLineEndings("\r") + "\r");
}
