using Dagmm.Core.Training;
using Dagmm.Grid.Client;
using Dagmm.Grid.Client.Commands;
using Dagmm.Grid.Hosting;

// Only the commands that train or score in this process restart under tcmalloc. The others, and
// a submit to a cluster, would pay a second start-up for nothing.
var submitsToCluster = args.Contains(RedisClusterAddress.OptionName) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RedisClusterAddress.EnvironmentVariable));
if (args.Length > 0 && (args[0] is "train" or "score" || (args[0] is "submit" && !submitsToCluster)))
{
    TcmallocPreload.RestartWithTcmalloc();
}

return await GridClient.RunAsync(args);
