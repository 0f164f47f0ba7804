namespace Dagmm.Core.Datasets;

/// <summary>
/// One raw UCI file: its name inside the data folder, its lower-case hexadecimal SHA-256 and
/// the canonical address it is downloaded from.
/// </summary>
public sealed record DatasetFile(string FileName, string Sha256, Uri Address);
