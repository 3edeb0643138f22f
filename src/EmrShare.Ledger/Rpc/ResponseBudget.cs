using System.Text;
using System.Text.Json.Nodes;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// geth's response size limit: answers are admitted while the running total stays within the budget; the answer
/// that would pass it, and every later one of the same batch, is replaced by error -32003 "response too large".
/// </summary>
internal sealed class ResponseBudget(int maxBytes)
{
    public const int ResponseTooLargeCode = -32003;
    private long _used;
    private bool _exhausted;

    public JsonObject Admit(JsonObject response)
    {
        if (!_exhausted)
        {
            _used += Encoding.UTF8.GetByteCount(response.ToJsonString());
            _exhausted = _used > maxBytes;
            if (!_exhausted)
            {
                return response;
            }
        }

        return LedgerRpcHandler.Error(
            response["id"]?.DeepClone(),
            ResponseTooLargeCode,
            $"response too large: the answer exceeds {maxBytes} bytes; ask for fewer blocks or logs per request");
    }
}
