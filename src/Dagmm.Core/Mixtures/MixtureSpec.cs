namespace Dagmm.Core.Mixtures;

/// <summary>The density family of the mixture that scores DAGMM's feature space.</summary>
public enum MixtureFamily
{
    Gaussian,
    Laplace,
    StudentT,
}

/// <summary>
/// A mixture family plus its extra parameter: the Student-t degrees of freedom <see cref="Nu"/>
/// (default 4) or, when <see cref="LearnNu"/> is set, a trainable nu per component initialised at
/// <see cref="Nu"/>.
/// </summary>
public sealed record MixtureSpec(MixtureFamily Family, double Nu = MixtureSpec.DefaultNu, bool LearnNu = false)
{
    public const double DefaultNu = 4.0;

    /// <summary>
    /// Smallest accepted nu, well clear of float32 limits. Far below it the density's maha / nu
    /// terms overflow, and a nu under about 1e-45 rounds to 0.
    /// </summary>
    public const double MinimumNu = 0.01;

    /// <summary>Largest accepted nu. There the Student-t density is within 1e-3 of the Gaussian (a test pins this), and far above it float32 overflows.</summary>
    public const double MaximumNu = 1e6;

    public static MixtureSpec Gaussian { get; } = new(MixtureFamily.Gaussian);

    public static MixtureSpec Laplace { get; } = new(MixtureFamily.Laplace);

    public static MixtureSpec StudentT(double nu = DefaultNu) => new(MixtureFamily.StudentT, nu);

    public static MixtureSpec StudentTLearned { get; } = new(MixtureFamily.StudentT, DefaultNu, LearnNu: true);

    public static string AcceptedFamilies => "gaussian, laplace or student-t";

    /// <summary>The family name as written on the command line: gaussian, laplace or student-t.</summary>
    public string FamilyName => Family switch
    {
        MixtureFamily.Gaussian => "gaussian",
        MixtureFamily.Laplace => "laplace",
        MixtureFamily.StudentT => "student-t",
        _ => throw new ArgumentOutOfRangeException(nameof(Family), Family, null),
    };

    /// <summary>A readable label that tells the variants apart: gaussian, laplace, student-t-nu4, student-t-learned.</summary>
    public string Label => Family switch
    {
        MixtureFamily.StudentT when LearnNu => "student-t-learned",
        MixtureFamily.StudentT => FormattableString.Invariant($"student-t-nu{Nu:0.###}"),
        _ => FamilyName,
    };

    /// <summary>The nu setting as written in results: "4", "learned", or empty for families without nu.</summary>
    public string NuText => Family != MixtureFamily.StudentT
        ? ""
        : LearnNu ? "learned" : Nu.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseFamily(string? name, out MixtureFamily family)
    {
        switch (name?.ToLowerInvariant())
        {
            case "gaussian": family = MixtureFamily.Gaussian; return true;
            case "laplace": family = MixtureFamily.Laplace; return true;
            case "student-t": family = MixtureFamily.StudentT; return true;
            default: family = default; return false;
        }
    }
}
