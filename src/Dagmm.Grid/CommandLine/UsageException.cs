namespace Dagmm.Grid.CommandLine;

/// <summary>Invalid command-line or input-file content; grid-client and the silo host print the message and exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
