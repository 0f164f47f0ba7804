using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class SweepFileErrorTests
{
    private const string Settings =
        "epochs, batchSize, learningRate, lambdaEnergy, lambdaCovariance, dropout, gradientClip, encoderLayers, estimationHidden, components, threshold, anomalyRatio, scaling, covarianceJitter, threads";

    [Fact]
    public void Parse_unknown_mixture_names_path()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian", "laplace", "cauchy"], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures[2]: unknown mixture \"cauchy\"; expected gaussian, laplace or student-t", error.Message);
        Assert.Equal("$.mixtures[2]", error.JsonPath);
        Assert.Equal("sweep.json", error.FileName);
    }

    [Fact]
    public void Parse_unknown_mixture_family_in_object()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": [{"family": "cauchy"}], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures[0].family: unknown mixture \"cauchy\"; expected gaussian, laplace or student-t", error.Message);
    }

    [Fact]
    public void Parse_unknown_dataset_names_path()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid", "kdd"], "mixtures": ["gaussian"], "seeds": 1}""");

        Assert.Equal("sweep.json: $.datasets[1]: unknown dataset \"kdd\"; expected kddcup99, kddcup99-rev, thyroid or arrhythmia", error.Message);
    }

    [Fact]
    public void Parse_unknown_dataset_in_overrides()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "datasetOverrides": {"thyroide": {"epochs": 1}}}""");

        Assert.Equal("sweep.json: $.datasetOverrides.thyroide: unknown dataset \"thyroide\"; expected kddcup99, kddcup99-rev, thyroid or arrhythmia", error.Message);
    }

    [Fact]
    public void Parse_unknown_top_level_field()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "seed": 4}""");

        Assert.Equal(
            "sweep.json: $.seed: unknown field \"seed\"; expected name, description, datasets, mixtures, seeds, maxAttempts, overrides, datasetOverrides or grid",
            error.Message);
    }

    [Fact]
    public void Parse_top_level_setting_points_to_overrides()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "epochs": 4}""");

        Assert.Equal(
            "sweep.json: $.epochs: unknown field \"epochs\"; settings for every run go inside \"overrides\", for example \"overrides\": {\"epochs\": ...}",
            error.Message);
    }

    [Fact]
    public void Parse_unknown_setting_lists_accepted()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epoch": 4}}""");

        Assert.Equal($"sweep.json: $.overrides.epoch: unknown setting \"epoch\"; expected {Settings}", error.Message);
    }

    [Fact]
    public void Parse_dataset_inside_overrides_points_to_dataset_overrides()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"thyroid": {"epochs": 4}}}""");

        Assert.Equal(
            "sweep.json: $.overrides.thyroid: unknown setting \"thyroid\"; settings for one dataset go inside \"datasetOverrides\", for example \"datasetOverrides\": {\"thyroid\": {\"epochs\": 100}}",
            error.Message);
    }

    [Fact]
    public void Parse_unknown_grid_setting()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "grid": {"seed": [1, 2]}}""");

        Assert.Equal($"sweep.json: $.grid.seed: unknown setting \"seed\"; expected {Settings}", error.Message);
    }

    [Fact]
    public void Parse_empty_datasets_list()
    {
        var error = ParseError("""{"name": "s", "datasets": [], "mixtures": ["gaussian"], "seeds": 1}""");

        Assert.Equal("sweep.json: $.datasets: the list is empty; list at least one of kddcup99, kddcup99-rev, thyroid or arrhythmia", error.Message);
    }

    [Fact]
    public void Parse_empty_mixtures_list()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": [], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures: the list is empty; list at least one of gaussian, laplace or student-t", error.Message);
    }

    [Fact]
    public void Parse_empty_seeds_list()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": []}""");

        Assert.Equal("sweep.json: $.seeds: the list is empty; list at least one seed or write a count such as 3", error.Message);
    }

    [Fact]
    public void Parse_zero_seed_count()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 0}""");

        Assert.Equal(
            "sweep.json: $.seeds: a seed count must be a whole number 1 or more, found 0; write a count such as 3 (seeds 1, 2, 3) or a list such as [1, 2, 3]",
            error.Message);
    }

    [Fact]
    public void Parse_empty_grid_axis()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "grid": {"epochs": []}}""");

        Assert.Equal("sweep.json: $.grid.epochs: the list is empty; give at least one value", error.Message);
    }

    [Fact]
    public void Parse_wrong_type_for_epochs()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": "five"}}""");

        Assert.Equal("sweep.json: $.overrides.epochs: expected a whole number, found \"five\"; write a value such as 200", error.Message);
    }

    [Fact]
    public void Parse_epochs_beyond_int_range()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 99999999999}}""");

        Assert.Equal("sweep.json: $.overrides.epochs: 99999999999 is too large; write a whole number up to 2147483647, such as 200", error.Message);
    }

    [Fact]
    public void Parse_learning_rate_beyond_double_range()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"learningRate": 1e400}}""");

        Assert.Equal("sweep.json: $.overrides.learningRate: 1e400 is out of range; write a finite value such as 0.0001", error.Message);
    }

    [Fact]
    public void Parse_fractional_batch_size()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"batchSize": 2.5}}""");

        Assert.Equal("sweep.json: $.overrides.batchSize: expected a whole number, found 2.5; write a value such as 1024", error.Message);
    }

    [Fact]
    public void Parse_wrong_type_for_datasets()
    {
        var error = ParseError("""{"name": "s", "datasets": "thyroid", "mixtures": ["gaussian"], "seeds": 1}""");

        Assert.Equal("sweep.json: $.datasets: expected a list of dataset ids, found \"thyroid\"; write for example [\"thyroid\"]", error.Message);
    }

    [Fact]
    public void Parse_wrong_type_for_seeds()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": "3"}""");

        Assert.Equal(
            "sweep.json: $.seeds: expected a list of whole numbers or a count, found \"3\"; write a count such as 3 (seeds 1, 2, 3) or a list such as [1, 2, 3]",
            error.Message);
    }

    [Fact]
    public void Parse_unknown_threshold_protocol()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"threshold": "median"}}""");

        Assert.Equal(
            "sweep.json: $.overrides.threshold: unknown threshold protocol \"median\"; expected pooled-ratio, test-ratio, train-quantile or oracle-count",
            error.Message);
    }

    [Fact]
    public void Parse_unknown_scaling()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"scaling": "robust"}}""");

        Assert.Equal("sweep.json: $.overrides.scaling: unknown scaling \"robust\"; expected min-max or z-score", error.Message);
    }

    [Fact]
    public void Parse_encoder_layers_with_text_item()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"encoderLayers": [4, "x"]}}""");

        Assert.Equal(
            "sweep.json: $.overrides.encoderLayers: expected a list of whole numbers, but item 1 is \"x\"; write a value such as [60, 30, 10, 1]",
            error.Message);
    }

    [Fact]
    public void Parse_seed_above_int_range()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": [1, 2147483648]}""");

        Assert.Equal("sweep.json: $.seeds[1]: a seed must be a whole number from 0 to 2147483647, found 2147483648; write for example 1", error.Message);
    }

    [Fact]
    public void Parse_negative_epochs_in_overrides()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2, "overrides": {"epochs": -1}}""");

        Assert.Equal("sweep.json: $.overrides.epochs: -1 is negative; use 0 (untrained) or more", error.Message);
    }

    [Fact]
    public void Parse_negative_epochs_in_grid()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "grid": {"epochs": [0, -5]}}""");

        Assert.Equal("sweep.json: $.grid.epochs[1]: -5 is negative; use 0 (untrained) or more", error.Message);
        Assert.Equal("$.grid.epochs[1]", error.JsonPath);
    }

    [Fact]
    public void Parse_too_many_threads()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"threads": 100000}}""");

        Assert.Equal("sweep.json: $.overrides.threads: 100000 is invalid; use 1 to 256, at most one per core", error.Message);
    }

    [Fact]
    public void Parse_too_many_components()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"components": 100000}}""");

        Assert.Equal("sweep.json: $.overrides.components: 100000 is invalid; use 1 to 1024", error.Message);
    }

    [Theory]
    [InlineData("[12, 0, 1]", "width 0 is invalid")]
    [InlineData("[100000, 100000, 1]", "width 100000 is invalid")]
    public void Parse_invalid_layer_width(string layers, string problem)
    {
        var error = ParseError($$$"""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"encoderLayers": {{{layers}}}}}""");

        Assert.Equal($"sweep.json: $.overrides.encoderLayers: {problem}; use 1 to 4096", error.Message);
    }

    [Fact]
    public void Parse_learning_rate_beyond_single_precision()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"learningRate": 1e39}}""");

        Assert.StartsWith("sweep.json: $.overrides.learningRate: ", error.Message);
        Assert.EndsWith("is invalid; use a number above 0 and at most 1000000, such as 1e-4", error.Message);
    }

    [Fact]
    public void Parse_whole_number_written_as_decimal()
    {
        var definition = SweepFile.Parse(
            """{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2.0, "maxAttempts": 2.0, "overrides": {"epochs": 5.0, "batchSize": 1e2, "encoderLayers": [12.0, 4, 1e0]}}""",
            "sweep.json");

        Assert.Equal(2, definition.Runs.Count);
        Assert.Equal(2, definition.MaxAttempts);
        Assert.Equal(5, definition.Runs[0].Settings.Epochs);
        Assert.Equal(100, definition.Runs[0].Settings.BatchSize);
        Assert.Equal([12, 4, 1], definition.Runs[0].Settings.EncoderLayers);

        var listed = SweepFile.Parse("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": [1e0, 3.0]}""", "sweep.json");
        Assert.Equal([1, 3], listed.Runs.Select(run => run.Settings.Seed));
    }

    [Fact]
    public void Parse_too_wide_estimation_layer()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"estimationHidden": 5000}}""");

        Assert.Equal("sweep.json: $.overrides.estimationHidden: 5000 is invalid; use 1 to 4096", error.Message);
    }

    [Fact]
    public void Parse_invalid_dropout_in_dataset_overrides()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "datasetOverrides": {"thyroid": {"dropout": 1.5}}}""");

        Assert.Equal("sweep.json: $.datasetOverrides.thyroid.dropout: 1.5 is invalid; use a probability in [0, 1)", error.Message);
    }

    [Fact]
    public void Parse_nu_beyond_float_rejected()
    {
        // 1e39 is finite in double but overflows the float32 that training computes in.
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": [{"family": "student-t", "nu": 1e39}], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures[0].nu: 1E+39 is out of range; use 0.01 to 1000000 (a larger nu behaves as the gaussian mixture), or \"learned\"", error.Message);
    }

    [Fact]
    public void Parse_invalid_nu_maps_to_mixture()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": [{"family": "student-t", "nu": -1}], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures[0].nu: -1 is out of range; use 0.01 to 1000000 (a larger nu behaves as the gaussian mixture), or \"learned\"", error.Message);
    }

    [Fact]
    public void Parse_nu_on_gaussian()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": [{"family": "gaussian", "nu": 4}], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures[0].nu: nu applies only to student-t, not to gaussian; remove it or set \"family\": \"student-t\"", error.Message);
    }

    [Fact]
    public void Parse_mixture_object_without_family()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": [{"nu": 4}], "seeds": 1}""");

        Assert.Equal("sweep.json: $.mixtures[0]: missing field \"family\"; add \"family\" with one of gaussian, laplace or student-t", error.Message);
    }

    [Fact]
    public void Parse_duplicate_seeds_name_both_paths()
    {
        var error = ParseError("""{"name": "dup", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": [1, 2, 1]}""");

        var key = RunKeyOf("dup", "thyroid", "gaussian", 1);
        Assert.Equal($"sweep.json: $.seeds[2]: duplicate run \"{key}\", which $.seeds[0] already makes; remove one of them", error.Message);
        Assert.Equal("$.seeds[2]", error.JsonPath);
    }

    [Fact]
    public void Parse_duplicate_mixture_spellings()
    {
        var error = ParseError("""{"name": "dup", "datasets": ["thyroid"], "mixtures": ["student-t", {"family": "student-t", "nu": 4}], "seeds": [1]}""");

        var key = RunKeyOf("dup", "thyroid", "student-t", 1);
        Assert.Equal($"sweep.json: $.mixtures[1]: duplicate run \"{key}\", which $.mixtures[0] already makes; remove one of them", error.Message);
    }

    [Fact]
    public void Parse_duplicate_grid_values()
    {
        var error = ParseError("""{"name": "dup", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2, "grid": {"learningRate": [0.0001, 1e-4]}}""");

        Assert.StartsWith("sweep.json: $.grid.learningRate[1]: duplicate run \"dup/thyroid/gaussian/seed-1/cfg-", error.Message);
        Assert.EndsWith("\", which $.grid.learningRate[0] already makes; remove one of them", error.Message);
        Assert.Single(error.Errors);
    }

    [Fact]
    public void Parse_malformed_json_gives_line_and_column()
    {
        const string Json = "{\n  \"name\": \"s\",\n  \"datasets\": [\"thyroid\"]\n  \"mixtures\": [\"gaussian\"],\n  \"seeds\": 1\n}";

        var error = ParseError(Json);

        Assert.Equal(
            "sweep.json: line 4, column 3: '\"' is invalid after a value. Expected either ',', '}', or ']'; fix the JSON syntax",
            error.Message);
    }

    [Fact]
    public void Parse_unterminated_json_gives_line_and_column()
    {
        var error = ParseError("{\"name\": \"s\",\n\"datasets\": [\"thyroid\"");

        Assert.StartsWith("sweep.json: line 2, column ", error.Message);
        Assert.EndsWith("; fix the JSON syntax", error.Message);
    }

    [Fact]
    public void Parse_missing_name_field()
    {
        var error = ParseError("""{"datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");

        Assert.Equal("sweep.json: $: missing field \"name\"; add a sweep name such as \"name\": \"quick\"", error.Message);
    }

    [Fact]
    public void Parse_name_with_slash()
    {
        var error = ParseError("""{"name": "a/b", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");

        Assert.Equal(
            "sweep.json: $.name: \"a/b\" is not a valid sweep name, which becomes the name of its results folder; use letters, digits, '.', '_' and '-', at most 100 characters, not only dots",
            error.Message);
    }

    [Fact]
    public void Parse_name_of_dots()
    {
        var error = ParseError("""{"name": "..", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");

        Assert.Equal("$.name", error.JsonPath);
    }

    [Fact]
    public void Parse_root_that_is_a_list()
    {
        var error = ParseError("""["thyroid"]""");

        Assert.Equal("sweep.json: $: expected an object with name, datasets, mixtures and seeds, found a list; see docs/sweep-files.md", error.Message);
    }

    [Fact]
    public void Parse_repeated_field()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "seeds": 2}""");

        Assert.Equal("sweep.json: $.seeds: field \"seeds\" appears twice; keep one", error.Message);
    }

    [Fact]
    public void Parse_override_replaced_by_grid()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 3}, "grid": {"epochs": [1, 2]}}""");

        Assert.Equal(
            "sweep.json: $.overrides.epochs: the grid also sets epochs and replaces this value in every run; remove it here or from the grid",
            error.Message);
    }

    [Fact]
    public void Parse_zero_max_attempts()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "maxAttempts": 0}""");

        Assert.Equal("sweep.json: $.maxAttempts: expected a whole number 1 or more, found 0; write a value such as 3", error.Message);
    }

    [Fact]
    public void Parse_too_many_runs()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid", "arrhythmia"], "mixtures": ["gaussian"], "seeds": 50001}""");

        Assert.Equal(
            "sweep.json: $: the sweep expands to 100002 runs, more than the limit of 100000; split it into several sweep files or shorten its lists",
            error.Message);
    }

    [Fact]
    public void Parse_collects_every_structural_error()
    {
        var error = ParseError("""{"name": "s", "datasets": ["kdd"], "mixtures": ["cauchy"], "seeds": 1}""");

        Assert.Equal(
            [
                "sweep.json: $.datasets[0]: unknown dataset \"kdd\"; expected kddcup99, kddcup99-rev, thyroid or arrhythmia",
                "sweep.json: $.mixtures[0]: unknown mixture \"cauchy\"; expected gaussian, laplace or student-t",
            ],
            error.Errors.Select(item => item.Message));
        Assert.Equal(string.Join(Environment.NewLine, error.Errors.Select(item => item.Message)), error.Message);
    }

    [Fact]
    public void Parse_reports_one_line_per_invalid_value()
    {
        var error = ParseError("""{"name": "s", "datasets": ["thyroid", "arrhythmia"], "mixtures": ["gaussian", "laplace"], "seeds": 3, "overrides": {"epochs": -2}}""");

        Assert.Single(error.Errors);
    }

    [Fact]
    public void Parse_uses_given_file_name()
    {
        var exception = Assert.Throws<SweepFileException>(() => SweepFile.Parse("""{"name": "s"}""", "experiments/x.json"));

        Assert.StartsWith("experiments/x.json: $: missing field \"datasets\"", exception.Message);
    }

    [Fact]
    public void Load_missing_file_names_path()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "absent.json");

        var exception = Assert.Throws<SweepFileException>(() => SweepFile.Load(path));

        Assert.Equal($"{path}: file not found; check the path of the sweep file", exception.Message);
        Assert.Equal(path, exception.FileName);
    }

    private static SweepFileException ParseError(string json) =>
        Assert.Throws<SweepFileException>(() => SweepFile.Parse(json, "sweep.json"));

    private static string RunKeyOf(string sweep, string dataset, string mixture, int seed)
    {
        var json = $$"""{"name": "{{sweep}}", "datasets": ["{{dataset}}"], "mixtures": ["{{mixture}}"], "seeds": [{{seed}}]}""";
        return SweepFile.Parse(json, "sweep.json").Runs.Single().RunKey;
    }
}
