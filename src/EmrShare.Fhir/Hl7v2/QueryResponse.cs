namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// The checks a query response (RSP^K11) passes before its patient's data is mapped: it answered with data (QAK-2),
/// and it is about exactly one patient. A candidate list (several PIDs, e.g. a Z31 "return candidate list" or a
/// demographics query) is refused: filing several people's data in one chart is the wrong-patient error issue 16
/// item 7 forbids.
/// </summary>
internal static class QueryResponse
{
    public static void EnsureOnePatient(Hl7Message message)
    {
        var patients = message.All("PID").ToList();
        if (patients.Count == 0 && message.Find("QAK") is { } qak)
        {
            var status = qak.Field(2).Value;
            throw new Hl7ParseException(qak.Index, "QAK-2", status switch
            {
                "NF" => "the query response found no data (QAK-2 NF): nothing to import",
                "AE" or "AR" => $"the query response reports an error (QAK-2 {status}): nothing to import",
                _ => $"the query response (QAK-2 '{status}') holds no PID segment",
            });
        }

        if (patients.Count > 1)
        {
            throw new Hl7ParseException(patients[1].Index, "PID", $"the query response lists {patients.Count} patients (a candidate list): import one patient's record at a time");
        }
    }
}
