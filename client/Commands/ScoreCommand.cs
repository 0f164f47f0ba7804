using Dagmm.Core.Datasets;
using Dagmm.Core.Training;
using Dagmm.Grid.CommandLine;
using Dagmm.Grid.Results;
using TorchSharp;

namespace Dagmm.Grid.Client.Commands;

/// <summary>grid-client score: the energies of a saved run's test split, written as Parquet.</summary>
public static class ScoreCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("score", arguments, ["--model", "--out", "--data"], ["--offline"]);
        parsed.RejectPositionals();
        var modelDirectory = parsed.Required("--model");
        var outputPath = parsed.Required("--out");
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));
        OutputLocations.CheckFile("--out", outputPath);
        if (IsInside(outputPath, modelDirectory))
        {
            throw new UsageException($"--out: {outputPath} is inside the model folder {modelDirectory}, whose files the saved run needs; write the scores outside it");
        }

        if (!string.Equals(Path.GetExtension(outputPath), ".parquet", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--out: {outputPath} does not end in .parquet; score writes Parquet, so name the file {Path.ChangeExtension(outputPath, ".parquet")}");
        }

        SavedRun saved;
        try
        {
            saved = SavedRun.Load(modelDirectory);
        }
        catch (InvalidDataException error)
        {
            throw new UsageException($"--model: {error.Message}");
        }

        using (saved)
        {
            await DatasetFetching.EnsureAvailableAsync(saved.Settings.Dataset, dataDirectory, parsed.Flag("--offline"));
            PreparedData data;
            try
            {
                var settings = saved.Settings;
                data = PreparedData.Create(DagmmRunner.LoadDataset(settings, dataDirectory), settings.Seed, settings.Scaling);
            }
            catch (Exception error) when (error is DatasetFileException or DatasetFormatException)
            {
                throw new UsageException(error.Message);
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                throw new UsageException($"--model: the saved run's settings name data that cannot be loaded ({error.Message}); save the run again with grid-client train --save");
            }

            if (!data.Scaler.Offset.AsSpan().SequenceEqual(saved.Scaler.Offset) || !data.Scaler.Scale.AsSpan().SequenceEqual(saved.Scaler.Scale))
            {
                throw new UsageException(
                    $"--data: the {saved.Settings.DatasetName} file in {dataDirectory} scales differently from the one the model in {modelDirectory} was trained on; score with the same data file");
            }

            TorchRuntime.EnsureLoaded();

            // Score with the thread count that train scored with, so sums split across threads round
            // alike. With the default count, a learned-nu run's energies once differed in the fifth digit.
            torch.set_num_threads(saved.Settings.Threads);
            using var test = data.TestTensor();
            var energies = DagmmScorer.Energies(saved.Network, test, saved.Mixture);
            var rows = new ScoreRecord[data.TestRows];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = new ScoreRecord
                {
                    SampleIndex = data.TestSampleIndex[i],
                    Label = data.TestIsAnomaly[i] ? 1 : 0,
                    Energy = energies[i],
                    Split = ScoreRecord.TestSplit,
                };
            }

            try
            {
                await ResultStore.WriteScoresFileAsync(outputPath, rows);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--out: writing {outputPath} failed ({OutputLocations.Describe(error)}); choose a writable path");
            }

            await Console.Out.WriteLineAsync($"wrote {rows.Length} test-split energies to {Path.GetFullPath(outputPath)}");
        }

        return GridClient.ExitSuccess;
    }

    private static bool IsInside(string path, string folder)
    {
        var folderPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(folderPath, StringComparison.Ordinal);
    }
}
