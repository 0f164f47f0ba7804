using System.Text;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads delimited text records as RFC 4180 describes them: a field that starts with '"' is
/// quoted, may hold the delimiter and line breaks, and writes '"' as "". Blank lines are skipped.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter, string fileName)
{
    private readonly StringBuilder _field = new();
    private int _lineNumber;

    /// <summary>1-based line where the record returned last starts.</summary>
    public int RecordLineNumber { get; private set; }

    /// <summary>Replaces the content of <paramref name="fields"/> with the next record; false at the end of the text.</summary>
    /// <exception cref="DatasetFormatException">A quoted field is never closed.</exception>
    public bool TryRead(List<string> fields)
    {
        fields.Clear();
        string? line;
        do
        {
            line = reader.ReadLine();
            if (line is null)
            {
                return false;
            }

            _lineNumber++;
        }
        while (string.IsNullOrWhiteSpace(line));

        RecordLineNumber = _lineNumber;
        _field.Clear();
        var quoted = false;
        var position = 0;
        while (true)
        {
            if (position == line.Length)
            {
                if (!quoted)
                {
                    fields.Add(_field.ToString());
                    return true;
                }

                // A line break inside quotes belongs to the field.
                line = reader.ReadLine() ?? throw new DatasetFormatException(
                    fileName, RecordLineNumber, fields.Count + 1, "a quoted field is not closed before the end of the file", "close it with '\"' and write a '\"' inside a field as \"\"");
                _lineNumber++;
                _field.Append('\n');
                position = 0;
                continue;
            }

            var character = line[position++];
            if (quoted)
            {
                if (character != '"')
                {
                    _field.Append(character);
                }
                else if (position < line.Length && line[position] == '"')
                {
                    _field.Append('"');
                    position++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (character == delimiter)
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else if (character == '"' && _field.Length == 0)
            {
                quoted = true;
            }
            else
            {
                _field.Append(character);
            }
        }
    }
}
