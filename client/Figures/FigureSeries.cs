namespace Dagmm.Grid.Client.Figures;

/// <summary>
/// One bar series of the sweep's figures: the runs of one mixture variant, drawn in the same color in
/// every figure. <see cref="Label"/> is the mixture label, followed by what sets this variant apart
/// from others of the same mixture: "untrained" for epochs 0, the epoch count, the threshold protocol
/// or the configuration hash.
/// </summary>
/// <param name="Label">Legend text without counts, such as "gaussian" or "gaussian untrained".</param>
/// <param name="Mixture">Mixture label, such as student-t-nu4.</param>
/// <param name="IsUntrained">True for runs with 0 training epochs, drawn hatched.</param>
public sealed record FigureSeries(string Label, string Mixture, bool IsUntrained);
