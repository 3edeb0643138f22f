using System.Diagnostics;
using System.Globalization;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 6: every actor its own OS process with its own data folder and keystore, on the Center's embedded
/// ledger served over JSON-RPC by <c>emrshare center serve</c>.
/// </summary>
public sealed class EmbeddedLedgerProcessTests
{
    [Fact]
    public async Task Scenario_EmbeddedLedgerServedByCenter_SharesRevokesAndLogsAcrossProcesses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var scenario = new ProcessScenario(ws, ct);
        (await scenario.CenterAsync("init", "--scrypt-n", ActorWorkspace.TestScryptN)).EnsureOk();
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await ws.ServeAsync("center", "center", ["--port", port], ct);

        var outcome = await scenario.RunAsync(new Uri($"http://127.0.0.1:{port}/"), hospitalAccountKeys: null);

        // A's legacy HL7 v2 feed goes through the adapter registry and is stored as validated FHIR JSON.
        // The sample ORU is about another person than this chart's first record: refused (exit 2) unless a human
        // files it anyway with an audited reason.
        var oru = Path.Combine(RepoPaths.Root, "samples", "hl7v2", "oru_r01.hl7");
        var mismatch = await scenario.HospitalAsync("A", "create-record", "--patient", outcome.LocalIdAtA, "--file", oru);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("does not match this chart", mismatch.Stderr, StringComparison.Ordinal);
        var hl7 = (await scenario.HospitalAsync("A", "create-record", "--patient", outcome.LocalIdAtA, "--file", oru,
            "--override-patient-mismatch", "lab result confirmed by phone with the sending lab")).EnsureOk();
        var converted = (await scenario.HospitalAsync("A", "read", "--record", hl7.Field("record"), "--out", ws.PathOf("hl7-as-fhir.json"))).EnsureOk();
        Assert.Equal("application/fhir+json", converted.Field("content-type"));

        // HL7's C-CDA sample (re-addressed to this chart's patient) is stored, and what it carried that no mapping
        // took is printed line by line, as the import route returns it (issue 16 rule 1).
        var ccd = ws.PathOf("ccd_1.ccda");
        await File.WriteAllTextAsync(ccd, (await File.ReadAllTextAsync(FhirSamples.Hl7Ccd1, ct))
            .Replace("<given>Isabella</given>", "<given>Johanna</given>", StringComparison.Ordinal)
            .Replace("<family>Jones</family>", "<family>Quellenberg</family>", StringComparison.Ordinal)
            .Replace("<birthTime value=\"19750501\"/>", "<birthTime value=\"19610412\"/>", StringComparison.Ordinal), ct);
        var cda = (await scenario.HospitalAsync("A", "create-record", "--patient", outcome.LocalIdAtA, "--file", ccd)).EnsureOk();
        Assert.Equal(32, cda.Fields("not imported").Count());
        Assert.Contains("MEDICAL EQUIPMENT (LOINC 46264-8, templateId 2.16.840.1.113883.10.20.22.2.23): 3 entries not imported", cda.Fields("not imported"));

        // Invalid FHIR is refused with the validation message and nothing is stored.
        var invalid = ws.PathOf("invalid.json");
        await File.WriteAllBytesAsync(invalid, Support.SampleRecords.InvalidObservation(), ct);
        var refused = await scenario.HospitalAsync("A", "create-record", "--patient", outcome.LocalIdAtA, "--file", invalid);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error: invalid record", refused.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Equal("4", (await scenario.HospitalAsync("A", "records")).EnsureOk().Field("count")); // v1, v2, the HL7 and the C-CDA record

        // Once the Center deactivates B, the patient's wallet refuses to visit it.
        (await scenario.CenterAsync("deactivate-hospital", "--address", outcome.HospitalB)).EnsureOk();
        var visitB = await scenario.PatientAsync("visit", "--hospital", outcome.EndpointB, "--address", outcome.HospitalB);
        Assert.Equal(2, visitB.ExitCode);
        Assert.StartsWith("error: not registered", visitB.Stderr.Trim(), StringComparison.Ordinal);

        // SIGTERM (by pid) stops a hospital server through its clean shutdown path.
        using (var kill = Process.Start("kill", ["-TERM", outcome.ServerA.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!outcome.ServerA.HasExited)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Contains("stopped: clean shutdown", outcome.ServerA.RecentOutput, StringComparison.Ordinal);
    }
}
