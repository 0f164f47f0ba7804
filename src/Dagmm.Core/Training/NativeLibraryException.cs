namespace Dagmm.Core.Training;

/// <summary>The libtorch native library could not load; the message names the cause and the fix.</summary>
public sealed class NativeLibraryException(string message, Exception? innerException = null) : Exception(message, innerException);
