namespace Dagmm.Grid.Client;

/// <summary>Invalid command-line or input-file content; grid-client prints the message and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);
