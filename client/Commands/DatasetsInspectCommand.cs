using System.Globalization;
using System.Text.Json;
using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client datasets inspect FILE [--label COL]: rows, columns, inferred types, missing cells
/// and the class balance of a user's CSV, TSV or Parquet table, so the user sees what the file
/// contains before a sweep.
/// </summary>
public static class DatasetsInspectCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("datasets inspect", arguments, ["--label"], ["--json"]);
        var path = parsed.SinglePositional("file");

        TableProfile profile;
        try
        {
            profile = await TableInspector.InspectAsync(path, parsed.Value("--label"));
        }
        catch (FileNotFoundException error)
        {
            throw new UsageException(error.Message);
        }
        catch (DatasetFormatException error)
        {
            throw new UsageException(error.Message);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--label: {error.Message}");
        }

        if (parsed.Flag("--json"))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(profile)));
        }
        else
        {
            await Console.Out.WriteAsync(Format(profile));
        }

        return GridClient.ExitSuccess;
    }

    /// <summary>Formats the profile as the aligned text that grid-client prints.</summary>
    internal static string Format(TableProfile profile)
    {
        var text = new System.Text.StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine($"file:    {profile.FilePath}");
        text.AppendLine(invariant, $"rows:    {profile.Rows:N0}");
        text.AppendLine(invariant, $"columns: {profile.Columns.Count:N0}");
        text.AppendLine();

        var nameWidth = Math.Max("column".Length, profile.Columns.Max(column => column.Name.Length));
        text.AppendLine($"{"column".PadRight(nameWidth)}  {"type",-7}  {"missing",16}  {"distinct",8}  {"minimum",12}  {"maximum",12}");
        foreach (var column in profile.Columns)
        {
            var missing = string.Create(invariant, $"{column.MissingCells:N0} ({Share(column.MissingCells, profile.Rows)})");
            var distinct = column.DistinctValuesCapped
                ? $">{TableInspector.MaximumDistinctValues.ToString(invariant)}"
                : column.DistinctValues.ToString(invariant);
            var row = string.Create(invariant,
                $"{column.Name.PadRight(nameWidth)}  {KindName(column.Kind),-7}  {missing,16}  {distinct,8}  {Number(column.Minimum),12}  {Number(column.Maximum),12}");
            text.AppendLine(row.TrimEnd());
        }

        if (profile.LabelColumn is not null)
        {
            var classes = profile.ClassBalance.Count;
            text.AppendLine();
            text.AppendLine(invariant, $"label {profile.LabelColumn}: {classes} class{(classes == 1 ? "" : "es")}");
            var valueWidth = Math.Max(5, profile.ClassBalance.Select(count => count.Value.Length).DefaultIfEmpty(0).Max());
            var labelled = profile.ClassBalance.Sum(count => count.Rows);
            foreach (var count in profile.ClassBalance)
            {
                text.AppendLine(invariant, $"  {count.Value.PadRight(valueWidth)}  {count.Rows,10:N0}  {Share(count.Rows, labelled),8}");
            }
        }

        if (profile.Warnings.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("warnings:");
            foreach (var warning in profile.Warnings)
            {
                text.AppendLine($"  {warning}");
            }
        }

        return text.ToString();
    }

    private static string KindName(ColumnKind kind) => kind.ToString().ToLowerInvariant();

    private static string Share(int part, int whole) =>
        whole == 0 ? "0.00%" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:F2}%");

    private static string Number(double? value) =>
        value is { } number ? number.ToString("G6", CultureInfo.InvariantCulture) : "";

    private static Dictionary<string, object?> ToJson(TableProfile profile) => new()
    {
        ["file"] = profile.FilePath,
        ["rows"] = profile.Rows,
        ["columns"] = profile.Columns.Select(column => new Dictionary<string, object?>
        {
            ["name"] = column.Name,
            ["type"] = KindName(column.Kind),
            ["missing"] = column.MissingCells,
            ["distinct"] = column.DistinctValues,
            ["distinctCapped"] = column.DistinctValuesCapped,
            ["minimum"] = column.Minimum,
            ["maximum"] = column.Maximum,
        }).ToList(),
        ["label"] = profile.LabelColumn,
        ["classes"] = profile.ClassBalance.Select(count => new Dictionary<string, object> { ["value"] = count.Value, ["rows"] = count.Rows }).ToList(),
        ["warnings"] = profile.Warnings,
    };
}
