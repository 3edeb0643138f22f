using System.Collections;
using EmrShare.Core;
using EmrShare.Nodes.Transport;

namespace EmrShare.Cli.Commands;

/// <summary>
/// The demo's in-process hospital directory, listable in the order hospitals joined, so the patient dashboard can
/// offer them in its "visit" and "share with" pickers (a real wallet lists the hospitals of its peers file).
/// </summary>
internal sealed class DemoWebDirectory : IHospitalDirectory, IEnumerable<HospitalContact>
{
    private readonly HospitalDirectory _inner = new();
    private readonly List<HospitalContact> _contacts = [];
    private readonly Lock _gate = new();

    public void Add(HospitalContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            _inner.Add(contact);
            _contacts.RemoveAll(c => c.Address == contact.Address);
            _contacts.Add(contact);
        }
    }

    public HospitalContact Resolve(ChainAddress hospital) => _inner.Resolve(hospital);

    public IEnumerator<HospitalContact> GetEnumerator()
    {
        lock (_gate)
        {
            return _contacts.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
