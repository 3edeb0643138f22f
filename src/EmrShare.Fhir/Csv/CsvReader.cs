using System.Text;

namespace EmrShare.Fhir.Csv;

/// <summary>One CSV record with the 1-based line it starts on (quoted fields may span lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 reader: fields separated by a delimiter, optionally enclosed in double quotes; inside quotes the
/// delimiter, CR and LF are literal and <c>""</c> is one quote. Lines end with CRLF or LF. A quote opening
/// mid-field or never closing is a <see cref="CsvFormatException"/>.
/// </summary>
public static class CsvReader
{
    public static IReadOnlyList<CsvRecord> Read(string text, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var quoted = false;
        var fieldStarted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    i++;
                    if (i < text.Length && text[i] != delimiter && text[i] != '\r' && text[i] != '\n')
                    {
                        throw new CsvFormatException(line, $"unexpected character '{text[i]}' after a closing quote");
                    }

                    continue;
                }

                if (c == '\n')
                {
                    line++;
                }

                field.Append(c);
                i++;
                continue;
            }

            if (c == '"')
            {
                if (field.Length > 0)
                {
                    throw new CsvFormatException(line, "a quote inside an unquoted field (RFC 4180 requires the whole field to be quoted)");
                }

                quoted = true;
                fieldStarted = true;
                i++;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = true;
                i++;
            }
            else if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                if (fieldStarted || field.Length > 0 || fields.Count > 0)
                {
                    fields.Add(field.ToString());
                    records.Add(new CsvRecord(recordLine, fields.ToArray()));
                }

                fields.Clear();
                field.Clear();
                fieldStarted = false;
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                fieldStarted = true;
                i++;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(recordLine, "a quoted field is never closed");
        }

        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields.ToArray()));
        }

        return records;
    }
}
