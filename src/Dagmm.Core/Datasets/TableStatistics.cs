using System.Globalization;

namespace Dagmm.Core.Datasets;

/// <summary>Running counts over the rows of one table, turned into a <see cref="TableProfile"/> at the end.</summary>
internal sealed class TableStatistics
{
    private readonly string _fullPath;
    private readonly string _fileName;
    private readonly string[] _names;
    private readonly int _labelIndex;
    private readonly ColumnStatistics[] _columns;
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);
    private int _rows;

    /// <exception cref="ArgumentException"><paramref name="labelColumn"/> is not one of <paramref name="names"/>.</exception>
    public TableStatistics(string fullPath, IReadOnlyList<string> names, string? labelColumn)
    {
        _fullPath = fullPath;
        _fileName = Path.GetFileName(fullPath);
        _names = [.. names];
        _labelIndex = FindLabel(labelColumn);
        _columns = [.. _names.Select(_ => new ColumnStatistics())];
    }

    public int ColumnCount => _names.Length;

    /// <summary>Counts one row of trimmed cells, one per column.</summary>
    /// <exception cref="ArgumentException">The label column has more than <see cref="TableInspector.MaximumClasses"/> distinct values.</exception>
    public void Add(IReadOnlyList<string> cells)
    {
        _rows++;
        for (var column = 0; column < _names.Length; column++)
        {
            var cell = cells[column];
            var present = _columns[column].Add(cell);
            if (column == _labelIndex && present)
            {
                CountClass(cell);
            }
        }
    }

    public TableProfile ToProfile()
    {
        var profiles = _names.Select((name, index) => _columns[index].ToProfile(name)).ToList();
        var balance = _classes
            .Select(pair => new ClassCount(pair.Key, pair.Value))
            .OrderByDescending(count => count.Rows)
            .ThenBy(count => count.Value, StringComparer.Ordinal)
            .ToList();
        var label = _labelIndex >= 0 ? _names[_labelIndex] : null;
        return new TableProfile(_fullPath, _rows, profiles, label, balance, Warnings(profiles, label, balance));
    }

    private int FindLabel(string? labelColumn)
    {
        if (labelColumn is null)
        {
            return -1;
        }

        var index = Array.IndexOf(_names, labelColumn.Trim());
        if (index < 0)
        {
            throw new ArgumentException(
                $"label column \"{labelColumn}\" not found in {_fileName}; its columns are {string.Join(", ", _names.Select(name => $"\"{name}\""))}");
        }

        return index;
    }

    private void CountClass(string value)
    {
        if (_classes.TryGetValue(value, out var rows))
        {
            _classes[value] = rows + 1;
            return;
        }

        if (_classes.Count == TableInspector.MaximumClasses)
        {
            throw new ArgumentException(
                $"label column \"{_names[_labelIndex]}\" of {_fileName} has more than {TableInspector.MaximumClasses:N0} distinct values, so it is not a class label; name the column that contains the classes");
        }

        _classes[value] = 1;
    }

    private List<string> Warnings(List<ColumnProfile> columns, string? label, List<ClassCount> balance)
    {
        var warnings = new List<string>();
        for (var index = 0; index < columns.Count; index++)
        {
            if (columns[index].Name.Length == 0)
            {
                warnings.Add($"column {index + 1} has a blank name");
            }
        }

        var duplicates = columns
            .Select((column, index) => (column.Name, Position: index + 1))
            .GroupBy(pair => pair.Name)
            .Where(group => group.Count() > 1 && group.Key.Length > 0);
        foreach (var duplicate in duplicates)
        {
            warnings.Add($"column name \"{duplicate.Key}\" appears {duplicate.Count()} times (columns {string.Join(", ", duplicate.Select(pair => pair.Position))})");
        }

        foreach (var column in columns.Where(column => column.Name != label))
        {
            if (_rows > 0 && column.Kind == ColumnKind.Empty)
            {
                warnings.Add($"column \"{column.Name}\" has no values: every cell is missing");
            }
            else if (_rows > 1 && column.DistinctValues == 1)
            {
                warnings.Add($"column \"{column.Name}\" has the same value in every row that is not missing");
            }
        }

        if (label is not null && balance.Count < 2)
        {
            warnings.Add($"label column \"{label}\" has {balance.Count} class{(balance.Count == 1 ? "" : "es")}; anomaly detection needs normal and anomalous rows");
        }

        return warnings;
    }

    /// <summary>Running counts of one column.</summary>
    private sealed class ColumnStatistics
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        private int _missing;
        private int _present;
        private bool _allIntegers = true;
        private bool _allNumbers = true;
        private double _minimum = double.PositiveInfinity;
        private double _maximum = double.NegativeInfinity;

        /// <summary>Counts a trimmed cell and returns false when it is missing.</summary>
        public bool Add(string cell)
        {
            if (TableInspector.IsMissing(cell))
            {
                _missing++;
                return false;
            }

            _present++;
            if (_distinct.Count <= TableInspector.MaximumDistinctValues)
            {
                _distinct.Add(cell);
            }

            if (_allNumbers)
            {
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    _allIntegers &= long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
                    _minimum = Math.Min(_minimum, value);
                    _maximum = Math.Max(_maximum, value);
                }
                else
                {
                    _allNumbers = false;
                }
            }

            return true;
        }

        public ColumnProfile ToProfile(string name)
        {
            var kind = _present == 0 ? ColumnKind.Empty
                : !_allNumbers ? ColumnKind.Text
                : _allIntegers ? ColumnKind.Integer
                : ColumnKind.Number;
            var numeric = kind is ColumnKind.Integer or ColumnKind.Number;
            return new ColumnProfile(name, kind, _missing, _distinct.Count, numeric ? _minimum : null, numeric ? _maximum : null);
        }
    }
}
