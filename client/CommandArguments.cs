using System.Globalization;

namespace Dagmm.Grid.Client;

/// <summary>
/// The options and positional arguments of one grid-client command. Options are written
/// <c>--name value</c> or <c>--name=value</c>; flags take no value. Anything not declared by the
/// command is rejected with a <see cref="UsageException"/> that lists what the command accepts.
/// </summary>
public sealed class CommandArguments
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments(string command, IReadOnlyList<string> positionals)
    {
        _command = command;
        Positionals = positionals;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="arguments"/> of <paramref name="command"/> against its declared options.</summary>
    public static CommandArguments Parse(string command, IReadOnlyList<string> arguments, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var positionals = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument == "--")
            {
                positionals.Add(argument);
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            if (flagOptions.Contains(name))
            {
                if (equals >= 0)
                {
                    throw new UsageException($"{name}: this flag takes no value; write {name} alone");
                }

                flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = argument[(equals + 1)..];
                }
                else if (i + 1 < arguments.Count && !IsOptionName(arguments[i + 1]))
                {
                    value = arguments[++i];
                }
                else
                {
                    throw new UsageException($"{name}: missing value; write {name} VALUE");
                }

                if (!values.TryAdd(name, value))
                {
                    throw new UsageException($"{name}: given twice; give it once");
                }
            }
            else
            {
                var accepted = valueOptions.Concat(flagOptions).Order(StringComparer.Ordinal).ToList();
                var acceptedText = accepted.Count == 0 ? "none" : string.Join(", ", accepted);
                throw new UsageException($"{name}: unknown option for '{command}'; accepted options: {acceptedText}");
            }
        }

        var parsed = new CommandArguments(command, positionals);
        foreach (var (key, value) in values)
        {
            parsed._values[key] = value;
        }

        parsed._flags.UnionWith(flags);
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Returns whether <paramref name="arguments"/> asks for help (-h or --help) anywhere.</summary>
    public static bool AsksForHelp(IReadOnlyList<string> arguments) => arguments.Any(argument => argument is "--help" or "-h");

    // A value never starts with "--", so "--epochs --mixture gaussian" reports the missing value of --epochs.
    private static bool IsOptionName(string argument) => argument.StartsWith("--", StringComparison.Ordinal) && argument.Length > 2 && !char.IsDigit(argument[2]);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) =>
        Value(name) ?? throw new UsageException($"{name}: missing; '{_command}' needs {name} VALUE");

    /// <summary>Returns the integer value of <paramref name="name"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public int Integer(string name, int defaultValue, int minimum)
    {
        var text = Value(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new UsageException($"{name}: \"{text}\" is invalid; expected an integer >= {minimum}");
        }

        return value;
    }

    /// <summary>Returns the finite number value of <paramref name="name"/>, or null when absent.</summary>
    public double? Number(string name)
    {
        var text = Value(name);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new UsageException($"{name}: \"{text}\" is invalid; expected a finite number such as 0.001");
        }

        return value;
    }

    /// <summary>Returns the single positional argument named <paramref name="what"/>, rejecting extras.</summary>
    public string SinglePositional(string what)
    {
        if (Positionals.Count == 0)
        {
            throw new UsageException($"{what}: missing; write grid-client {_command} {what.ToUpperInvariant()}");
        }

        if (Positionals.Count > 1)
        {
            throw new UsageException($"unexpected argument \"{Positionals[1]}\" for '{_command}'; it takes one {what}");
        }

        return Positionals[0];
    }

    public void RejectPositionals()
    {
        if (Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument \"{Positionals[0]}\" for '{_command}'; options start with --");
        }
    }
}
