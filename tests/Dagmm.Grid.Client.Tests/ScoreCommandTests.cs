using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;
using Parquet.Serialization;

namespace Dagmm.Grid.Client.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dagmm-score-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("gaussian", "4")]
    [InlineData("student-t", "learned")]
    public async Task Score_new_process_reproduces_energies(string mixture, string nu)
    {
        var model = Path.Combine(_folder, mixture);
        var output = Path.Combine(_folder, $"{mixture}-scores.parquet");
        string[] nuOption = mixture == "student-t" ? ["--nu", nu] : [];
        var train = await GridClientProcess.RunAsync(
            ["train", "--dataset", "thyroid", "--mixture", mixture, .. nuOption, "--epochs", "20", "--data", SharedData.Directory, "--save", model, "--json"]);
        Assert.Equal(0, train.ExitCode);

        var score = await GridClientProcess.RunAsync("score", "--model", model, "--out", output, "--data", SharedData.Directory);

        Assert.Equal(0, score.ExitCode);
        var trained = (await ReadScoresAsync(Path.Combine(model, "scores.parquet"))).Where(row => row.Split == ScoreRecord.TestSplit).ToList();
        var rescored = await ReadScoresAsync(output);
        Assert.Equal(trained.Select(row => row.SampleIndex), rescored.Select(row => row.SampleIndex));
        Assert.Equal(trained.Select(row => row.Energy), rescored.Select(row => row.Energy));
    }

    [Fact]
    public async Task Score_writes_test_split_rows()
    {
        var model = Path.Combine(_folder, "model");
        var output = Path.Combine(_folder, "scores.parquet");
        await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "laplace", "--epochs", "2", "--data", SharedData.Directory, "--save", model);

        var score = await GridClientProcess.RunAsync("score", "--model", model, "--out", output, "--data", SharedData.Directory, "--offline");

        Assert.Equal(0, score.ExitCode);
        var rows = await ReadScoresAsync(output);
        // Thyroid test split: 1,840 normal rows + 93 anomalies.
        Assert.Equal(1933, rows.Count);
        Assert.Equal(93, rows.Count(row => row.Label == 1));
        Assert.All(rows, row => Assert.Equal(ScoreRecord.TestSplit, row.Split));
    }

    [Fact]
    public async Task Train_save_onto_file_exits_two()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "not a folder");

        var outcome = await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--save", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--save: {file} is a file, so the folder {file} cannot be created; choose a folder path", outcome.StandardError);
        Assert.DoesNotContain("Unhandled exception", outcome.StandardError);
    }

    [Fact]
    public async Task Score_out_below_file_exits_two()
    {
        var model = Path.Combine(_folder, "model-for-bad-out");
        await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--save", model);
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "not a folder");
        var output = Path.Combine(file, "scores.parquet");

        var belowFile = await GridClientProcess.RunAsync("score", "--model", model, "--out", output, "--data", SharedData.Directory);
        var ontoFolder = await GridClientProcess.RunAsync("score", "--model", model, "--out", _folder, "--data", SharedData.Directory);

        Assert.Equal(2, belowFile.ExitCode);
        Assert.Contains($"--out: {file} is a file, so {output} cannot be created; choose another path", belowFile.StandardError);
        Assert.DoesNotContain("Unhandled exception", belowFile.StandardError);
        Assert.Equal(2, ontoFolder.ExitCode);
        Assert.Contains($"--out: {_folder} is a folder; give a file path inside it", ontoFolder.StandardError);
    }

    [Fact]
    public async Task Train_save_onto_saved_run_exits_two()
    {
        var model = Path.Combine(_folder, "saved-once");
        var first = await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--save", model);
        var manifest = File.ReadAllText(Path.Combine(model, "run.json"));

        var second = await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "laplace", "--epochs", "1", "--data", SharedData.Directory, "--save", model);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"--save: {model} already contains a saved run (run.json); choose a new folder, or delete that one to replace it", second.StandardError);
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(model, "run.json")));
    }

    [Fact]
    public async Task Train_failed_run_removes_new_save_folder()
    {
        var model = Path.Combine(_folder, "never-saved");

        var outcome = await GridClientProcess.RunAsync(
            "train", "--dataset", "arrhythmia", "--mixture", "gaussian", "--epochs", "100", "--learning-rate", "1000", "--data", SharedData.Directory, "--save", model, "--json");

        Assert.Equal(1, outcome.ExitCode);
        Assert.False(Directory.Exists(model), $"{model} was left behind");
    }

    [Fact]
    public async Task Score_out_without_parquet_extension_exits_two()
    {
        var output = Path.Combine(_folder, "scores.csv");

        var outcome = await GridClientProcess.RunAsync("score", "--model", Path.Combine(_folder, "none"), "--out", output, "--data", SharedData.Directory);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--out: {output} does not end in .parquet; score writes Parquet, so name the file {Path.Combine(_folder, "scores.parquet")}", outcome.StandardError);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Score_out_inside_model_exits_two()
    {
        var model = Path.Combine(_folder, "model-kept");
        await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--save", model);
        var savedScores = Path.Combine(model, "scores.parquet");
        var before = File.ReadAllBytes(savedScores);

        var outcome = await GridClientProcess.RunAsync("score", "--model", model, "--out", savedScores, "--data", SharedData.Directory);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--out: {savedScores} is inside the model folder {model}, whose files the saved run needs; write the scores outside it", outcome.StandardError);
        Assert.Equal(before, File.ReadAllBytes(savedScores));
    }

    [Fact]
    public async Task Train_failed_run_removes_created_parents()
    {
        var top = Path.Combine(_folder, "parent");
        Directory.CreateDirectory(_folder);

        var outcome = await GridClientProcess.RunAsync(
            "train", "--dataset", "arrhythmia", "--mixture", "gaussian", "--epochs", "100", "--learning-rate", "1000", "--data", SharedData.Directory,
            "--save", Path.Combine(top, "child", "run"), "--json");

        Assert.Equal(1, outcome.ExitCode);
        Assert.False(Directory.Exists(top), $"{top} was left behind");
        Assert.True(Directory.Exists(_folder));
    }

    [Theory]
    [InlineData("\"phi\": [", "\"phi\": [0.5, ", "phi has 3 values for 2 components")]
    [InlineData("\"components\": 2", "\"components\": 3", "components is 3, but the run's settings have 2")]
    public async Task Score_inconsistent_manifest_exits_two(string original, string replacement, string message)
    {
        var model = Path.Combine(_folder, "edited");
        await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--save", model);
        var manifest = Path.Combine(model, "run.json");
        var text = File.ReadAllText(manifest);
        // The last occurrence is the manifest's own field; "components" also appears in the settings.
        var at = text.LastIndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{original} not found in {manifest}");
        File.WriteAllText(manifest, text[..at] + replacement + text[(at + original.Length)..]);

        var outcome = await GridClientProcess.RunAsync("score", "--model", model, "--out", Path.Combine(_folder, "x.parquet"), "--data", SharedData.Directory);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--model: {manifest}: {message}; save the run again with grid-client train --save", outcome.StandardError);
        Assert.DoesNotContain("Unhandled exception", outcome.StandardError);
    }

    [Fact]
    public async Task Score_damaged_weights_exits_two()
    {
        var model = Path.Combine(_folder, "damaged");
        await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--save", model);
        var weights = Path.Combine(model, "weights.bin");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);

        var outcome = await GridClientProcess.RunAsync("score", "--model", model, "--out", Path.Combine(_folder, "x.parquet"), "--data", SharedData.Directory);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("weights.bin: damaged", outcome.StandardError);
        Assert.DoesNotContain("Unhandled exception", outcome.StandardError);
    }

    [Fact]
    public async Task Score_missing_model_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("score", "--model", Path.Combine(_folder, "none"), "--out", Path.Combine(_folder, "x.parquet"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("folder not found", outcome.StandardError);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<IList<ScoreRecord>> ReadScoresAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        var result = await ParquetSerializer.DeserializeAsync<ScoreRecord>(stream);
        return result.Data;
    }
}
