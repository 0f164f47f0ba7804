namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads a stream line by line as UTF-8 bytes without allocating a string per line. A line ends
/// at '\n', and a trailing '\r' is removed. The returned span is valid until the next call.
/// </summary>
internal sealed class Utf8LineReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <summary>1-based number of the line returned last, or 0 before the first call.</summary>
    public int LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TrimLine(pending[..newline]);
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_endOfStream)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = TrimLine(pending);
                _start = _end;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private ReadOnlySpan<byte> TrimLine(ReadOnlySpan<byte> line)
    {
        if (LineNumber == 0 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        return line.EndsWith((byte)'\r') ? line[..^1] : line;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        // A line longer than the buffer grows it. The longest UCI line (arrhythmia) has 934 bytes.
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }
        else
        {
            _end += read;
        }
    }
}
