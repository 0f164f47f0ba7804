using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class KddCupLoadingTests
{
    private static LabeledDataset Kddcup99 => DatasetCache.Shared.Get(DatasetId.Kddcup99, SharedData.Directory);

    private static LabeledDataset Reversed => DatasetCache.Shared.Get(DatasetId.Kddcup99Rev, SharedData.Directory);

    [Fact]
    public void Kddcup99_has_494021_rows()
    {
        Assert.Equal(494_021, Kddcup99.Rows);
    }

    [Fact]
    public void Kddcup99_has_118_features()
    {
        Assert.Equal(118, Kddcup99.FeatureCount);
        Assert.Equal(494_021 * 118, Kddcup99.Features.Length);
        Assert.Equal(118, Kddcup99.FeatureNames.Count);
    }

    [Fact]
    public void Kddcup99_normal_traffic_is_anomaly()
    {
        Assert.Equal(97_278, Kddcup99.IsAnomaly.Count(flag => flag));
    }

    [Fact]
    public void Kddcup99_one_hot_groups_sizes()
    {
        var names = Kddcup99.FeatureNames;

        Assert.Equal(38, names.Count(name => !name.Contains('=')));
        Assert.Equal(3, names.Count(name => name.StartsWith("protocol_type=", StringComparison.Ordinal)));
        Assert.Equal(66, names.Count(name => name.StartsWith("service=", StringComparison.Ordinal)));
        Assert.Equal(11, names.Count(name => name.StartsWith("flag=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0, "duration")]
    [InlineData(1, "src_bytes")]
    [InlineData(37, "dst_host_srv_rerror_rate")]
    [InlineData(38, "protocol_type=icmp")]
    [InlineData(40, "protocol_type=udp")]
    [InlineData(41, "service=IRC")]
    [InlineData(63, "service=http")]
    [InlineData(106, "service=whois")]
    [InlineData(107, "flag=OTH")]
    [InlineData(117, "flag=SH")]
    public void Kddcup99_feature_names_in_ordinal_order(int index, string name)
    {
        Assert.Equal(name, Kddcup99.FeatureNames[index]);
    }

    [Theory]
    [InlineData(0, 0f)]
    [InlineData(1, 181f)]
    [InlineData(2, 5450f)]
    [InlineData(38, 0f)]
    [InlineData(39, 1f)]
    [InlineData(63, 1f)]
    [InlineData(116, 1f)]
    public void Kddcup99_first_row_values(int feature, float value)
    {
        Assert.Equal(value, Kddcup99.Features[feature]);
    }

    [Fact]
    public void Kddcup99_every_row_one_category_per_group()
    {
        var data = Kddcup99;
        int[][] groups = [[38, 41], [41, 107], [107, 118]];
        var rowsWithBadGroup = 0;
        for (var row = 0; row < data.Rows; row++)
        {
            var values = data.Features.AsSpan(row * data.FeatureCount, data.FeatureCount);
            foreach (var group in groups)
            {
                var ones = values[group[0]..group[1]].Count(1f);
                var zeros = values[group[0]..group[1]].Count(0f);
                if (ones != 1 || zeros != group[1] - group[0] - 1)
                {
                    rowsWithBadGroup++;
                }
            }
        }

        Assert.Equal(0, rowsWithBadGroup);
    }

    [Fact]
    public void Kddcup99_http_column_counts_http_rows()
    {
        var data = Kddcup99;
        var httpRows = 0;
        for (var row = 0; row < data.Rows; row++)
        {
            if (data.Features[row * data.FeatureCount + 63] == 1f)
            {
                httpRows++;
            }
        }

        Assert.Equal(64_293, httpRows);
    }

    [Fact]
    public void Kddcup99_describe_counts_all_rows()
    {
        var summary = Kddcup99.Describe();

        Assert.Equal(DatasetId.Kddcup99, summary.Id);
        Assert.Equal(494_021, summary.Rows);
        Assert.Equal(118, summary.Features);
        Assert.Equal(97_278, summary.Anomalies);
        Assert.Equal(97_278.0 / 494_021, summary.AnomalyRatio);
        Assert.Null(Kddcup99.AnomalySampleCount);
    }

    [Fact]
    public void Kddcup99Rev_keeps_all_file_rows()
    {
        Assert.Equal(494_021, Reversed.Rows);
        Assert.Equal(118, Reversed.FeatureCount);
    }

    [Fact]
    public void Kddcup99Rev_attacks_are_anomalies()
    {
        Assert.Equal(396_743, Reversed.IsAnomaly.Count(flag => flag));
        Assert.Equal(24_319, Reversed.AnomalySampleCount);
    }

    [Fact]
    public void Kddcup99Rev_describe_counts_sampled_rows()
    {
        var summary = Reversed.Describe();

        Assert.Equal(DatasetId.Kddcup99Rev, summary.Id);
        Assert.Equal(121_597, summary.Rows);
        Assert.Equal(24_319, summary.Anomalies);
        Assert.Equal(24_319.0 / 121_597, summary.AnomalyRatio);
        Assert.Equal(0.2, summary.AnomalyRatio, 4);
    }

    [Fact]
    public void Kddcup99Rev_parse_labels_match_cache()
    {
        using var file = File.OpenRead(Path.Combine(SharedData.Directory, "kddcup.data_10_percent.gz"));

        var parsed = DatasetLoader.Parse(DatasetId.Kddcup99Rev, file, "kddcup.data_10_percent.gz");

        Assert.Equal(DatasetId.Kddcup99Rev, parsed.Id);
        Assert.Equal(Reversed.IsAnomaly, parsed.IsAnomaly);
        Assert.Equal(Reversed.Features, parsed.Features);
    }
}
