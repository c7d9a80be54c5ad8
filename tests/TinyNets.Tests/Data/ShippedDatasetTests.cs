using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// The loader on the UCI datasets shipped in samples/data (copied beside the test assembly). Each file is also read
/// by a plain split-and-parse in the test, as an independent oracle for every value.
/// </summary>
public class ShippedDatasetTests
{
    private static string DataPath(string relative) => Path.Combine(AppContext.BaseDirectory, "data", relative);

    /// <summary>The file's non-blank lines split on <paramref name="delimiter"/>.</summary>
    private static string[][] Rows(string relative, char delimiter) =>
        File.ReadAllLines(DataPath(relative))
            .Where(l => l.Length > 0)
            .Select(l => l.Split(delimiter))
            .ToArray();

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("airfoil/airfoil_self_noise.dat", "74c75fd71783f1e6b71f8a622b993dc592897a97cd689c5090a07147a1b097b3")]
    [InlineData("iris/iris.data", "6f608b71a7317216319b4d27b4d9bc84e6abd734eda7872b71a458569e2656c0")]
    [InlineData("iris/iris.names", "71a09fb3ee237614cdb9c09d06e8ae1f610ce2a274c0d77272fea8a233e5eea3")]
    [InlineData("optdigits/optdigits.tra", "e1b683cc211604fe8fd8c4417e6a69f31380e0c61d4af22e93cc21e9257ffedd")]
    [InlineData("optdigits/optdigits.tes", "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8")]
    [InlineData("optdigits/optdigits.names", "4e8c6ca814472fdfc7beee4734e346600227cf565d18a967b792d905e2dabc95")]
    public void Shipped_files_are_byte_for_byte_the_published_ones(string relative, string sha256)
    {
        byte[] bytes = File.ReadAllBytes(DataPath(relative));

        Convert.ToHexStringLower(SHA256.HashData(bytes)).Should().Be(sha256, "samples/data/README.md records this checksum");
    }

    [Fact]
    public void Airfoil_loads_as_1503_samples_of_5_features_and_1_target()
    {
        LabeledData data = DelimitedFile.Load(DataPath("airfoil/airfoil_self_noise.dat"), new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab });

        data.Features.RowCount.Should().Be(5);
        data.Features.ColumnCount.Should().Be(1503);
        data.Targets.RowCount.Should().Be(1);
        data.Targets.ColumnCount.Should().Be(1503);
        data.ColumnNames.Should().Equal("c0", "c1", "c2", "c3", "c4", "c5");

        // First and last lines as printed in the file (CRLF endings).
        data.Features.Column(0).ToArray().Should().Equal(800, 0, 0.3048, 71.3, 0.00266337);
        data.Targets[0, 0].Should().Be(126.201);
        data.Features.Column(1502).ToArray().Should().Equal(6300, 15.6, 0.1016, 39.6, 0.0528487);
        data.Targets[0, 1502].Should().Be(104.204);

        string[][] rows = Rows("airfoil/airfoil_self_noise.dat", '\t');
        rows.Should().HaveCount(1503);
        for (int j = 0; j < rows.Length; j++)
        {
            for (int i = 0; i < 5; i++)
            {
                data.Features[i, j].Should().Be(Number(rows[j][i]));
            }

            data.Targets[0, j].Should().Be(Number(rows[j][5]));
        }
    }

    [Fact]
    public void Airfoil_value_ranges_match_the_dataset_description()
    {
        LabeledData data = DelimitedFile.Load(DataPath("airfoil/airfoil_self_noise.dat"), new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab });

        double[] min = [200, 0, 0.0254, 31.7, 0.000400682];
        double[] max = [20000, 22.2, 0.3048, 71.3, 0.0584113];
        for (int i = 0; i < 5; i++)
        {
            data.Features.Row(i).Minimum().Should().Be(min[i]);
            data.Features.Row(i).Maximum().Should().Be(max[i]);
        }

        data.Targets.Row(0).Minimum().Should().Be(103.38);
        data.Targets.Row(0).Maximum().Should().Be(140.987);
    }

    [Fact]
    public void Iris_loads_150_samples_with_three_named_classes_of_50()
    {
        LabeledData data = DelimitedFile.Load(DataPath("iris/iris.data"), new DelimitedFileOptions { CategoricalColumn = 4 });

        data.Features.RowCount.Should().Be(4);
        data.Features.ColumnCount.Should().Be(150);
        data.ClassNames.Should().Equal("Iris-setosa", "Iris-versicolor", "Iris-virginica");
        data.ClassIndices.Should().HaveCount(150);
        for (int c = 0; c < 3; c++)
        {
            data.ClassIndices!.Skip(50 * c).Take(50).Should().AllSatisfy(k => k.Should().Be(c));
        }

        data.Targets.Row(0).ToArray().Should().Equal(data.ClassIndices!.Select(k => (double)k));

        string[][] rows = Rows("iris/iris.data", ',');
        rows.Should().HaveCount(150);
        for (int j = 0; j < rows.Length; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                data.Features[i, j].Should().Be(Number(rows[j][i]));
            }

            data.ClassNames![data.ClassIndices![j]].Should().Be(rows[j][4]);
        }
    }

    [Fact]
    public void Optdigits_test_set_loads_1797_samples_with_the_published_class_counts()
    {
        LabeledData data = DelimitedFile.Load(DataPath("optdigits/optdigits.tes"));

        data.Features.RowCount.Should().Be(64);
        data.Features.ColumnCount.Should().Be(1797);
        data.Features.Enumerate().Should().OnlyContain(v => v >= 0 && v <= 16 && v == Math.Floor(v));
        int[] perClass = new int[10];
        foreach (double digit in data.Targets.Row(0))
        {
            perClass[(int)digit]++;
        }

        perClass.Should().Equal(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }

    [Fact]
    public void Optdigits_training_set_as_categorical_has_ten_classes_named_by_digit()
    {
        LabeledData data = DelimitedFile.Load(DataPath("optdigits/optdigits.tra"), new DelimitedFileOptions { CategoricalColumn = 64 });

        data.Features.ColumnCount.Should().Be(3823);
        data.ClassNames.Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string[][] rows = Rows("optdigits/optdigits.tra", ',');
        data.ClassIndices!.Select(k => data.ClassNames![k]).Should().Equal(rows.Select(r => r[64]));
    }
}
