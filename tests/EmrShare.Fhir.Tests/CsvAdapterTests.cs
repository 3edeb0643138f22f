// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Csv;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

public sealed class CsvAdapterTests
{
    private static CsvMapping SampleMapping() =>
        CsvMapping.FromJson(File.ReadAllText(Path.Combine(SampleData.CsvFolder, "legacy-general.mapping.json")));

    private static byte[] SampleCsv() => File.ReadAllBytes(Path.Combine(SampleData.CsvFolder, "legacy-general.csv"));

    [Fact]
    public void Read_Rfc4180Quoting_FieldsAndLines()
    {
        var records = CsvReader.Read("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n\nlast");
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b,c", "say \"hi\""], records[0].Fields);
        Assert.Equal(["multi\nline", "", "x"], records[1].Fields);
        Assert.Equal((1, 2, 5), (records[0].Line, records[1].Line, records[2].Line));
    }

    [Theory]
    [InlineData("a,\"open\n", 1)]
    [InlineData("a,b\nc,\"x\"y", 2)]
    [InlineData("a,b\"c\",d", 1)]
    public void Read_BrokenQuoting_TypedErrorWithLine(string text, int line) =>
        Assert.Equal(line, Assert.Throws<CsvFormatException>(() => CsvReader.Read(text)).Line);

    [Fact]
    public void Convert_SampleExport_GoodRowsConvertedBadRowsReported()
    {
        var result = new CsvFlatFileAdapter(SampleMapping()).Convert(SampleCsv());
        Assert.Equal(5, result.RowsConverted);
        Assert.Equal([(7, "DATE"), (8, "VALUE"), (9, "MRN")], result.Errors.Select(e => (e.Line, e.Column)));

        var resources = result.Bundle.Entry.Select(e => e.Resource).ToList();
        var anna = resources.OfType<Patient>().Single(p => p.Identifier[0].Value == "100234");
        Assert.Equal(("Müller, Jr.", "Anna", "1958-04-12", AdministrativeGender.Female), (anna.Name[0].Family, anna.Name[0].Given.Single(), anna.BirthDate, anna.Gender));
        Assert.Equal("urn:oid:1.2.276.0.76.4.17.9999", anna.Identifier[0].System);

        var diabetes = resources.OfType<Condition>().Single();
        Assert.Equal(("http://hl7.org/fhir/sid/icd-10", "E11.9", "2015-02-03"), (diabetes.Code.Coding[0].System, diabetes.Code.Coding[0].Code, ((FhirDateTime)diabetes.Onset).Value));
        Assert.Equal("urn:uuid:" + anna.Id, diabetes.Subject.Reference);

        var hba1c = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "4548-4");
        var value = (Quantity)hba1c.Value;
        Assert.Equal((7.2m, "%", "http://unitsofmeasure.org"), (value.Value!.Value, value.Code, value.System));
        Assert.Equal("2024-05-14T08:30:00+01:00", ((FhirDateTime)hba1c.Effective).Value);
        Assert.Equal("4.0-6.0", hba1c.ReferenceRange[0].Text);

        // The patient whose diagnosis row failed still exists from its good PT row; nothing of row 7 does.
        Assert.Contains(resources.OfType<Patient>(), p => p.Identifier[0].Value == "100500");
        Assert.DoesNotContain(resources.OfType<Condition>(), c => c.Code.Coding[0].Code == "I10");
    }

    [Fact]
    public void Convert_BadValues_ErrorsNameColumnsButNotTheData()
    {
        var csv = "REC,MRN,SURNAME,FORENAME,DOB,SEX,CODE,TEXT,DATE,VALUE,UNIT,RANGE\nPT,1,A,B,Quellenberg,W,,,,,,\nPT,2,A,B,01/01/1970,Quellenberg,,,,,,\nLAB,3,,,,,1-1,x,01/01/2020,Quellenberg,mg,\n";
        var result = new CsvFlatFileAdapter(SampleMapping()).Convert(Encoding.UTF8.GetBytes(csv));
        Assert.Equal(["DOB", "SEX", "VALUE"], result.Errors.Select(e => e.Column));
        Assert.All(result.Errors, e => Assert.DoesNotContain("Quellenberg", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void ToFhir_AnyRowFailed_WholeFileRefusedWithAllRowErrors()
    {
        var e = Assert.Throws<CsvImportException>(() => new CsvFlatFileAdapter(SampleMapping()).ToFhir(SampleCsv()));
        Assert.Equal(3, e.Errors.Count);
    }

    [Fact]
    public void ToFhir_CleanFile_ValidBundle()
    {
        var clean = string.Join("\r\n", Encoding.UTF8.GetString(SampleCsv()).Split("\r\n").Take(5));
        var bundle = Assert.IsType<Bundle>(new CsvFlatFileAdapter(SampleMapping()).ToFhir(Encoding.UTF8.GetBytes(clean)));
        Assert.Empty(Codec.FhirCodec.Clinical.Validate(bundle));
        Assert.Equal(4, bundle.Entry.Count);
    }

    [Fact]
    public void Convert_HeaderMissingMappedColumn_TypedError()
    {
        var e = Assert.Throws<CsvFormatException>(() => new CsvFlatFileAdapter(SampleMapping()).Convert("REC,MRN\nPT,1"u8));
        Assert.Contains("SURNAME", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"rowType\":{\"column\":\"R\"},\"patient\":{\"identifierSystem\":\"x\",\"identifier\":\"M\"},\"bogus\":1}")]
    [InlineData("not json")]
    public void FromJson_InvalidMapping_TypedError(string json) =>
        Assert.Throws<CsvFormatException>(() => CsvMapping.FromJson(json));
}
