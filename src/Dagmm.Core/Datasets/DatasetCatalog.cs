namespace Dagmm.Core.Datasets;

/// <summary>The raw file behind every dataset, with the checksum that <see cref="DatasetLoader.Load"/> enforces.</summary>
public static class DatasetCatalog
{
    private static readonly DatasetFile KddCup = new(
        "kddcup.data_10_percent.gz",
        "8045aca0d84e70e622d1148d7df782496f6333bf6eb979a1b0837c42a9fd9561",
        new Uri("http://kdd.ics.uci.edu/databases/kddcup99/kddcup.data_10_percent.gz"));

    private static readonly DatasetFile Thyroid = new(
        "ann-train.data",
        "3da53a156bda36cb0c97e9f4b6b111c9226c54c4aa00230de5604b787c47e3a6",
        new Uri("https://archive.ics.uci.edu/ml/machine-learning-databases/thyroid-disease/ann-train.data"));

    private static readonly DatasetFile Arrhythmia = new(
        "arrhythmia.data",
        "a7f0f4ca289a4c58b5ed85a9adb793189acd38425828ce3dfbb70adb45f30169",
        new Uri("https://archive.ics.uci.edu/ml/machine-learning-databases/arrhythmia/arrhythmia.data"));

    /// <summary>Returns the file of a dataset. kddcup99 and kddcup99-rev read the same file.</summary>
    public static DatasetFile FileOf(DatasetId id) => id switch
    {
        DatasetId.Kddcup99 or DatasetId.Kddcup99Rev => KddCup,
        DatasetId.Thyroid => Thyroid,
        DatasetId.Arrhythmia => Arrhythmia,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, $"Unknown dataset; expected {DatasetIds.AcceptedNames}."),
    };
}
