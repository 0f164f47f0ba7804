namespace Dagmm.Core.Datasets;

/// <summary>
/// Splits one line into fields, either at every comma (an empty field counts) or at runs of
/// spaces and tabs (leading and trailing blanks produce no field).
/// </summary>
internal ref struct FieldReader
{
    private ReadOnlySpan<byte> _rest;
    private readonly bool _whitespaceSeparated;
    private bool _finished;

    private FieldReader(ReadOnlySpan<byte> line, bool whitespaceSeparated)
    {
        _rest = line;
        _whitespaceSeparated = whitespaceSeparated;
    }

    /// <summary>1-based position of the field returned last, or 0 before the first field.</summary>
    public int Column { get; private set; }

    public static FieldReader CommaSeparated(ReadOnlySpan<byte> line) => new(line, whitespaceSeparated: false);

    public static FieldReader WhitespaceSeparated(ReadOnlySpan<byte> line) => new(line, whitespaceSeparated: true);

    public bool TryRead(out ReadOnlySpan<byte> field)
    {
        if (_whitespaceSeparated ? !TryReadWhitespaceSeparated(out field) : !TryReadCommaSeparated(out field))
        {
            return false;
        }

        Column++;
        return true;
    }

    /// <summary>Returns the next field of a line whose field count the caller has checked.</summary>
    public ReadOnlySpan<byte> Read() =>
        TryRead(out var field) ? field : throw new InvalidOperationException("The line has no field left; check the field count first.");

    public static int CountCommaSeparated(ReadOnlySpan<byte> line) => line.Count((byte)',') + 1;

    public static int CountWhitespaceSeparated(ReadOnlySpan<byte> line)
    {
        var fields = WhitespaceSeparated(line);
        while (fields.TryRead(out _))
        {
        }

        return fields.Column;
    }

    private bool TryReadCommaSeparated(out ReadOnlySpan<byte> field)
    {
        if (_finished)
        {
            field = default;
            return false;
        }

        var comma = _rest.IndexOf((byte)',');
        if (comma < 0)
        {
            field = _rest;
            _rest = default;
            _finished = true;
        }
        else
        {
            field = _rest[..comma];
            _rest = _rest[(comma + 1)..];
        }

        return true;
    }

    private bool TryReadWhitespaceSeparated(out ReadOnlySpan<byte> field)
    {
        var start = _rest.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            field = default;
            _rest = default;
            return false;
        }

        _rest = _rest[start..];
        var end = _rest.IndexOfAny((byte)' ', (byte)'\t');
        if (end < 0)
        {
            end = _rest.Length;
        }

        field = _rest[..end];
        _rest = _rest[end..];
        return true;
    }
}
