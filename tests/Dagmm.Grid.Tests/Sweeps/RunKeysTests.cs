using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class RunKeysTests
{
    [Fact]
    public void Create_has_readable_parts()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.StudentT(), seed: 3);

        var key = RunKeys.Create("paper", settings);

        Assert.Matches("^paper/thyroid/student-t-nu4/seed-3/cfg-[0-9a-f]{6}$", key);
    }

    [Fact]
    public void Create_hash_is_sha256_prefix_without_seed()
    {
        var settings = RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Laplace, seed: 9);
        var withoutSeed = RunSettingsJson.Serialize(settings).Replace("\"seed\":9,", "");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(withoutSeed)))[..6];

        var key = RunKeys.Create("s", settings);

        Assert.EndsWith("/cfg-" + expected, key);
    }

    [Fact]
    public void Create_seeds_share_configuration()
    {
        var first = RunSettings.ForPreset(DatasetId.Kddcup99, MixtureSpec.Gaussian, seed: 1);
        var second = first with { Seed = 2 };

        Assert.Equal(RunKeys.ConfigurationHash(first), RunKeys.ConfigurationHash(second));
    }

    [Fact]
    public void Create_setting_change_changes_configuration()
    {
        var first = RunSettings.ForPreset(DatasetId.Kddcup99, MixtureSpec.Gaussian, seed: 1);
        var second = first with { Epochs = 199 };

        Assert.NotEqual(RunKeys.ConfigurationHash(first), RunKeys.ConfigurationHash(second));
    }

    [Fact]
    public void ConfigurationHash_survives_round_trip()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);

        var hash = RunKeys.ConfigurationHash(settings);

        Assert.Equal(hash, RunKeys.ConfigurationHash(RunSettingsJson.Deserialize(RunSettingsJson.Serialize(settings))));
    }

    [Fact]
    public void Create_rejects_sweep_name_with_slash()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);

        Assert.Throws<ArgumentException>(() => RunKeys.Create("a/b", settings));
    }

    [Fact]
    public void FileName_drops_sweep_and_slashes()
    {
        Assert.Equal("thyroid.student-t-learned.seed-3.cfg-1a2b3c", RunKeys.FileName("paper/thyroid/student-t-learned/seed-3/cfg-1a2b3c"));
    }

    [Fact]
    public void FileName_uses_only_portable_characters()
    {
        var settings = RunSettings.ForPreset(DatasetId.Kddcup99Rev, MixtureSpec.StudentT(2.75), seed: 12);

        var name = RunKeys.FileName(RunKeys.Create("sweep.v2", settings));

        Assert.Matches("^[a-z0-9.-]+$", name);
    }

    [Fact]
    public void FileName_rejects_key_without_sweep()
    {
        Assert.Throws<ArgumentException>(() => RunKeys.FileName("thyroid"));
    }

    [Fact]
    public void FileName_rejects_unsafe_characters()
    {
        Assert.Throws<ArgumentException>(() => RunKeys.FileName("s/thyroid/a:b/seed-1/cfg-000000"));
    }
}
