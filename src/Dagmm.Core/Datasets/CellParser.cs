using System.Globalization;
using System.Text;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Parses cells of one raw file and builds <see cref="DatasetFormatException"/>s that name the
/// file, line and column and tell the reader to fetch the original file again.
/// </summary>
internal sealed class CellParser(string fileName, DatasetFile original)
{
    private const int MaximumQuotedLength = 40;

    public string FileName => fileName;

    public DatasetFormatException Error(int lineNumber, int column, string problem) =>
        new(fileName, lineNumber, column, problem, $"replace the file with the original from {original.Address}");

    /// <summary>Reports a row with the wrong number of fields at its first missing or extra field.</summary>
    public DatasetFormatException FieldCountError(int lineNumber, int found, int expected) =>
        Error(lineNumber, Math.Min(found, expected) + 1, $"expected {expected} fields, found {found}");

    /// <summary>Parses a finite number in the invariant culture ('.' as decimal separator).</summary>
    public float ParseNumber(ReadOnlySpan<byte> field, int lineNumber, int column, string columnName)
    {
        if (TryParseSmallInteger(field, out var integer))
        {
            return integer;
        }

        if (float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value))
        {
            return value;
        }

        throw NumberError(field, lineNumber, column, columnName);
    }

    /// <summary>
    /// Parses up to 7 digits with an optional all-zero fraction ("0", "255", "1.00"). Such values
    /// are exact in a float, so the result equals float.TryParse. Most KDD cells have this form,
    /// and the general parser is slower.
    /// </summary>
    private static bool TryParseSmallInteger(ReadOnlySpan<byte> field, out float value)
    {
        const int MaximumDigits = 7;
        var integer = 0;
        var position = 0;
        for (; position < field.Length && position < MaximumDigits + 1 && char.IsAsciiDigit((char)field[position]); position++)
        {
            integer = integer * 10 + (field[position] - '0');
        }

        value = integer;
        if (position == 0 || position > MaximumDigits)
        {
            return false;
        }

        if (position == field.Length)
        {
            return true;
        }

        return field[position] == (byte)'.' && field[(position + 1)..].IndexOfAnyExcept((byte)'0') < 0;
    }

    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    public static string Quote(ReadOnlySpan<byte> field)
    {
        var text = Encoding.UTF8.GetString(field);
        return text.Length <= MaximumQuotedLength ? $"'{text}'" : $"'{text[..MaximumQuotedLength]}...'";
    }

    private DatasetFormatException NumberError(ReadOnlySpan<byte> field, int lineNumber, int column, string columnName)
    {
        var trimmed = field.Trim((byte)' ');
        if (trimmed.IsEmpty || trimmed.SequenceEqual("?"u8))
        {
            return Error(lineNumber, column, $"missing value {Quote(field)} in column {columnName}");
        }

        if (float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return Error(lineNumber, column, $"value {Quote(field)} in column {columnName} is not a finite number");
        }

        return Error(lineNumber, column, $"value {Quote(field)} in column {columnName} is not a number");
    }
}
