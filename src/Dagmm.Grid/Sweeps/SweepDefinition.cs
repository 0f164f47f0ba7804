namespace Dagmm.Grid.Sweeps;

/// <summary>
/// A validated sweep: its name, every run with its key and complete settings, and the sweep file's
/// original text. Built by <see cref="SweepFile"/>; the constructor checks the same invariants for
/// sweeps built in code.
/// </summary>
public sealed class SweepDefinition
{
    public const int DefaultMaxAttempts = 3;

    /// <exception cref="ArgumentException">
    /// The name is not a valid folder name, <paramref name="runs"/> is empty or repeats a run key, or a key
    /// does not start with the sweep name.
    /// </exception>
    public SweepDefinition(string name, IReadOnlyList<SweepRun> runs, int maxAttempts, string sourceJson)
    {
        SweepNames.ThrowIfInvalid(name, nameof(name));
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(sourceJson);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (runs.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one run.", nameof(runs));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            if (RunKeys.SweepName(run.RunKey) != name)
            {
                throw new ArgumentException($"Run key \"{run.RunKey}\" does not start with the sweep name \"{name}/\".", nameof(runs));
            }

            if (!keys.Add(run.RunKey))
            {
                throw new ArgumentException($"Run key \"{run.RunKey}\" appears twice; every run of a sweep needs its own key.", nameof(runs));
            }
        }

        Name = name;
        Runs = runs;
        MaxAttempts = maxAttempts;
        SourceJson = sourceJson;
    }

    /// <summary>The sweep name; it names the results folder and prefixes every run key.</summary>
    public string Name { get; }

    /// <summary>Every run, ordered by dataset, mixture, grid point and seed as the file lists them.</summary>
    public IReadOnlyList<SweepRun> Runs { get; }

    /// <summary>How many times a lost or expired run is dispatched before it counts as failed. Default 3.</summary>
    public int MaxAttempts { get; }

    /// <summary>The sweep file's text exactly as read; the result store saves it as sweep.json.</summary>
    public string SourceJson { get; }
}
