namespace Dagmm.Core.Datasets;

/// <summary>
/// Where <see cref="DatasetDownloader"/> takes a dataset file from: the canonical UCI address in
/// <see cref="DatasetCatalog"/>, a mirror (base URL + file name), or a local folder that contains
/// the files under their catalog names.
/// </summary>
public sealed class DatasetSource
{
    /// <summary>Environment variable that names a mirror URL or folder when no option is given.</summary>
    public const string EnvironmentVariable = "DAGMM_DATA_MIRROR";

    private DatasetSource(Uri? mirror, string? folder)
    {
        MirrorAddress = mirror;
        FolderPath = folder;
    }

    /// <summary>The canonical address of each file, as listed in <see cref="DatasetCatalog"/>.</summary>
    public static DatasetSource Canonical { get; } = new(null, null);

    /// <summary>Base URL of a mirror, ending in '/'. Null unless this source is a mirror.</summary>
    public Uri? MirrorAddress { get; }

    /// <summary>Absolute path of a local folder. Null unless this source is a folder.</summary>
    public string? FolderPath { get; }

    public bool IsCanonical => MirrorAddress is null && FolderPath is null;

    /// <summary>A mirror that serves each file at <paramref name="baseAddress"/> + file name.</summary>
    /// <exception cref="ArgumentException">The address is not absolute http or https.</exception>
    public static DatasetSource Mirror(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"mirror \"{baseAddress}\" is invalid; expected an http:// or https:// URL");
        }

        // Without the trailing slash, new Uri(base, name) would replace the last path segment.
        var text = baseAddress.AbsoluteUri;
        return new DatasetSource(new Uri(text.EndsWith('/') ? text : text + "/"), null);
    }

    /// <summary>A local folder that contains the files under their catalog names. The folder is not checked.</summary>
    public static DatasetSource Folder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new DatasetSource(null, Path.GetFullPath(path));
    }

    /// <summary>
    /// Reads a source as written on the command line: an http:// or https:// URL is a mirror,
    /// a file:// URL or anything else is a local folder, which must exist.
    /// </summary>
    /// <exception cref="ArgumentException">The text is blank, another URL scheme, or a folder that does not exist.</exception>
    public static DatasetSource Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("source is blank; expected an http:// or https:// URL or a folder");
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme.Length > 1)
        {
            if (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
            {
                return Mirror(address);
            }

            if (address.Scheme != Uri.UriSchemeFile)
            {
                throw new ArgumentException($"source \"{text}\" uses the unsupported scheme {address.Scheme}; expected an http:// or https:// URL or a folder");
            }

            text = address.LocalPath;
        }

        var folder = Path.GetFullPath(text);
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"source folder {folder} does not exist; give a folder that contains the dataset files, or a URL");
        }

        return Folder(folder);
    }

    /// <summary>
    /// Returns the source named by <paramref name="option"/> when it is not blank, else by the
    /// DAGMM_DATA_MIRROR environment variable when it is not blank, else <see cref="Canonical"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The option or variable does not parse; see <see cref="Parse"/>.</exception>
    public static DatasetSource Resolve(string? option) =>
        Resolve(option, Environment.GetEnvironmentVariable(EnvironmentVariable));

    internal static DatasetSource Resolve(string? option, string? environmentValue)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Parse(option);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            try
            {
                return Parse(environmentValue);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"{EnvironmentVariable}: {error.Message}", error);
            }
        }

        return Canonical;
    }

    /// <summary>Returns the URL of <paramref name="file"/>, or null when this source is a folder.</summary>
    public Uri? AddressOf(DatasetFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (FolderPath is not null)
        {
            return null;
        }

        return MirrorAddress is null ? file.Address : new Uri(MirrorAddress, Uri.EscapeDataString(file.FileName));
    }

    /// <summary>Returns the URL or local path that <paramref name="file"/> is taken from, for messages.</summary>
    public string Describe(DatasetFile file) =>
        FolderPath is not null ? Path.Combine(FolderPath, file.FileName) : AddressOf(file)!.ToString();

    public override string ToString() =>
        FolderPath ?? MirrorAddress?.ToString() ?? "the canonical UCI addresses";
}
