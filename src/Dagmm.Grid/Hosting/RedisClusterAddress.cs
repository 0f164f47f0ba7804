using System.Globalization;
using Dagmm.Grid.CommandLine;
using StackExchange.Redis;

namespace Dagmm.Grid.Hosting;

/// <summary>
/// The Redis server that stores a cluster's membership table, parsed from
/// <c>redis://[[USER]:PASSWORD@]HOST[:PORT][/DATABASE]</c> (port 6379 and database 0 by default).
/// <see cref="ToString"/> masks the password, so the address can be logged and shown in errors.
/// </summary>
public sealed class RedisClusterAddress
{
    /// <summary>The command-line option that names the cluster, in grid-client and in the silo host.</summary>
    public const string OptionName = "--cluster";

    /// <summary>The environment variable read when <see cref="OptionName"/> is not given.</summary>
    public const string EnvironmentVariable = "DAGMM_CLUSTER";

    public const int DefaultPort = 6379;

    private const string Scheme = "redis://";

    private const string Example = "redis://HOST:PORT, such as redis://127.0.0.1:6379 or redis://:PASSWORD@redis:6379";

    private readonly string? _password;

    private RedisClusterAddress(string host, int port, string? user, string? password, int database)
    {
        Host = host;
        Port = port;
        User = user;
        _password = password;
        Database = database;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The Redis ACL user name; null for the default user.</summary>
    public string? User { get; }

    public bool HasPassword => _password is not null;

    /// <summary>The Redis database index of the membership table; 0 unless the address names one.</summary>
    public int Database { get; }

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="source"/> (the option or variable it came
    /// from) starts the message of the <see cref="UsageException"/> thrown for an invalid address; the
    /// message never contains the password.
    /// </summary>
    public static RedisClusterAddress Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var scheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed[..trimmed.IndexOf("://", StringComparison.Ordinal)] : null;
            var problem = scheme is null ? "has no redis:// scheme" : $"has the scheme \"{scheme}\", which is not supported";
            throw new UsageException($"{source}: the cluster address {problem}; write {Example}");
        }

        var rest = trimmed[Scheme.Length..];
        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = rest[..at];
            rest = rest[(at + 1)..];
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new UsageException($"{source}: the credentials before '@' need a colon; write redis://:PASSWORD@HOST:PORT or redis://USER:PASSWORD@HOST:PORT");
            }

            user = colon == 0 ? null : Uri.UnescapeDataString(credentials[..colon]);
            password = Uri.UnescapeDataString(credentials[(colon + 1)..]);
            if (password.Length == 0)
            {
                throw new UsageException($"{source}: the password after ':' is empty; write redis://:PASSWORD@HOST:PORT, or leave out the credentials");
            }
        }

        var database = 0;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var databaseText = rest[(slash + 1)..];
            rest = rest[..slash];
            if (databaseText.Length > 0
                && (!int.TryParse(databaseText, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 15))
            {
                throw new UsageException($"{source}: database \"{databaseText}\" after the address is invalid; write a database index from 0 to 15, or leave it out");
            }
        }

        var (host, port) = ParseHostAndPort(rest, source);
        return new RedisClusterAddress(host, port, user, password, database);
    }

    /// <summary>
    /// Returns the address given by the <see cref="OptionName"/> option, else by the
    /// <see cref="EnvironmentVariable"/> variable, or null when neither is set.
    /// </summary>
    public static RedisClusterAddress? FromArguments(CommandArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var (text, source) = arguments.Lookup(OptionName, EnvironmentVariable);
        return text is null ? null : Parse(text, source);
    }

    /// <summary>Returns the StackExchange.Redis settings of this address, password included.</summary>
    public ConfigurationOptions CreateConfigurationOptions(TimeSpan connectTimeout)
    {
        var options = new ConfigurationOptions
        {
            User = User,
            Password = _password,
            DefaultDatabase = Database,
            ConnectTimeout = (int)connectTimeout.TotalMilliseconds,
            AbortOnConnectFail = true,
        };
        options.EndPoints.Add(Host, Port);
        return options;
    }

    /// <summary>
    /// Connects to the server and sends PING, so a wrong address, a server that is down or a
    /// rejected password shows at start-up instead of as Orleans retries. Throws
    /// <see cref="ClusterUnreachableException"/>, whose message names this address with the password
    /// masked, when no reply arrives within <paramref name="timeout"/>.
    /// </summary>
    public async Task CheckReachableAsync(TimeSpan timeout)
    {
        var options = CreateConfigurationOptions(timeout);
        options.ConnectRetry = 1;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(timeout * 2);
            await connection.GetDatabase(Database).PingAsync().WaitAsync(timeout);
        }
        catch (Exception error) when (error is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new ClusterUnreachableException(
                $"Redis at {this} is not reachable: {DescribeFailure(error, timeout)}. "
                + $"Start Redis there, or pass {OptionName} (or set {EnvironmentVariable}) with the address of the cluster's Redis server.",
                error);
        }
    }

    private string DescribeFailure(Exception error, TimeSpan timeout)
    {
        var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return error switch
        {
            RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } =>
                "it rejected the user name or password; check the credentials in the address",
            RedisConnectionException { FailureType: ConnectionFailureType.UnableToResolvePhysicalConnection or ConnectionFailureType.UnableToConnect } =>
                $"no connection within {seconds} s (wrong host or port, or the server is down)",
            TimeoutException => $"no reply within {seconds} s",
            _ => Scrub(error.Message),
        };
    }

    /// <summary>Returns the address with the password replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var credentials = (User, HasPassword) switch
        {
            (null, false) => "",
            (_, true) => $"{User}:***@",
            (_, false) => $"{User}@",
        };
        var database = Database == 0 ? "" : $"/{Database.ToString(CultureInfo.InvariantCulture)}";
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return $"{Scheme}{credentials}{host}:{Port.ToString(CultureInfo.InvariantCulture)}{database}";
    }

    /// <summary>Removes the password from a message that a library built from the settings.</summary>
    public string Scrub(string message) =>
        _password is null ? message : message.Replace(_password, "***", StringComparison.Ordinal);

    private static (string Host, int Port) ParseHostAndPort(string text, string source)
    {
        string host;
        string? portText = null;
        if (text.StartsWith('['))
        {
            // An IPv6 literal is written in brackets so that its colons do not read as the port separator.
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new UsageException($"{source}: the IPv6 address lacks its closing ']'; write redis://[::1]:6379");
            }

            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                {
                    throw new UsageException($"{source}: unexpected \"{after}\" after the IPv6 address; write redis://[::1]:6379");
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new UsageException($"{source}: the host is missing; write {Example}");
        }

        if (portText is null)
        {
            return (host, DefaultPort);
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new UsageException($"{source}: port \"{portText}\" is invalid; write a port from 1 to 65535, such as {DefaultPort}");
        }

        return (host, port);
    }
}
