namespace Dagmm.Grid.Client.Commands;

public static class TrainCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> arguments) =>
        throw new UsageException("train: not built yet");
}
