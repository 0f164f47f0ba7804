using System.Globalization;
using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>
/// The settings a sweep file may set, in the order of the canonical settings JSON. Dataset, mixture and
/// seed are not among them because every sweep lists those separately.
/// </summary>
internal static class SettingFields
{
    public static IReadOnlyList<SettingField> All { get; } =
    [
        Integer("epochs", 200, settings => settings.Epochs, (settings, value) => settings with { Epochs = value }),
        Integer("batchSize", 1024, settings => settings.BatchSize, (settings, value) => settings with { BatchSize = value }),
        Real("learningRate", "0.0001", settings => settings.LearningRate, (settings, value) => settings with { LearningRate = value }),
        Real("lambdaEnergy", "0.1", settings => settings.LambdaEnergy, (settings, value) => settings with { LambdaEnergy = value }),
        Real("lambdaCovariance", "0.005", settings => settings.LambdaCovariance, (settings, value) => settings with { LambdaCovariance = value }),
        Real("dropout", "0.5", settings => settings.Dropout, (settings, value) => settings with { Dropout = value }),
        Real("gradientClip", "5", settings => settings.GradientClip, (settings, value) => settings with { GradientClip = value }),
        IntegerList("encoderLayers", "[60, 30, 10, 1]", settings => settings.EncoderLayers, (settings, value) => settings with { EncoderLayers = value }),
        Integer("estimationHidden", 10, settings => settings.EstimationHidden, (settings, value) => settings with { EstimationHidden = value }),
        Integer("components", 4, settings => settings.Components, (settings, value) => settings with { Components = value }),
        Threshold(),
        Real("anomalyRatio", "0.2", settings => settings.AnomalyRatio, (settings, value) => settings with { AnomalyRatio = value }),
        Scaling(),
        Real("covarianceJitter", "1e-6", settings => settings.CovarianceJitter, (settings, value) => settings with { CovarianceJitter = value }),
        Integer("threads", 1, settings => settings.Threads, (settings, value) => settings with { Threads = value }),
    ];

    public static string AcceptedNames { get; } = string.Join(", ", All.Select(field => field.Name));

    private static readonly Dictionary<string, SettingField> _byName = All.ToDictionary(field => field.Name, StringComparer.Ordinal);

    public static bool TryFind(string name, out SettingField field) => _byName.TryGetValue(name, out field!);

    /// <summary>Reads a number, or the strings NaN, Infinity and -Infinity that the canonical JSON uses for non-finite values.</summary>
    public static ParsedValue<double> ReadReal(JsonElement value, string example)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return ParsedValue<double>.Valid(number);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "NaN": return ParsedValue<double>.Valid(double.NaN);
                case "Infinity": return ParsedValue<double>.Valid(double.PositiveInfinity);
                case "-Infinity": return ParsedValue<double>.Valid(double.NegativeInfinity);
            }
        }

        // System.Text.Json reads a number beyond the range of double, such as 1e400, as not finite.
        return value.ValueKind == JsonValueKind.Number
            ? ParsedValue<double>.Invalid($"{JsonPaths.Describe(value)} is out of range; write a finite value such as {example}")
            : ParsedValue<double>.Invalid($"expected a number, found {JsonPaths.Describe(value)}; write a value such as {example}");
    }

    /// <summary>Writes a double in its shortest round-trip form, or as a string when it is not finite.</summary>
    public static void WriteReal(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Reads a JSON number that is a whole number within 32 bits, also when it is written as 5.0
    /// or 1e3. Returns false for any other value.
    /// </summary>
    public static bool TryReadWholeNumber(JsonElement value, out int number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetInt32(out number))
        {
            return true;
        }

        if (value.TryGetDecimal(out var wide) && decimal.Truncate(wide) == wide && wide is >= int.MinValue and <= int.MaxValue)
        {
            number = (int)wide;
            return true;
        }

        return false;
    }

    public static ParsedValue<int> ReadInteger(JsonElement value, string example)
    {
        if (TryReadWholeNumber(value, out var number))
        {
            return ParsedValue<int>.Valid(number);
        }

        // A whole number beyond 32 bits is out of range rather than of the wrong kind.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var wide) && decimal.Truncate(wide) == wide)
        {
            return wide > 0
                ? ParsedValue<int>.Invalid($"{JsonPaths.Describe(value)} is too large; write a whole number up to {int.MaxValue}, such as {example}")
                : ParsedValue<int>.Invalid($"{JsonPaths.Describe(value)} is too small; write a whole number such as {example}");
        }

        return ParsedValue<int>.Invalid($"expected a whole number, found {JsonPaths.Describe(value)}; write a value such as {example}");
    }

    private static SettingField Integer(string name, int example, Func<RunSettings, int> get, Func<RunSettings, int, RunSettings> set) =>
        new(
            name,
            value => Apply(ReadInteger(value, example.ToString(CultureInfo.InvariantCulture)), set),
            (writer, settings) => writer.WriteNumberValue(get(settings)));

    private static SettingField Real(string name, string example, Func<RunSettings, double> get, Func<RunSettings, double, RunSettings> set) =>
        new(
            name,
            value => Apply(ReadReal(value, example), set),
            (writer, settings) => WriteReal(writer, get(settings)));

    private static SettingField IntegerList(
        string name,
        string example,
        Func<RunSettings, IReadOnlyList<int>> get,
        Func<RunSettings, IReadOnlyList<int>, RunSettings> set) =>
        new(
            name,
            value => Apply(ReadIntegerList(value, example), set),
            (writer, settings) =>
            {
                writer.WriteStartArray();
                foreach (var item in get(settings))
                {
                    writer.WriteNumberValue(item);
                }

                writer.WriteEndArray();
            });

    private static ParsedValue<IReadOnlyList<int>> ReadIntegerList(JsonElement value, string example)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return ParsedValue<IReadOnlyList<int>>.Invalid($"expected a list of whole numbers, found {JsonPaths.Describe(value)}; write a value such as {example}");
        }

        var items = new List<int>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (!TryReadWholeNumber(item, out var number))
            {
                return ParsedValue<IReadOnlyList<int>>.Invalid(
                    $"expected a list of whole numbers, but item {index} is {JsonPaths.Describe(item)}; write a value such as {example}");
            }

            items.Add(number);
            index++;
        }

        return ParsedValue<IReadOnlyList<int>>.Valid(items.ToArray());
    }

    private static SettingField Threshold() => new(
        "threshold",
        value =>
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return Invalid($"expected a threshold protocol name, found {JsonPaths.Describe(value)}; use {ThresholdProtocols.AcceptedNames}");
            }

            return ThresholdProtocols.TryParse(value.GetString(), out var protocol)
                ? Valid(settings => settings with { Threshold = protocol })
                : Invalid($"unknown threshold protocol {JsonPaths.Describe(value)}; expected {ThresholdProtocols.AcceptedNames}");
        },
        (writer, settings) => writer.WriteStringValue(settings.Threshold.ToName()));

    private static SettingField Scaling() => new(
        "scaling",
        value =>
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return Invalid($"expected a scaling name, found {JsonPaths.Describe(value)}; use {ScalingNames.AcceptedNames}");
            }

            return ScalingNames.TryParse(value.GetString(), out var scaling)
                ? Valid(settings => settings with { Scaling = scaling })
                : Invalid($"unknown scaling {JsonPaths.Describe(value)}; expected {ScalingNames.AcceptedNames}");
        },
        (writer, settings) => writer.WriteStringValue(settings.Scaling.ToName()));

    private static ParsedValue<Func<RunSettings, RunSettings>> Apply<T>(ParsedValue<T> parsed, Func<RunSettings, T, RunSettings> set)
    {
        if (!parsed.IsValid)
        {
            return Invalid(parsed.Problem!);
        }

        var value = parsed.Value!;
        return Valid(settings => set(settings, value));
    }

    private static ParsedValue<Func<RunSettings, RunSettings>> Valid(Func<RunSettings, RunSettings> apply) =>
        ParsedValue<Func<RunSettings, RunSettings>>.Valid(apply);

    private static ParsedValue<Func<RunSettings, RunSettings>> Invalid(string problem) =>
        ParsedValue<Func<RunSettings, RunSettings>>.Invalid(problem);
}
