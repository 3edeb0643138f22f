using System.Security.Claims;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Center;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>
/// The Center's registration desk, shared by the REST API and the Main dashboard: validates the form/JSON
/// fields (<see cref="RequestValidationException"/>) and calls <see cref="CenterService"/> or, for patients, the
/// enrolment queue. A duplicate hospital or practitioner is refused by the Registry contract
/// (<see cref="ContractRevertedException"/> → 409); a duplicate patient by the queue (<see cref="EnrolmentRefusedException"/> → 409).
/// </summary>
public sealed class CenterDesk(CenterActor actor, TimeProvider time)
{
    private CenterService Center => actor.Center;

    /// <summary>Chain id and the four contract addresses.</summary>
    public DeploymentInfo Deployment => DeploymentInfo.Of(Center.ChainAccessUsed.ChainId, Center.Addresses);

    /// <summary>Registers a hospital (address, encryption key, name).</summary>
    public async Task<TransactionResult> RegisterHospitalAsync(RegisterHospitalRequest request, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new InputValidator();
        var address = input.Address("address", request.Address);
        var key = input.Bytes("encryptionKey", request.EncryptionKey, 33);
        var name = input.Text("name", request.Name, 200);
        input.ThrowIfInvalid();
        var registered = await Center.RegisterHospitalAsync(address, key, name, cancellationToken).ConfigureAwait(false);
        await PublishNameAsync(address, name, admin, cancellationToken).ConfigureAwait(false);
        return TransactionResult.Of(registered);
    }

    /// <summary>
    /// Registers a hospital and every practitioner listed in its identity file (the <c>hospital.json</c> that
    /// <c>hospital init</c> writes and the hospital dashboard shows), so nobody copies hex by hand. Returns the last
    /// transaction, the hospital's name and how many practitioners were registered.
    /// </summary>
    public async Task<(TransactionResult Last, string Name, int Practitioners)> RegisterFromIdentityAsync(string? identityJson, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        Nodes.Deployment.HospitalInfo? info;
        try
        {
            info = string.IsNullOrWhiteSpace(identityJson) ? null : System.Text.Json.JsonSerializer.Deserialize<Nodes.Deployment.HospitalInfo>(identityJson, Nodes.Transport.NodeJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            info = null;
        }

        if (info is null || info.Practitioners is null)
        {
            throw new RequestValidationException("identity", "not a hospital identity file (hospital.json: name, address, encryptionPublicKey, practitioners)");
        }

        var last = await RegisterHospitalAsync(new RegisterHospitalRequest(info.Address, info.EncryptionPublicKey, info.Name), admin, cancellationToken).ConfigureAwait(false);
        foreach (var practitioner in info.Practitioners)
        {
            last = await RegisterPractitionerAsync(new RegisterPractitionerRequest(practitioner, info.Address), admin, cancellationToken).ConfigureAwait(false);
        }

        return (last, info.Name, info.Practitioners.Count);
    }

    /// <summary>Registers a practitioner's signing address under a hospital.</summary>
    public async Task<TransactionResult> RegisterPractitionerAsync(RegisterPractitionerRequest request, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new InputValidator();
        var address = input.Address("address", request.Address);
        var hospital = input.Address("hospital", request.Hospital);
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : input.Text("name", request.Name, Nodes.Discovery.DirectoryName.MaxLength);
        input.ThrowIfInvalid();
        var registered = await Center.RegisterPractitionerAsync(address, hospital, cancellationToken).ConfigureAwait(false);
        await PublishNameAsync(address, name ?? "Practitioner at " + (actor.Names.Of(hospital.ToString()) ?? hospital.ToString()), admin, cancellationToken).ConfigureAwait(false);
        return TransactionResult.Of(registered);
    }

    /// <summary>Renames a registered hospital or practitioner (404 for any other address); published and audited like a registration's name.</summary>
    public async Task SetNameAsync(string address, DisplayNameRequest request, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new InputValidator();
        var account = input.Address("address", address);
        var name = input.Text("name", request.Name, Nodes.Discovery.DirectoryName.MaxLength);
        input.ThrowIfInvalid();
        if (!await IsRegisteredHospitalAsync(account, cancellationToken).ConfigureAwait(false)
            && !await IsRegisteredPractitionerAsync(account, cancellationToken).ConfigureAwait(false))
        {
            throw new Nodes.UnknownEntityException("no hospital or practitioner is registered at this address");
        }

        await PublishNameAsync(account, name, admin, cancellationToken).ConfigureAwait(false);
    }

    // The Registry reverts hospitalOf for any account that is not a hospital, and practitionerOf answers a zero
    // employer for one that is not a practitioner: each lookup is asked on its own.
    private async Task<bool> IsRegisteredHospitalAsync(ChainAddress account, CancellationToken cancellationToken)
    {
        try
        {
            var hospital = await Center.Chain.Registry.GetHospitalAsync(account.ToString(), cancellationToken).ConfigureAwait(false);
            return hospital.EncryptionKey.Length > 0;
        }
        catch (ContractRevertedException)
        {
            return false;
        }
    }

    private async Task<bool> IsRegisteredPractitionerAsync(ChainAddress account, CancellationToken cancellationToken)
    {
        try
        {
            var practitioner = await Center.Chain.Registry.GetPractitionerAsync(account.ToString(), cancellationToken).ConfigureAwait(false);
            return ChainAddress.Parse(practitioner.Hospital) != ChainAddress.Zero;
        }
        catch (ContractRevertedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Shows <paramref name="name"/> for <paramref name="account"/> here and publishes it in the Center's signed
    /// directory (when this app serves one), so separately hosted hospitals and wallets show it too. A name change is an
    /// admin action: audited in the directory's name audit and the account log under <paramref name="admin"/>'s name.
    /// </summary>
    private async Task PublishNameAsync(ChainAddress account, string name, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var by = admin?.Identity?.Name ?? "unknown";
        actor.Names.Add(account.ToString(), name);
        if (actor.Directory is { } directory)
        {
            await directory.SetNameAsync(account, name, by, cancellationToken).ConfigureAwait(false);
        }

        await actor.Accounts.RecordAdminActionAsync(by, "set-name", account.Lower, name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates a patient's registration request and queues it for the next enrolment round; the round runs when
    /// k patients wait (the answer then carries its transactions). Refusals: 400 malformed, 409 queued or registered.
    /// </summary>
    public async Task<EnrolmentTicketView> EnqueuePatientAsync(RegisterPatientRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = new InputValidator();
        var commitment = input.Hash("identityCommitment", request.IdentityCommitment);
        var pseudonyms = new List<ChainAddress>();
        if (request.Pseudonyms is not { Count: > 0 and <= 64 })
        {
            input.Add("pseudonyms", "between 1 and 64 pseudonym addresses are required");
        }
        else
        {
            for (var i = 0; i < request.Pseudonyms.Count; i++)
            {
                pseudonyms.Add(input.Address($"pseudonyms[{i}]", request.Pseudonyms[i]));
            }
        }

        var index = input.Address("indexAccount", request.IndexAccount);
        input.ThrowIfInvalid();
        if (pseudonyms.Append(index).Distinct().Count() != pseudonyms.Count + 1)
        {
            throw new RequestValidationException("pseudonyms", "pseudonyms and the index account must all differ");
        }

        var ticket = await actor.Enrolment.EnqueueAsync(new Nodes.Deployment.PatientRegistrationRequest(commitment, pseudonyms, index) { Proofs = request.Proofs ?? [] }, cancellationToken).ConfigureAwait(false);
        return EnrolmentTicketView.Of(ticket);
    }

    /// <summary>The enrolment queue: pending count, k and the latest rounds.</summary>
    public async Task<EnrolmentStatusView> GetEnrolmentAsync(CancellationToken cancellationToken) =>
        EnrolmentStatusView.Of(await actor.Enrolment.GetStatusAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Runs an enrolment round now. Below k only with <paramref name="belowRoundSize"/> (409 otherwise, as for an empty
    /// queue); the answer's <see cref="EnrolmentRoundView.Patients"/> is the anonymity set to warn about.
    /// </summary>
    public async Task<EnrolmentRoundView> EnrolNowAsync(bool belowRoundSize, CancellationToken cancellationToken) =>
        EnrolmentRoundView.Of(await actor.Enrolment.EnrolNowAsync(belowRoundSize, cancellationToken).ConfigureAwait(false));

    /// <summary>The Registry's entry for a hospital (404 if it was never registered).</summary>
    public async Task<HospitalRegistration> GetHospitalAsync(string address, CancellationToken cancellationToken)
    {
        var input = new InputValidator();
        var hospital = input.Address("address", address);
        input.ThrowIfInvalid();
        HospitalInfo info;
        try
        {
            info = await Center.Chain.Registry.GetHospitalAsync(hospital.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new Nodes.UnknownEntityException("no hospital is registered at this address", ex);
        }

        if (info.EncryptionKey.Length == 0)
        {
            throw new Nodes.UnknownEntityException("no hospital is registered at this address");
        }

        return new HospitalRegistration(hospital.ToString(), Core.HexBytes.ToHex(info.EncryptionKey), info.NameHash.ToString(), info.Active);
    }

    /// <summary>The Registry's entry for a practitioner (404 if it was never registered).</summary>
    public async Task<PractitionerRegistration> GetPractitionerAsync(string address, CancellationToken cancellationToken)
    {
        var input = new InputValidator();
        var practitioner = input.Address("address", address);
        input.ThrowIfInvalid();
        try
        {
            var info = await Center.Chain.Registry.GetPractitionerAsync(practitioner.ToString(), cancellationToken).ConfigureAwait(false);
            return new PractitionerRegistration(practitioner.ToString(), info.Hospital, info.Active);
        }
        catch (ContractRevertedException ex)
        {
            throw new Nodes.UnknownEntityException("no practitioner is registered at this address", ex);
        }
    }
}
