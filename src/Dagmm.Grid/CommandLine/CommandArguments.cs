using System.Globalization;

namespace Dagmm.Grid.CommandLine;

/// <summary>
/// The options and positional arguments of one command of grid-client or the silo host. Options are
/// written <c>--name value</c> or <c>--name=value</c>; flags take no value. Anything not declared by
/// the command is rejected with a <see cref="UsageException"/> that lists what the command accepts.
/// An option may fall back to an environment variable, which the option overrides.
/// </summary>
public sealed class CommandArguments
{
    private readonly string _command;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments(string command, IReadOnlyList<string> positionals, Func<string, string?> environment)
    {
        _command = command;
        Positionals = positionals;
        _environment = environment;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>
    /// Parses <paramref name="arguments"/> of <paramref name="command"/> against its declared options.
    /// <paramref name="environment"/> reads environment variables; the process environment when null.
    /// </summary>
    public static CommandArguments Parse(
        string command,
        IReadOnlyList<string> arguments,
        IReadOnlyCollection<string> valueOptions,
        IReadOnlyCollection<string> flagOptions,
        Func<string, string?>? environment = null)
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

                if (value.Length == 0)
                {
                    throw new UsageException($"{name}: the value is empty; write {name} VALUE");
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

        var parsed = new CommandArguments(command, positionals, environment ?? Environment.GetEnvironmentVariable);
        foreach (var (key, value) in values)
        {
            parsed._values[key] = value;
        }

        parsed._flags.UnionWith(flags);
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Returns whether <paramref name="arguments"/> contains a help flag (-h or --help) anywhere.</summary>
    public static bool AsksForHelp(IReadOnlyList<string> arguments) => arguments.Any(argument => argument is "--help" or "-h");

    // A value never starts with "--", so "--epochs --mixture gaussian" reports the missing value of --epochs.
    private static bool IsOptionName(string argument) => argument.StartsWith("--", StringComparison.Ordinal) && argument.Length > 2 && !char.IsDigit(argument[2]);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    /// <summary>
    /// Returns the value of option <paramref name="name"/>, else the value of
    /// <paramref name="environmentVariable"/> when it is not blank, else null.
    /// </summary>
    public string? Value(string name, string environmentVariable) => Lookup(name, environmentVariable).Text;

    public string Required(string name) =>
        Value(name) ?? throw new UsageException($"{name}: missing; '{_command}' needs {name} VALUE");

    /// <summary>Returns the integer value of <paramref name="name"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public int Integer(string name, int defaultValue, int minimum, int maximum = int.MaxValue) =>
        ParseInteger(name, Value(name), defaultValue, minimum, maximum);

    /// <summary>
    /// Returns the integer value of option <paramref name="name"/>, else of
    /// <paramref name="environmentVariable"/>, else <paramref name="defaultValue"/>. The error names
    /// the option or the variable that contains the invalid value.
    /// </summary>
    public int Integer(string name, string environmentVariable, int defaultValue, int minimum, int maximum = int.MaxValue)
    {
        var (text, source) = Lookup(name, environmentVariable);
        return ParseInteger(source, text, defaultValue, minimum, maximum);
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

    /// <summary>Returns the text of the option, else of the environment variable, with the name of the one it came from.</summary>
    public (string? Text, string Source) Lookup(string name, string environmentVariable)
    {
        if (Value(name) is { } text)
        {
            return (text, name);
        }

        var fromEnvironment = _environment(environmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? (null, name) : (fromEnvironment, environmentVariable);
    }

    public void RejectPositionals()
    {
        if (Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument \"{Positionals[0]}\" for '{_command}'; options start with --");
        }
    }

    private static int ParseInteger(string source, string? text, int defaultValue, int minimum, int maximum)
    {
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            // A whole number above int.MaxValue fails TryParse, so name the upper end for it too.
            var tooLarge = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var wide) && wide > maximum;
            var range = maximum == int.MaxValue && !tooLarge ? $">= {minimum}" : $"from {minimum} to {maximum}";
            throw new UsageException($"{source}: \"{text}\" is invalid; expected an integer {range}");
        }

        return value;
    }
}
