using Dagmm.Core.Training;
using Dagmm.Grid.Client;
using Dagmm.Grid.Client.Commands;

// Only the commands that train or score restart under tcmalloc; the others would pay a second start-up for nothing.
if (args.Length > 0 && args[0] is "submit" or "train" or "score")
{
    TcmallocPreload.RestartWithTcmalloc();
}

return await GridClient.RunAsync(args);
