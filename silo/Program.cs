using Dagmm.Core.Training;
using Dagmm.Grid.Silo;

TcmallocPreload.RestartWithTcmalloc();
return await SiloHost.RunAsync(args);
