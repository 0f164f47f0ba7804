using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Tests.Grains;

public sealed class GridOptionsValidatorTests
{
    private static GridOptions ValidOptions() => new() { DataDirectory = SharedData.Directory, ResultsDirectory = "results" };

    [Fact]
    public void Defaults_with_data_folder_valid()
    {
        Assert.Empty(GridOptionsValidator.Validate(ValidOptions()));
    }

    [Fact]
    public void Zero_slots_names_option()
    {
        var options = ValidOptions();
        options.Slots = 0;

        var problem = Assert.Single(GridOptionsValidator.Validate(options));

        Assert.StartsWith("GridOptions.Slots: 0 is invalid", problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void RunsPerSlot_out_of_range_named(int runsPerSlot)
    {
        var options = ValidOptions();
        options.RunsPerSlot = runsPerSlot;

        var problem = Assert.Single(GridOptionsValidator.Validate(options));

        Assert.Equal($"GridOptions.RunsPerSlot: {runsPerSlot} is invalid; use 1 to 64 (default 5)", problem);
    }

    [Fact]
    public void Missing_data_folder_names_option()
    {
        var options = ValidOptions();
        options.DataDirectory = "/no/such/folder";

        var problem = Assert.Single(GridOptionsValidator.Validate(options));

        Assert.Equal(
            "GridOptions.DataDirectory: folder \"/no/such/folder\" not found; create it or point to the folder that holds the raw dataset files",
            problem);
    }

    [Fact]
    public void Renew_interval_over_half_lease_rejected()
    {
        var options = ValidOptions();
        options.LeaseDuration = TimeSpan.FromSeconds(20);
        options.RenewInterval = TimeSpan.FromSeconds(15);

        var problem = Assert.Single(GridOptionsValidator.Validate(options));

        Assert.StartsWith("GridOptions.RenewInterval: 00:00:15 is invalid", problem);
    }
}
