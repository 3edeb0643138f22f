// Test assertions walk deep into Firely models whose members are all nullable; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Hl7v2;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// v2.5.1 RSP^K11 query responses (issue 16): the immunization groups (ORC, RXA, RXR, OBX, NTE) are mapped, the
/// query's envelope (MSA, QAK, QPD) is reported. A real forecast response from a public library's test folder
/// (hl7-standard's message3.hl7, an IIS "evaluated history and forecast") and messages built from the CDC
/// immunization IG's segment grammar, labelled as such.
/// </summary>
public sealed class Hl7QueryResponseTests
{
    private const string SubId = "urn:emrshare:hl7v2:obx-sub-id";

    private static AdapterResult Import(byte[] message) => new Hl7V2Adapter().ToFhirWithReport(message);

    private static AdapterResult Import(params string[] segments) => Import(Encoding.UTF8.GetBytes(string.Join('\r', segments)));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    private static string Code(CodeableConcept concept) => concept.Coding[0].Code;

    [Fact]
    public void ToFhir_IisForecastResponse_NoVaccineRecordWithTwentySixForecastObservations()
    {
        var result = Import(File.ReadAllBytes(Path.Combine(SampleData.Hl7StandardData, "message3.hl7")));
        var patient = Assert.Single(All<Patient>(result));
        Assert.Equal([("123456", "MR"), ("654321", "SR")], patient.Identifier.Select(i => (i.Value, i.Type.Coding[0].Code)));

        // RXA|0|1|20171023|20171023|998^No vaccine administered^CVX|999|…|NA|A: the placeholder an IIS sends with a forecast.
        var immunization = Assert.Single(All<Immunization>(result));
        Assert.Equal(("998", "http://hl7.org/fhir/sid/cvx", Immunization.ImmunizationStatusCodes.NotDone, "2017-10-23"),
            (Code(immunization.VaccineCode), immunization.VaccineCode.Coding[0].System, immunization.Status, ((FhirDateTime)immunization.Occurrence).Value));
        Assert.Null(immunization.DoseQuantity); // 999 is "amount unknown", not a dose
        Assert.Equal(("123", "urn:emrshare:hl7v2:authority:IBI-IIS", "FILL"), (immunization.Identifier[0].Value, immunization.Identifier[0].System, Code(immunization.Identifier[0].Type)));

        var forecast = All<Observation>(result);
        Assert.Equal(26, forecast.Count);
        var immunizationUrl = ((Bundle)result.Resource).Entry.Single(e => e.Resource is Immunization).FullUrl;
        Assert.All(forecast, o => Assert.Equal(immunizationUrl, o.PartOf.Single().Reference));
        Assert.Equal(("30979-9", "03", "1"), (Code(forecast[0].Code), Code((CodeableConcept)forecast[0].Value), ((FhirString)forecast[0].GetExtensionValue<DataType>(SubId)).Value));
        Assert.Equal("1985-05-22", ((FhirDateTime)forecast[1].Value).Value);
        Assert.Equal((1m, "NA", "http://terminology.hl7.org/CodeSystem/v2-0353"), (((Quantity)forecast[2].Value).Value!.Value, ((Quantity)forecast[2].Value).Code, ((Quantity)forecast[2].Value).System));
        Assert.Equal(("LA13424-9", "5"), (Code((CodeableConcept)forecast[21].Value), ((FhirString)forecast[21].GetExtensionValue<DataType>(SubId)).Value));
        Assert.Equal(["MSA (segment 2)", "QAK (segment 3)", "QPD (segment 4)"], result.NotImported);
        Assert.Equal(3, ImportProvenance.CountOf(result.Resource));
        Assert.Empty(Codec.FhirCodec.Clinical.Validate(result.Resource));
    }

    [Fact]
    public void ToFhir_CompleteHistoryBuiltFromSpec_GivenPartialRefusedAndDeletedDosesMapped()
    {
        // Built from the CDC IG for immunization messaging (v2.5.1, Z32 "return complete immunization history"): not real data.
        var result = Import(
            @"MSH|^~\&|IIS|STATEIIS|EHR|CLINIC|20240301120000-0500||RSP^K11^RSP_K11|R-42|P|2.5.1|||NE|NE|||||Z32^CDCPHINVS",
            @"MSA|AA|Q-42",
            @"QAK|Q-42|OK|Z34^Request Immunization History^CDCPHINVS",
            @"QPD|Z34^Request Immunization History^CDCPHINVS|Q-42|MRN-9^^^CLINIC^MR|TESTCHILD^SAM^^^^^L||20200115|M",
            @"PID|1||MRN-9^^^CLINIC^MR||TESTCHILD^SAM^^^^^L||20200115|M",
            @"ORC|RE|PL-1^CLINIC|FL-1^STATEIIS",
            @"RXA|0|1|20200315||08^Hep B, adolescent or pediatric^CVX|0.5|mL^milliliters^UCUM||00^New immunization record^NIP001|1234^NURSE^NANCY^^^^^^CLINIC|||||LOT-77|20211231|MSD^Merck and Co^MVX|||CP|A",
            @"RXR|C28161^Intramuscular^NCIT|LT^Left Thigh^HL70163",
            @"OBX|1|CE|64994-7^Vaccine funding program eligibility category^LN|1|V02^VFC eligible - Medicaid^HL70064||||||F|||20200315",
            @"NTE|1||Eligibility checked at visit\.br\by front desk",
            @"ORC|RE||FL-2^STATEIIS",
            @"RXA|0|1|20200601||20^DTaP^CVX|999|||01^Historical information - source unspecified^NIP001|||||||||||PA|A",
            @"ORC|RE||FL-3^STATEIIS",
            @"RXA|0|1|20200701||03^MMR^CVX|999||||||||||||00^Parental decision^NIP002||RE|A",
            @"ORC|RE||FL-4^STATEIIS",
            @"RXA|0|1|20200801||10^IPV^CVX|999||||||||||||||CP|D",
            @"ORC|RE||FL-5^STATEIIS");
        var doses = All<Immunization>(result);
        Assert.Equal(["08", "20", "03", "10"], doses.Select(d => Code(d.VaccineCode)));

        var hepB = doses[0];
        Assert.Equal((Immunization.ImmunizationStatusCodes.Completed, true, "LOT-77", "2021-12-31"), (hepB.Status, hepB.PrimarySource, hepB.LotNumber, hepB.ExpirationDate));
        Assert.Equal((0.5m, "mL", "http://unitsofmeasure.org"), (hepB.DoseQuantity.Value!.Value, hepB.DoseQuantity.Code, hepB.DoseQuantity.System));
        Assert.Equal(("C28161", "LT"), (Code(hepB.Route), Code(hepB.Site)));
        Assert.Equal(("1234", "AP"), (hepB.Performer.Single().Actor.Identifier.Value, Code(hepB.Performer.Single().Function)));
        Assert.Equal("Merck and Co", hepB.Manufacturer.Display);
        Assert.Equal([("PL-1", "PLAC"), ("FL-1", "FILL")], hepB.Identifier.Select(i => (i.Value, Code(i.Type))));

        Assert.Equal((Immunization.ImmunizationStatusCodes.Completed, true, false), (doses[1].Status, doses[1].IsSubpotent, doses[1].PrimarySource));
        Assert.Equal((Immunization.ImmunizationStatusCodes.NotDone, "00"), (doses[2].Status, Code(doses[2].StatusReason)));
        Assert.Equal(Immunization.ImmunizationStatusCodes.EnteredInError, doses[3].Status);

        var eligibility = Assert.Single(All<Observation>(result));
        Assert.Equal(("V02", "Eligibility checked at visit\nby front desk"), (Code((CodeableConcept)eligibility.Value), eligibility.Note.Single().Text));
        // The last ORC opens a group no RXA completes.
        Assert.Equal(["MSA (segment 2)", "QAK (segment 3)", "QPD (segment 4)", "ORC (segment 17)"], result.NotImported);
        Assert.Empty(Codec.FhirCodec.Clinical.Validate(result.Resource));
    }

    [Fact]
    public void ToFhir_CandidateListWithTwoPatients_RefusedAsWrongPatientRisk()
    {
        var e = Assert.Throws<Hl7ParseException>(() => Import(
            @"MSH|^~\&|IIS|STATEIIS|EHR|CLINIC|20240301120000||RSP^K11^RSP_K11|R-43|P|2.5.1|||NE|NE|||||Z31^CDCPHINVS",
            @"MSA|AA|Q-43",
            @"QAK|Q-43|PD|Z34^Request Immunization History^CDCPHINVS",
            @"QPD|Z34^Request Immunization History^CDCPHINVS|Q-43|^^^^^|TESTCHILD^SAM",
            @"PID|1||A-1^^^STATEIIS^SR||TESTCHILD^SAM||20200115|M",
            @"PID|2||A-2^^^STATEIIS^SR||TESTCHILD^SAMUEL||20190310|M"));
        Assert.Equal(("PID", 6), (e.Field, e.SegmentIndex));
        Assert.Contains("2 patients", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NF", "found no data")]
    [InlineData("AE", "reports an error")]
    public void ToFhir_ResponseWithoutData_RefusedNamingQak2(string status, string reason)
    {
        var e = Assert.Throws<Hl7ParseException>(() => Import(
            @"MSH|^~\&|IIS|STATEIIS|EHR|CLINIC|20240301120000||RSP^K11^RSP_K11|R-44|P|2.5.1",
            @"MSA|AA|Q-44",
            $"QAK|Q-44|{status}|Z34^Request Immunization History^CDCPHINVS",
            @"QPD|Z34^Request Immunization History^CDCPHINVS|Q-44|MRN-0^^^CLINIC^MR"));
        Assert.Equal(("QAK-2", 3), (e.Field, e.SegmentIndex));
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
    }
}
