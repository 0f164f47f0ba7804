namespace Dagmm.Grid.Hosting;

/// <summary>The cluster's Redis server or its silos did not reply; the message names the address with the password masked.</summary>
public sealed class ClusterUnreachableException(string message, Exception? innerException = null) : Exception(message, innerException);
