using System.Numerics;
using EmrShare.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Deployment;

namespace EmrShare.Nodes.Center;

public sealed partial class CenterService
{
    /// <summary>
    /// Runs an enrolment round that may already have partly happened (the chain went down or the Center was killed
    /// half way): identity commitments already registered are skipped, pseudonyms already registered are left out of
    /// the batch, and index accounts that already hold ether are not funded again. A fresh round sends exactly what
    /// <see cref="RegisterPatientsAsync"/> sends; a finished one sends nothing. So re-running never registers twice
    /// and never reverts on the Registry's duplicate checks.
    /// </summary>
    public Task<IReadOnlyList<EnrolmentStep>> ResumePatientRoundAsync(IReadOnlyList<PatientRegistrationRequest> round, decimal indexGasEther, CancellationToken cancellationToken) =>
        RunRoundAsync(round, indexGasEther, resume: true, cancellationToken);

    /// <summary>
    /// Whether an account is already claimed in the Registry (patient pseudonym, hospital or practitioner): the
    /// Registry reverts the whole registerPseudonyms batch if any of its accounts is, so the queue refuses such a
    /// request up front rather than let it block every later round.
    /// </summary>
    public async Task<bool> IsAccountClaimedAsync(Core.ChainAddress account, CancellationToken cancellationToken)
    {
        var address = account.ToString();
        if (await Chain.Registry.IsPatientPseudonymAsync(address, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        try
        {
            var hospital = await Chain.Registry.GetHospitalAsync(address, cancellationToken).ConfigureAwait(false);
            if (hospital.EncryptionKey.Length > 0)
            {
                return true;
            }
        }
        catch (ContractRevertedException)
        {
            // Not a hospital; the Registry reverts for unknown hospitals.
        }

        try
        {
            // The Registry reverts for anything that is not a practitioner, so an answer means it is one.
            await Chain.Registry.GetPractitionerAsync(address, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ContractRevertedException)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<EnrolmentStep>> RunRoundAsync(IReadOnlyList<PatientRegistrationRequest> round, decimal indexGasEther, bool resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.Count == 0)
        {
            throw new ArgumentException("an enrolment round needs at least one patient", nameof(round));
        }

        var steps = new List<EnrolmentStep>();
        foreach (var patient in round)
        {
            var commitment = patient.IdentityCommitment.ToBytes32();
            if (!resume || !await Chain.Registry.IsPatientRegisteredAsync(commitment, cancellationToken).ConfigureAwait(false))
            {
                steps.Add(new(EnrolmentStep.RegisterPatient, await Chain.Registry.RegisterPatientAsync(commitment, cancellationToken).ConfigureAwait(false)));
            }
        }

        var batch = new List<string>();
        foreach (var account in round.SelectMany(p => p.Pseudonyms.Append(p.IndexAccount)).Select(p => p.ToString()))
        {
            // The batch is one transaction, so after a failure either all of a round's pseudonyms are registered or
            // none; checking each still covers a catch-up round that mixes a finished round with new patients.
            if (!resume || !await Chain.Registry.IsPatientPseudonymAsync(account, cancellationToken).ConfigureAwait(false))
            {
                batch.Add(account);
            }
        }

        if (batch.Count > 0)
        {
            var shuffled = batch.ToArray();
            Random.Shared.Shuffle(shuffled);
            steps.Add(new(EnrolmentStep.RegisterPseudonyms, await Chain.Registry.RegisterPseudonymsAsync(shuffled, cancellationToken).ConfigureAwait(false)));
        }

        if (indexGasEther > 0)
        {
            var indexAccounts = round.Select(p => p.IndexAccount.ToString()).ToArray();
            Random.Shared.Shuffle(indexAccounts);
            foreach (var account in indexAccounts)
            {
                if (resume && await IsFundedAsync(account, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                steps.Add(new(EnrolmentStep.FundIndexAccount, await ChainAccess.TransferAsync(_web3, account, indexGasEther, cancellationToken).ConfigureAwait(false)));
            }
        }

        return steps;
    }

    /// <summary>
    /// An index account is derived fresh for enrolment, so any balance or any sent transaction means the Center
    /// funded it already (its own earlier attempt of this round).
    /// </summary>
    private async Task<bool> IsFundedAsync(string account, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var balance = await _web3.Eth.GetBalance.SendRequestAsync(account).ConfigureAwait(false);
        if (balance.Value > BigInteger.Zero)
        {
            return true;
        }

        var nonce = await _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account).ConfigureAwait(false);
        return nonce.Value > BigInteger.Zero;
    }
}
