using EmrShare.Chain;
using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>This hospital's practitioner keys as the staff administration links accounts to them.</summary>
public sealed record PractitionerKeyStatus(int Index, ChainAddress Address, bool RegisteredHere);

public sealed partial class HospitalService
{
    /// <summary>
    /// Each practitioner key of this hospital with whether the Registry lists it as an active practitioner of this
    /// hospital, so an admin links a clinician account only to a key that can sign records others will accept.
    /// </summary>
    public async Task<IReadOnlyList<PractitionerKeyStatus>> ListPractitionerKeysAsync(CancellationToken cancellationToken)
    {
        var keys = _keys.PractitionerAddresses;
        var result = new List<PractitionerKeyStatus>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            bool registered;
            try
            {
                var info = await Chain.Registry.GetPractitionerAsync(keys[i].ToString(), cancellationToken).ConfigureAwait(false);
                registered = info.Active && string.Equals(info.Hospital, Address.ToString(), StringComparison.OrdinalIgnoreCase);
            }
            catch (ContractRevertedException)
            {
                registered = false;
            }

            result.Add(new PractitionerKeyStatus(i, keys[i], registered));
        }

        return result;
    }
}
