using Dagmm.Grid.Client;
using Dagmm.Grid.Client.Commands;

return await GridClient.RunAsync(args);
