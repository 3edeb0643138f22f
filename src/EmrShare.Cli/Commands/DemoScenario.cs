using EmrShare.Core.IO;
using EmrShare.Chain;
using EmrShare.Core.Identity;
using EmrShare.Fhir.Import;
using EmrShare.Nodes;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Transport;
using Spectre.Console;

namespace EmrShare.Cli.Commands;

/// <summary>
/// The sharing scenario with every actor in its own folder under the data directory: Center, hospitals A and B,
/// one patient. Actors talk only through the chain, blob stores and JSON-round-tripped hospital endpoints.
/// The hospitals run different EMR formats: A imports HL7 v2 from its legacy folder, B exports FHIR JSON.
/// </summary>
internal sealed class DemoScenario(IAnsiConsole console, DemoChain chain, string dataDirectory)
{
    private const string Fhir = "application/fhir+json";
    private readonly Table _steps = new Table().AddColumns("#", "step", "detail", "tx", "gas");

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var keys = DemoChain.Keys;
        var center = await CenterService.DeployAsync(chain.Access, keys[0], ct).ConfigureAwait(false);
        Step("Center deploys contracts", $"Registry {Short(center.Addresses.Registry)}, AccessControl {Short(center.Addresses.AccessControl)}", null);

        var directory = new HospitalDirectory();
        await using var a = await OpenHospitalAsync("A", keys[1], center, directory, ct).ConfigureAwait(false);
        await using var b = await OpenHospitalAsync("B", keys[2], center, directory, ct).ConfigureAwait(false);

        using var wallet = await PatientWallet.OpenAsync(Path.Combine(dataDirectory, "patient"), PatientIdentity.Create(), chain.Access, center.Addresses, TimeProvider.System, ct).ConfigureAwait(false);
        // Patients join the Center's enrolment queue (rounds of k = 16); the demo's single patient cannot wait for 15
        // others, so the round is forced below k, and the step says how small its anonymity set is.
        using var enrolment = await EnrolmentQueue.OpenAsync(Path.Combine(dataDirectory, "center"), center, new EnrolmentPolicy(), TimeProvider.System, ct).ConfigureAwait(false);
        await enrolment.EnqueueAsync(wallet.RegistrationRequest([a.Address, b.Address]), ct).ConfigureAwait(false);
        var round = await enrolment.EnrolNowAsync(belowRoundSize: true, ct).ConfigureAwait(false);
        Step("Center enrols patient (forced round)", $"queued, then a round of {round.Patients} (below k = {round.RoundSize}, demo only): commitment, shuffled pseudonym batch, index gas",
            round.Transactions.Single(t => t.Step == EnrolmentStep.RegisterPseudonyms).Receipt);

        using var visitA = await wallet.BeginVisitAsync(directory.Resolve(a.Address).Endpoint, a.Address, ct).ConfigureAwait(false);
        Step("Visit A (mutual auth handshake)", $"local patient id {visitA.LocalPatientId}", null);
        var formats = new DemoEmrFormats(dataDirectory);
        var imported = await formats.ImportAtAAsync(DemoSample.FileName, DemoSample.OruR01(),
            (json, type, token) => a.CreateRecordAsync(visitA.LocalPatientId, json, type, a.Keys.PractitionerAddresses[0], token), ct).ConfigureAwait(false);
        if (imported.Record is not { } created)
        {
            return Fail("A imports HL7 v2 from its legacy folder", imported.Report);
        }

        Step("A imports HL7 v2 ORU^R01 (legacy folder)", $"{imported.Report.Succeeded}/{imported.Report.Total} message(s) → validated FHIR Bundle", null);
        Step("A creates FHIR record v1", $"record {Short(created.RecordId.ToString())} encrypted, stored, anchored", created.Anchor);
        var (_, indexAnchor) = await wallet.CollectRecordsAsync(visitA, ct).ConfigureAwait(false);
        Step("Wallet collects record, anchors index", "encrypted index hash anchored from the index account", indexAnchor);

        using var visitB = await wallet.BeginVisitAsync(directory.Resolve(b.Address).Endpoint, b.Address, ct).ConfigureAwait(false);
        Step("Visit B (mutual auth handshake)", $"local patient id {visitB.LocalPatientId}", null);
        var grant = await wallet.GrantAsync(visitB, a.Address, [created.RecordId], DateTimeOffset.UtcNow.AddDays(30), ct).ConfigureAwait(false);
        Step("Patient grants B (record-scoped)", $"grant {Short(grant.GrantId.ToString())}", grant.TransactionHash, grant.GasUsed);
        var received = await b.RequestRecordAsync(grant.GrantId, created.RecordId, ct).ConfigureAwait(false);
        Step("B requests v1 on chain", "requestAccess under the grant (AccessRequested event)", received.Request);
        Step("A's watcher sees the event and fulfils", "checked request, grant and patient on chain, re-wrapped the data key for B", received.FulfilmentTransaction, received.FulfilmentGasUsed);
        Step("B collects the fulfilment from A", "pulled by request id with a signed AccessRequest (only the grantee may)", null);
        Step("B verifies and stores v1", "signature, practitioner, commitment, SHA-256, FHIR all checked", null);
        var (exportV1, bundleV1) = await formats.ExportAtBAsync(b, created.RecordId, ct).ConfigureAwait(false);
        Step("B exports v1 as FHIR JSON", Markup.Escape(Path.GetRelativePath(dataDirectory, exportV1)), null);
        if (!SameFacts(DemoEmrFormats.Hl7Facts(DemoSample.OruR01()), DemoEmrFormats.FhirFacts(bundleV1)))
        {
            return 1;
        }

        var correction = await formats.ImportAtAAsync(DemoSample.CorrectedFileName, DemoSample.CorrectedOruR01(),
            (json, type, token) => a.AmendAsync(created.RecordId, json, type, a.Keys.PractitionerAddresses[0], token), ct).ConfigureAwait(false);
        if (correction.Record is not { } amended)
        {
            return Fail("A imports the lab's HL7 v2 correction", correction.Report);
        }

        Step("A amends from corrected ORU^R01 (v2, new data key)", "previousManifest links v1", amended.Anchor);
        var receivedV2 = await b.RequestRecordAsync(grant.GrantId, created.RecordId, ct).ConfigureAwait(false);
        Step("B requests v2 on chain", "same grant", receivedV2.Request);
        Step("A fulfils v2, B verifies", $"version {receivedV2.Version} stored at B", receivedV2.FulfilmentTransaction, receivedV2.FulfilmentGasUsed);
        var (exportV2, bundleV2) = await formats.ExportAtBAsync(b, created.RecordId, ct).ConfigureAwait(false);
        Step("B exports v2 as FHIR JSON", Markup.Escape(Path.GetRelativePath(dataDirectory, exportV2)), null);
        if (!SameFacts(DemoEmrFormats.Hl7Facts(DemoSample.CorrectedOruR01()), DemoEmrFormats.FhirFacts(bundleV2)))
        {
            return 1;
        }

        var amendedAtB = await b.AmendAsync(created.RecordId, formats.ReviewedAtB(bundleV2), Fhir, b.Keys.PractitionerAddresses[0], ct).ConfigureAwait(false);
        Step("B amends in FHIR JSON (v3, new data key)", "adopted v1–v2 under B's address, v3 anchored by B", amendedAtB.Anchor);
        var (_, indexAnchorB) = await wallet.CollectRecordsAsync(visitB, ct).ConfigureAwait(false);
        Step("Wallet collects v3 from B", "index re-anchored (sequence 2)", indexAnchorB);

        var revoked = await wallet.RevokeAsync(grant, center, ct).ConfigureAwait(false);
        Step("Patient revokes grant", "signed Revoke(grantId), relayed by the Center", revoked);
        try
        {
            await b.RequestRecordAsync(grant.GrantId, created.RecordId, ct).ConfigureAwait(false);
            Step("B requests after revoke", "[red]UNEXPECTEDLY SUCCEEDED[/]", null);
            console.Write(_steps);
            return 1;
        }
        catch (AccessDeniedException ex)
        {
            Step("B requests after revoke", $"[green]refused[/]: {Markup.Escape(ex.Message)}", null);
        }

        console.Write(_steps);
        await PrintAuditAsync(wallet, a, b, ct).ConfigureAwait(false);
        return 0;
    }

    private async Task<HospitalService> OpenHospitalAsync(string name, string key, CenterService center, HospitalDirectory directory, CancellationToken ct)
    {
        var hospital = await HospitalService.OpenAsync(new HospitalOptions(name, Path.Combine(dataDirectory, "hospital-" + name), HospitalKeys.Generate(key), chain.Access, center.Addresses, directory), ct).ConfigureAwait(false);
        var receipt = await center.RegisterHospitalAsync(hospital.Address, hospital.Keys.EncryptionPublicKey, "Hospital " + name, ct).ConfigureAwait(false);
        Step($"Center registers hospital {name}", Short(hospital.Address.ToString()), receipt);
        var practitioner = await center.RegisterPractitionerAsync(hospital.Keys.PractitionerAddresses[0], hospital.Address, ct).ConfigureAwait(false);
        Step($"Center registers practitioner at {name}", Short(hospital.Keys.PractitionerAddresses[0].ToString()), practitioner);
        directory.Add(new HospitalContact(hospital.Address, new InProcessHospitalEndpoint(hospital), hospital.Store));
        return hospital;
    }

    private async Task PrintAuditAsync(PatientWallet wallet, HospitalService a, HospitalService b, CancellationToken ct)
    {
        var chainLog = new Table().Title("Patient's access log (from chain events)").AddColumns("block", "event", "hospital pseudonym of", "counterparty", "tx");
        foreach (var e in await wallet.GetAccessLogAsync(ct).ConfigureAwait(false))
        {
            chainLog.AddRow(e.Entry.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Entry.Kind.ToString(),
                e.Hospital == a.Address ? "A" : "B", Short(e.Entry.Counterparty ?? "-"), Short(e.Entry.TransactionHash));
        }

        console.Write(chainLog);
        var auditPath = Path.Combine(dataDirectory, "patient", "audit-bundle.json");
        await PrivateFiles.WriteAllTextAsync(auditPath, await wallet.ExportAuditAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        console.MarkupLine($"FHIR AuditEvent Bundle written to {Markup.Escape(auditPath)}");
        foreach (var hospital in new[] { a, b })
        {
            var local = new Table().Title($"Hospital {hospital.Name} local audit").AddColumns("kind", "record", "counterpart", "tx");
            foreach (var row in await hospital.Database.ListAuditAsync(ct).ConfigureAwait(false))
            {
                local.AddRow(row.Kind, Short(row.RecordId ?? "-"), Short(row.Counterpart ?? "-"), Short(row.TransactionHash ?? "-"));
            }

            console.Write(local);
        }
    }

    /// <summary>Prints the numeric results as A's HL7 message and B's FHIR export state them; false (demo fails) if they differ.</summary>
    private bool SameFacts(IReadOnlyList<string> atA, IReadOnlyList<string> atB)
    {
        var same = atA.Count > 0 && atA.SequenceEqual(atB, StringComparer.Ordinal);
        console.MarkupLine($"  A (HL7 v2 OBX):   {Markup.Escape(string.Join("; ", atA))}");
        console.MarkupLine($"  B (FHIR JSON):    {Markup.Escape(string.Join("; ", atB))}  {(same ? "[green]same facts[/]" : "[red]FACTS DIFFER[/]")}");
        return same;
    }

    private int Fail(string title, ImportReport report)
    {
        var reasons = string.Join("; ", report.Failures.Select(f => $"{f.Source}: {f.ErrorType}: {f.Message}"));
        Step(title, $"[red]failed[/]: {Markup.Escape(reasons)}", null);
        console.Write(_steps);
        return 1;
    }

    private void Step(string title, string detail, ChainReceipt? receipt) =>
        Step(title, detail, receipt?.TransactionHash, receipt is null ? null : (long)receipt.GasUsed);

    private void Step(string title, string detail, string? tx, long? gas = null)
    {
        _steps.AddRow((_steps.Rows.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(title), detail,
            tx is null ? "-" : Short(tx), gas?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        console.MarkupLine($"[grey]step {_steps.Rows.Count}:[/] {Markup.Escape(title)}");
    }

    private static string Short(string hex) => hex.Length > 14 ? $"{hex[..8]}…{hex[^4..]}" : hex;
}
