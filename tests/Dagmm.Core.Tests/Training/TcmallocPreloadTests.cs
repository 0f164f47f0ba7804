using Dagmm.Core.Training;

namespace Dagmm.Core.Tests.Training;

public class TcmallocPreloadTests
{
    private const string DebianLibrary = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    private static bool OnlyDebianLibrary(string path) => path == DebianLibrary;

    private static bool NoLibrary(string path) => false;

    [Fact]
    public void Installed_library_is_preloaded_by_default()
    {
        Assert.Equal(DebianLibrary, TcmallocPreload.Preload(null, null, OnlyDebianLibrary, out var warning));
        Assert.Null(warning);
        Assert.Equal(DebianLibrary, TcmallocPreload.Preload("", "tcmalloc", OnlyDebianLibrary, out warning));
        Assert.Null(warning);
    }

    [Fact]
    public void Libraries_already_preloaded_stay_after_tcmalloc()
    {
        Assert.Equal($"{DebianLibrary}:/opt/trace/libtrace.so", TcmallocPreload.Preload("/opt/trace/libtrace.so", null, OnlyDebianLibrary, out _));
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")]
    public void A_preloaded_allocator_means_no_restart(string currentPreload)
    {
        Assert.Null(TcmallocPreload.Preload(currentPreload, null, OnlyDebianLibrary, out var warning));
        Assert.Null(warning);
    }

    [Theory]
    [InlineData("system")]
    [InlineData(" System ")]
    public void System_choice_keeps_the_process(string choice)
    {
        Assert.Null(TcmallocPreload.Preload(null, choice, OnlyDebianLibrary, out var warning));
        Assert.Null(warning);
    }

    [Fact]
    public void Missing_library_warns_only_when_asked_for()
    {
        Assert.Null(TcmallocPreload.Preload(null, null, NoLibrary, out var warning));
        Assert.Null(warning);

        Assert.Null(TcmallocPreload.Preload(null, "tcmalloc", NoLibrary, out warning));
        Assert.NotNull(warning);
        Assert.StartsWith("DAGMM_ALLOCATOR=tcmalloc, but libtcmalloc_minimal.so.4 is in none of /usr/lib/x86_64-linux-gnu,", warning);
        Assert.Contains("libtcmalloc-minimal4", warning);
    }

    [Fact]
    public void Unknown_choice_names_accepted_values()
    {
        Assert.Null(TcmallocPreload.Preload(null, "jemalloc", OnlyDebianLibrary, out var warning));
        Assert.Equal("DAGMM_ALLOCATOR=\"jemalloc\" is not known; set it to tcmalloc (the default) or system. Training uses the system allocator.", warning);
    }

    [Fact]
    public void First_folder_with_the_library_wins()
    {
        Assert.Equal("/usr/lib64/libtcmalloc_minimal.so.4", TcmallocPreload.Preload(null, null, path => path.StartsWith("/usr/lib64/", StringComparison.Ordinal) || path.StartsWith("/usr/local/", StringComparison.Ordinal), out _));
    }
}
