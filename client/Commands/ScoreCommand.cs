namespace Dagmm.Grid.Client.Commands;

public static class ScoreCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> arguments) =>
        throw new UsageException("score: not built yet");
}
