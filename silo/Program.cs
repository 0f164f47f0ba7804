using Dagmm.Grid.Silo;

return await SiloHost.RunAsync(args);
