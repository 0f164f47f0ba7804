namespace Dagmm.Core.Mixtures;

/// <summary>A mixture covariance could not be factorised even with the largest diagonal jitter.</summary>
public sealed class SingularCovarianceException(string message) : Exception(message);
