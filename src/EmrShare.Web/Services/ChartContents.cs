using EmrShare.Nodes.Hospital;

namespace EmrShare.Web.Services;

/// <summary>The decrypted newest versions of a chart's own records, and how many received records were left unread.</summary>
public sealed record ChartContents(IReadOnlyList<RecordContent> Records, int ReceivedNotRead);
