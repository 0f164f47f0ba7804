namespace Dagmm.Core.Tests.Support;

/// <summary>Collects every report on the reporting thread, unlike Progress&lt;T&gt;, which posts to the thread pool.</summary>
public sealed class ListProgress<T>(List<T> reports) : IProgress<T>
{
    public void Report(T value)
    {
        lock (reports)
        {
            reports.Add(value);
        }
    }
}
