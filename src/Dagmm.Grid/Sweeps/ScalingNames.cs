using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Sweeps;

/// <summary>Names of <see cref="ScalingKind"/> values as written in sweep files, settings JSON and results.</summary>
internal static class ScalingNames
{
    public const string AcceptedNames = "min-max or z-score";

    public static string ToName(this ScalingKind scaling) => scaling switch
    {
        ScalingKind.MinMax => "min-max",
        ScalingKind.ZScore => "z-score",
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, null),
    };

    public static bool TryParse(string? name, out ScalingKind scaling)
    {
        switch (name?.ToLowerInvariant())
        {
            case "min-max": scaling = ScalingKind.MinMax; return true;
            case "z-score": scaling = ScalingKind.ZScore; return true;
            default: scaling = default; return false;
        }
    }
}
