namespace Dagmm.Grid.Client.Commands;

/// <summary>grid-client submit: runs a sweep file on the grid.</summary>
public static class SubmitCommand
{
    // NOTE: placeholder until the grid lands; the grid branch replaces this file.
    public static Task<int> RunAsync(IReadOnlyList<string> arguments) =>
        throw new UsageException("submit: the grid is not built yet");
}
