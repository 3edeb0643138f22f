using System.Numerics;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Execution;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// One generic permission rule: the sender may send when any of the given views, called with the sender's address
/// as its only argument, answers a non-zero word at the given position (e.g. <c>isActiveHospital(address) → bool</c>,
/// or word 1 of <c>practitionerOf(address) → (address, bool)</c>). A view that reverts or is not deployed yet counts as "no".
/// </summary>
public sealed class ContractViewPermission : ISenderPermission
{
    private readonly IReadOnlyList<MembershipView> _views;

    public ContractViewPermission(IReadOnlyList<MembershipView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        _views = views;
    }

    public async ValueTask<bool> MaySendAsync(EmbeddedLedger ledger, string sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var argument = LedgerHex.Word(Convert.FromHexString(sender.AsSpan(2)));
        foreach (var view in _views)
        {
            var contract = view.Contract();
            if (contract is null)
            {
                continue;
            }

            byte[] answer;
            try
            {
                var request = new ExecutionRequest { From = sender, To = contract, Input = [.. view.Selector, .. argument], GasLimit = 1_000_000 };
                answer = await ledger.CallAsync(request, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerRpcException)
            {
                continue;
            }

            var offset = view.Word * 32;
            if (answer.Length >= offset + 32 && !new BigInteger(answer.AsSpan(offset, 32), isUnsigned: true, isBigEndian: true).IsZero)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A view <c>f(address)</c> on <see cref="Contract"/> (resolved per check: it may be deployed later); word <see cref="Word"/> of its answer is the membership flag.</summary>
public sealed record MembershipView(Func<string?> Contract, byte[] Selector, int Word = 0);
