using System.Security.Cryptography;
using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetFileErrorTests
{
    [Fact]
    public void Load_missing_file_names_path_folder_address()
    {
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<DatasetFileException>(() => DatasetLoader.Load(DatasetId.Thyroid, folder.Path));

        var path = Path.Combine(folder.Path, "ann-train.data");
        Assert.Equal(path, error.FilePath);
        Assert.Contains($"Dataset file {path} for thyroid not found.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Folder {folder.Path} does not contain it.", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetCatalog.FileOf(DatasetId.Thyroid).Address.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("DAGMM_DATA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_missing_folder_says_so()
    {
        using var parent = new TemporaryFolder();
        var absent = Path.Combine(parent.Path, "absent");

        var error = Assert.Throws<DatasetFileException>(() => DatasetLoader.Load(DatasetId.Arrhythmia, absent));

        Assert.Contains($"Folder {absent} does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_file_as_folder_says_so()
    {
        using var parent = new TemporaryFolder();
        var file = Path.Combine(parent.Path, "not-a-folder");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<DatasetFileException>(() => DatasetLoader.Load(DatasetId.Arrhythmia, file));

        Assert.Contains($"{file} is a file, not a folder.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_changed_file_fails_checksum()
    {
        using var folder = new TemporaryFolder();
        var content = File.ReadAllBytes(Path.Combine(SharedData.Directory, "ann-train.data"));
        content[0] = (byte)'1';
        var path = Path.Combine(folder.Path, "ann-train.data");
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<DatasetFileException>(() => DatasetLoader.Load(DatasetId.Thyroid, folder.Path));

        var expected = DatasetCatalog.FileOf(DatasetId.Thyroid).Sha256;
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(path, error.FilePath);
        Assert.Contains($"Dataset file {path} failed its SHA-256 check", error.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {expected}, actual {actual}", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetCatalog.FileOf(DatasetId.Thyroid).Address.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_copied_original_succeeds()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(SharedData.Directory, "arrhythmia.data"), Path.Combine(folder.Path, "arrhythmia.data"));

        var data = DatasetLoader.Load(DatasetId.Arrhythmia, folder.Path);

        Assert.Equal(452, data.Rows);
    }
}
