using System.Text.Json;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>
/// One setting that a sweep file may override, under its camelCase <see cref="Name"/>. <see cref="Read"/>
/// turns a JSON value into a change of <see cref="RunSettings"/>, <see cref="Write"/> writes the current
/// value in canonical form.
/// </summary>
internal sealed record SettingField(
    string Name,
    Func<JsonElement, ParsedValue<Func<RunSettings, RunSettings>>> Read,
    Action<Utf8JsonWriter, RunSettings> Write);
