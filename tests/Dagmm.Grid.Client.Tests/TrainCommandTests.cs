using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public class TrainCommandTests
{
    [Fact]
    public async Task Train_sigterm_cancels_and_removes_save_folders()
    {
        var root = Directory.CreateTempSubdirectory("dagmm-train-sigterm-").FullName;
        try
        {
            var save = Path.Combine(root, "models", "long");
            using var process = GridClientProcess.Start(new Dictionary<string, string>(),
                "train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1000000", "--data", SharedData.Directory, "--offline", "--save", save, "--json");
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();
            Assert.NotNull(await GridClientProcess.WaitForLibtorchAsync(process));
            Assert.True(Directory.Exists(save));

            Assert.Equal(0, GridClientProcess.SendSignal(process.Id, GridClientProcess.Sigterm));
            using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exitTimeout.Token);

            Assert.True(process.ExitCode == 143, $"exit code {process.ExitCode}: {await standardError}");
            using var document = JsonDocument.Parse(await standardOutput);
            Assert.Equal("cancelled", document.RootElement.GetProperty("status").GetString());
            Assert.False(Directory.Exists(Path.Combine(root, "models")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Train_json_prints_documented_keys()
    {
        var outcome = await GridClientProcess.RunAsync(
            "train", "--dataset", "thyroid", "--mixture", "student-t", "--nu", "4", "--seed", "1", "--epochs", "3", "--data", SharedData.Directory, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var keys = document.RootElement.EnumerateObject().Select(property => property.Name).ToHashSet();
        string[] expected = ["dataset", "mixture", "nu", "seed", "epochs", "precision", "recall", "f1", "accuracy", "auroc", "auprc", "threshold", "train_seconds", "status", "error"];
        Assert.Empty(expected.Except(keys));
    }

    [Fact]
    public async Task Train_json_reports_run_settings()
    {
        var outcome = await GridClientProcess.RunAsync(
            "train", "--dataset", "thyroid", "--mixture", "student-t", "--nu", "learned", "--seed", "3", "--epochs", "2", "--data", SharedData.Directory, "--json");

        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var root = document.RootElement;
        Assert.Equal("thyroid", root.GetProperty("dataset").GetString());
        Assert.Equal("student-t", root.GetProperty("mixture").GetString());
        Assert.Equal("learned", root.GetProperty("nu").GetString());
        Assert.Equal(3, root.GetProperty("seed").GetInt32());
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("learned_nu").GetArrayLength());
        Assert.True(double.IsFinite(root.GetProperty("final_loss").GetDouble()));
    }

    [Fact]
    public async Task Train_diverging_run_exits_one()
    {
        var outcome = await GridClientProcess.RunAsync(
            "train", "--dataset", "arrhythmia", "--mixture", "gaussian", "--epochs", "100", "--learning-rate", "1000", "--data", SharedData.Directory, "--json");

        Assert.Equal(1, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        Assert.Equal("failed", document.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("f1").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("final_loss").ValueKind);
    }

    [Theory]
    [InlineData("--dataset", "mnist", "--dataset: unknown dataset \"mnist\"; expected kddcup99, kddcup99-rev, thyroid or arrhythmia")]
    [InlineData("--mixture", "cauchy", "--mixture: unknown mixture \"cauchy\"; expected gaussian, laplace or student-t")]
    [InlineData("--threshold", "median", "--threshold: unknown protocol \"median\"; expected pooled-ratio, test-ratio, train-quantile or oracle-count")]
    [InlineData("--epochs", "-3", "--epochs: \"-3\" is invalid; expected an integer >= 0")]
    [InlineData("--seed", "2147483648", "--seed: \"2147483648\" is invalid; expected an integer from 0 to 2147483647")]
    [InlineData("--batch-size", "1", "--batch-size: \"1\" is invalid; expected an integer >= 2")]
    [InlineData("--save", "", "--save: the value is empty; write --save VALUE")]
    [InlineData("--nu", "zero", "--nu: \"zero\" is invalid; expected a number from 0.01 to 1000000 such as 4 (a larger nu behaves as the gaussian mixture), or learned")]
    [InlineData("--nu", "1e39", "--nu: \"1e39\" is invalid; expected a number from 0.01 to 1000000 such as 4 (a larger nu behaves as the gaussian mixture), or learned")]
    [InlineData("--nu", "1e-300", "--nu: \"1e-300\" is invalid; expected a number from 0.01 to 1000000")]
    [InlineData("--learning-rate", "-1", "--learning-rate: \"-1\" is invalid; expected a number above 0 and at most 1000000, such as 0.0001")]
    [InlineData("--learning-rate", "1e39", "--learning-rate: \"1e39\" is invalid; expected a number above 0 and at most 1000000, such as 0.0001")]
    [InlineData("--threads", "100000", "--threads: \"100000\" is invalid; expected an integer from 1 to 256")]
    public async Task Train_invalid_option_exits_two(string option, string value, string message)
    {
        var arguments = new Dictionary<string, string>
        {
            ["--dataset"] = "thyroid",
            ["--mixture"] = "student-t",
        };
        arguments[option] = value;

        var outcome = await GridClientProcess.RunAsync(["train", .. arguments.SelectMany(pair => new[] { pair.Key, pair.Value }), "--data", SharedData.Directory]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.StandardError);
    }

    [Fact]
    public async Task Train_unknown_option_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--epoch", "3");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--epoch: unknown option for 'train'", outcome.StandardError);
    }

    [Fact]
    public async Task Train_missing_data_folder_exits_two()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"dagmm-missing-{Guid.NewGuid():N}");

        var outcome = await GridClientProcess.RunAsync("train", "--dataset", "thyroid", "--mixture", "gaussian", "--data", missing, "--offline");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"Dataset file ann-train.data for thyroid not found in {missing}. Folder {missing} does not exist", outcome.StandardError);
    }

    [Fact]
    public async Task UnknownCommand_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("fly");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("unknown command \"fly\"", outcome.StandardError);
    }
}
