using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dagmm.Core.Datasets;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>
/// Readable run keys of the form <c>&lt;sweep&gt;/&lt;dataset&gt;/&lt;mixture label&gt;/seed-&lt;n&gt;/cfg-&lt;6 hex&gt;</c>,
/// for example <c>paper/thyroid/student-t-nu4/seed-3/cfg-1a2b3c</c>. The cfg part is the first six hex
/// digits of the SHA-256 of the canonical settings JSON without the seed, so the seeds of one
/// configuration share it and any other setting change gives a different key.
/// </summary>
public static class RunKeys
{
    public const int ConfigurationHexDigits = 6;

    /// <summary>Builds the run key of <paramref name="settings"/> in the sweep <paramref name="sweepName"/>.</summary>
    public static string Create(string sweepName, RunSettings settings)
    {
        SweepNames.ThrowIfInvalid(sweepName, nameof(sweepName));
        ArgumentNullException.ThrowIfNull(settings);
        var seed = settings.Seed.ToString(CultureInfo.InvariantCulture);
        return $"{sweepName}/{settings.DatasetName}/{settings.Mixture.Label}/seed-{seed}/cfg-{ConfigurationHash(settings)}";
    }

    /// <summary>Returns the cfg part of a run key: the first six lower-case hex digits of the SHA-256 of the settings without the seed.</summary>
    public static string ConfigurationHash(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(RunSettingsJson.SerializeConfiguration(settings)));
        return Convert.ToHexStringLower(hash)[..ConfigurationHexDigits];
    }

    /// <summary>
    /// Returns the file name stem of a run: the key without its sweep prefix, with '/' replaced by '.',
    /// for example <c>thyroid.student-t-nu4.seed-3.cfg-1a2b3c</c>. Keys made by <see cref="Create"/> contain
    /// only lower-case letters, digits, '.' and '-', so the name is valid on Linux, macOS and Windows.
    /// </summary>
    public static string FileName(string runKey)
    {
        ArgumentNullException.ThrowIfNull(runKey);
        var separator = runKey.IndexOf('/', StringComparison.Ordinal);
        if (separator <= 0 || separator == runKey.Length - 1)
        {
            throw new ArgumentException($"Run key \"{runKey}\" is invalid; expected <sweep>/<dataset>/<mixture>/seed-<n>/cfg-<hash>.", nameof(runKey));
        }

        var name = runKey[(separator + 1)..].Replace('/', '.');
        if (name.Any(character => !IsSafeFileNameCharacter(character)) || name.EndsWith('.'))
        {
            throw new ArgumentException($"Run key \"{runKey}\" does not map to a safe file name; keys may contain only letters, digits, '.', '-', '_' and '/'.", nameof(runKey));
        }

        return name;
    }

    /// <summary>Returns the sweep name that prefixes <paramref name="runKey"/>.</summary>
    public static string SweepName(string runKey)
    {
        ArgumentNullException.ThrowIfNull(runKey);
        var separator = runKey.IndexOf('/', StringComparison.Ordinal);
        return separator < 0 ? runKey : runKey[..separator];
    }

    private static bool IsSafeFileNameCharacter(char character) =>
        char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_';
}
