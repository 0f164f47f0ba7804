using System.Net;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Silo;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class SiloSettingsTests
{
    private static SiloSettings Parse(string[] arguments, Dictionary<string, string> environment) =>
        SiloSettings.Parse(arguments, name => environment.GetValueOrDefault(name));

    [Fact]
    public void Settings_read_environment_variables()
    {
        var settings = Parse([], new Dictionary<string, string>
        {
            ["DAGMM_CLUSTER"] = "redis://redis:6379",
            ["DAGMM_SLOTS"] = "3",
            ["DAGMM_RESULTS"] = "/srv/results",
            ["DAGMM_DATA"] = SharedData.Directory,
            ["DAGMM_SILO_PORT"] = "11112",
            ["DAGMM_GATEWAY_PORT"] = "30001",
            ["DAGMM_ADVERTISE"] = "10.1.2.3",
        });

        Assert.Equal("redis://redis:6379", settings.Cluster.ToString());
        Assert.Equal(3, settings.Slots);
        Assert.Equal("/srv/results", settings.ResultsDirectory);
        Assert.Equal(SharedData.Directory, settings.DataDirectory);
        Assert.Equal(11112, settings.SiloPort);
        Assert.Equal(30001, settings.GatewayPort);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.AdvertisedAddress);
    }

    [Fact]
    public void Settings_options_override_environment()
    {
        var settings = Parse(["--cluster", "redis://127.0.0.1:7000", "--slots", "1"], new Dictionary<string, string>
        {
            ["DAGMM_CLUSTER"] = "redis://redis:6379",
            ["DAGMM_SLOTS"] = "3",
        });

        Assert.Equal(7000, settings.Cluster.Port);
        Assert.Equal(1, settings.Slots);
    }

    [Fact]
    public void Settings_defaults_listen_on_loopback()
    {
        var settings = Parse(["--cluster", "redis://127.0.0.1:7000"], []);

        Assert.Null(settings.AdvertisedAddress);
        Assert.Equal(SiloSettings.DefaultSiloPort, settings.SiloPort);
        Assert.Equal(SiloSettings.DefaultGatewayPort, settings.GatewayPort);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.LeaseDuration);
    }

    [Fact]
    public void Settings_runs_per_slot_sources()
    {
        var fromOption = Parse(["--cluster", "redis://127.0.0.1:7000", "--runs-per-slot", "8"], new Dictionary<string, string> { ["DAGMM_RUNS_PER_SLOT"] = "2" });
        var fromEnvironment = Parse(["--cluster", "redis://127.0.0.1:7000"], new Dictionary<string, string> { ["DAGMM_RUNS_PER_SLOT"] = "2" });
        var byDefault = Parse(["--cluster", "redis://127.0.0.1:7000"], []);
        var error = Assert.Throws<UsageException>(() => Parse(["--cluster", "redis://h:1", "--runs-per-slot", "65"], []));

        Assert.Equal(8, fromOption.RunsPerSlot);
        Assert.Equal(2, fromEnvironment.RunsPerSlot);
        Assert.Equal(5, byDefault.RunsPerSlot);
        Assert.StartsWith("--runs-per-slot: \"65\" is invalid; expected an integer", error.Message);
    }

    [Fact]
    public void Settings_too_many_slots_rejected()
    {
        var error = Assert.Throws<UsageException>(() => Parse(["--cluster", "redis://h:1", "--slots", "257"], []));

        Assert.StartsWith("--slots: \"257\" is invalid; expected an integer from 1 to 256", error.Message);
    }

    [Fact]
    public void Settings_without_cluster_rejected()
    {
        var error = Assert.Throws<UsageException>(() => Parse(["--slots", "2"], []));

        Assert.StartsWith("--cluster: missing", error.Message);
    }

    [Fact]
    public void Settings_invalid_variable_named()
    {
        var error = Assert.Throws<UsageException>(() => Parse(["--cluster", "redis://h:1"], new Dictionary<string, string> { ["DAGMM_SLOTS"] = "zero" }));

        Assert.Equal("DAGMM_SLOTS: \"zero\" is invalid; expected an integer from 1 to 256", error.Message);
    }

    [Fact]
    public void Settings_equal_ports_rejected()
    {
        var error = Assert.Throws<UsageException>(() => Parse(["--cluster", "redis://h:1", "--silo-port", "5000", "--gateway-port", "5000"], []));

        Assert.StartsWith("--gateway-port: 5000 equals the silo port", error.Message);
    }

    [Fact]
    public void Settings_unknown_option_rejected()
    {
        var error = Assert.Throws<UsageException>(() => Parse(["--cluster", "redis://h:1", "--port", "5000"], []));

        Assert.StartsWith("--port: unknown option for 'silo'", error.Message);
    }
}
