namespace Dagmm.Grid.Client.Commands;

public static class DatasetsCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> arguments) =>
        throw new UsageException("datasets: not built yet");
}
