namespace Dagmm.Core.Tests.Mixtures;

/// <summary>
/// Closed-form densities in plain double arithmetic (3x3 inverse by cofactors, no torch), the
/// independent side of the mixture tests.
/// </summary>
internal static class ReferenceDensities
{
    public static double Determinant(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    public static double[,] Inverse(double[,] m)
    {
        var det = Determinant(m);
        var inverse = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                // Cofactor C_ji over the determinant gives entry (i, j) of the inverse.
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                inverse[i, j] = (m[r0, c0] * m[r1, c1] - m[r0, c1] * m[r1, c0]) / det;
            }
        }

        return inverse;
    }

    public static double SquaredMahalanobis(double[] z, double[] mu, double[,] covariance)
    {
        var inverse = Inverse(covariance);
        var sum = 0.0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                sum += (z[i] - mu[i]) * inverse[i, j] * (z[j] - mu[j]);
            }
        }

        return sum;
    }

    // log N(z | mu, Sigma) for D = 3
    public static double GaussianLogDensity(double[] z, double[] mu, double[,] covariance) =>
        -0.5 * SquaredMahalanobis(z, mu, covariance) - 1.5 * Math.Log(2 * Math.PI) - 0.5 * Math.Log(Determinant(covariance));

    // log t_4(z | mu, Sigma) for D = 3, with Gamma(7/2) / Gamma(2) = 15 sqrt(pi) / 8 exactly.
    public static double StudentTNu4LogDensity(double[] z, double[] mu, double[,] covariance)
    {
        const double nu = 4;
        var logGammaRatio = Math.Log(15 * Math.Sqrt(Math.PI) / 8);
        return logGammaRatio - 1.5 * Math.Log(nu * Math.PI) - 0.5 * Math.Log(Determinant(covariance))
               - 3.5 * Math.Log(1 + SquaredMahalanobis(z, mu, covariance) / nu);
    }
}
