using System.Net;
using System.Net.Sockets;
using Dagmm.Core.Datasets;
using Dagmm.Grid.CommandLine;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Silo;

/// <summary>
/// The silo host's settings, each from its command-line option or else its environment variable
/// (the option wins). Only the cluster address is required.
/// </summary>
internal sealed record SiloSettings
{
    /// <summary>The Orleans default silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The Orleans default client gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    public const int DefaultLeaseSeconds = 60;

    private static readonly string[] s_valueOptions =
        [RedisClusterAddress.OptionName, "--slots", "--runs-per-slot", "--results", "--data", "--silo-port", "--gateway-port", "--advertise", "--lease-duration"];

    public required RedisClusterAddress Cluster { get; init; }

    /// <summary>Runs trained at once; one per processor by default.</summary>
    public required int Slots { get; init; }

    /// <summary>Most runs of one configuration (differing only in seed) that a slot trains as one batched model.</summary>
    public required int RunsPerSlot { get; init; }

    /// <summary>The absolute results folder, shared by every silo of the cluster.</summary>
    public required string ResultsDirectory { get; init; }

    /// <summary>The absolute folder of the raw dataset files.</summary>
    public required string DataDirectory { get; init; }

    public required int SiloPort { get; init; }

    public required int GatewayPort { get; init; }

    /// <summary>The address other silos and clients reach this silo at; null to listen on loopback only.</summary>
    public required IPAddress? AdvertisedAddress { get; init; }

    /// <summary>How long a leased run stays with a silo that stops renewing it; silos renew every quarter of it.</summary>
    public required TimeSpan LeaseDuration { get; init; }

    /// <summary>
    /// Reads the settings from <paramref name="arguments"/> and <paramref name="environment"/>.
    /// Throws <see cref="UsageException"/> naming the option or variable of an invalid value.
    /// </summary>
    public static SiloSettings Parse(IReadOnlyList<string> arguments, Func<string, string?> environment)
    {
        var parsed = CommandArguments.Parse("silo", arguments, s_valueOptions, [], environment);
        parsed.RejectPositionals();
        var cluster = RedisClusterAddress.FromArguments(parsed)
            ?? throw new UsageException($"{RedisClusterAddress.OptionName}: missing; pass {RedisClusterAddress.OptionName} redis://HOST:PORT or set {RedisClusterAddress.EnvironmentVariable}");
        var leaseSeconds = parsed.Integer("--lease-duration", "DAGMM_LEASE_DURATION", DefaultLeaseSeconds, minimum: 4, maximum: 86_400);
        var data = parsed.Value("--data", DataFolder.EnvironmentVariable);
        var siloPort = parsed.Integer("--silo-port", "DAGMM_SILO_PORT", DefaultSiloPort, minimum: 1, maximum: 65535);
        var gatewayPort = parsed.Integer("--gateway-port", "DAGMM_GATEWAY_PORT", DefaultGatewayPort, minimum: 1, maximum: 65535);
        if (siloPort == gatewayPort)
        {
            throw new UsageException($"--gateway-port: {gatewayPort} equals the silo port; give the silo and the gateway different ports, such as {DefaultSiloPort} and {DefaultGatewayPort}");
        }

        return new SiloSettings
        {
            Cluster = cluster,
            Slots = parsed.Integer("--slots", "DAGMM_SLOTS", Environment.ProcessorCount, minimum: 1, maximum: GridOptions.MaximumSlots),
            RunsPerSlot = parsed.Integer("--runs-per-slot", "DAGMM_RUNS_PER_SLOT", GridOptions.DefaultRunsPerSlot, minimum: 1, maximum: GridOptions.MaximumRunsPerSlot),
            ResultsDirectory = Path.GetFullPath(parsed.Value("--results", "DAGMM_RESULTS") ?? "results"),
            DataDirectory = DataFolder.Resolve(data),
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            AdvertisedAddress = ResolveAdvertisedAddress(parsed.Lookup("--advertise", "DAGMM_ADVERTISE")),
            LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
        };
    }

    /// <summary>
    /// Returns the address to advertise: an IP address as written, or the first IPv4 address of a
    /// host name (in a container, its own host name resolves to the container's address).
    /// </summary>
    private static IPAddress? ResolveAdvertisedAddress((string? Text, string Source) advertise)
    {
        var (text, source) = advertise;
        if (text is null)
        {
            return null;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(text);
        }
        catch (SocketException error)
        {
            throw new UsageException($"{source}: host name \"{text}\" could not be resolved ({error.Message}); pass the IP address that other machines reach this silo at");
        }

        return addresses.FirstOrDefault(candidate => candidate.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new UsageException($"{source}: host name \"{text}\" has no IPv4 address; pass the IP address that other machines reach this silo at");
    }
}
