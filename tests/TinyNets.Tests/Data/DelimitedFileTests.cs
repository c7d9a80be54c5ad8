using System.IO;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>The delimited-text loader on small inline texts: layouts, delimiters, targets, labels and line ends.</summary>
public class DelimitedFileTests
{
    private static Matrix<double> Columns(params double[][] samples) => Matrix<double>.Build.DenseOfColumnArrays(samples);

    private static void ShouldEqual(Matrix<double> actual, Matrix<double> expected)
    {
        actual.RowCount.Should().Be(expected.RowCount);
        actual.ColumnCount.Should().Be(expected.ColumnCount);
        for (int i = 0; i < expected.RowCount; i++)
        {
            for (int j = 0; j < expected.ColumnCount; j++)
            {
                actual[i, j].Should().Be(expected[i, j], $"entry [{i}, {j}]");
            }
        }
    }

    [Fact]
    public void Defaults_comma_no_header_last_column_target_one_sample_per_column()
    {
        LabeledData data = DelimitedFile.Parse("1,2,3\n4,5,6\n");

        ShouldEqual(data.Features, Columns([1, 2], [4, 5]));
        ShouldEqual(data.Targets, Columns([3], [6]));
        data.SampleCount.Should().Be(2);
        data.ColumnNames.Should().Equal("c0", "c1", "c2");
        data.FeatureNames.Should().Equal("c0", "c1");
        data.TargetNames.Should().Equal("c2");
        data.FeatureColumns.Should().Equal(0, 1);
        data.TargetColumns.Should().Equal(2);
        data.IsCategorical.Should().BeFalse();
        data.ClassNames.Should().BeNull();
        data.ClassIndices.Should().BeNull();
    }

    [Fact]
    public void Header_gives_column_names_and_is_not_data()
    {
        LabeledData data = DelimitedFile.Parse("width, height ,area\n2,3,6\n", new DelimitedFileOptions { HasHeader = true });

        data.ColumnNames.Should().Equal("width", "height", "area");
        data.FeatureNames.Should().Equal("width", "height");
        data.TargetNames.Should().Equal("area");
        ShouldEqual(data.Features, Columns([2, 3]));
        ShouldEqual(data.Targets, Columns([6]));
    }

    [Fact]
    public void Quoted_fields_may_hold_the_delimiter_and_doubled_quotes()
    {
        const string text = "\"x, first\",\"say \"\"hi\"\"\", y ,\" z \"\n\"1.5\", 2 ,3,\"4\"\n";

        LabeledData data = DelimitedFile.Parse(text, new DelimitedFileOptions { HasHeader = true, TargetColumns = [3] });

        data.ColumnNames.Should().Equal("x, first", "say \"hi\"", "y", " z ");
        ShouldEqual(data.Features, Columns([1.5, 2, 3]));
        ShouldEqual(data.Targets, Columns([4]));
    }

    [Theory]
    [InlineData("1\t2\t3\n4\t5\t6", '\t')]
    [InlineData("1;2;3\n4;5;6", ';')]
    [InlineData("1|2|3\n4|5|6", '|')]
    [InlineData("1,2,3\n4,5,6", ',')]
    public void Single_character_delimiters(string text, char delimiter)
    {
        LabeledData data = DelimitedFile.Parse(text, new DelimitedFileOptions { Delimiter = FieldDelimiter.Of(delimiter) });

        ShouldEqual(data.Features, Columns([1, 2], [4, 5]));
        ShouldEqual(data.Targets, Columns([3], [6]));
    }

    [Fact]
    public void Named_delimiters_are_the_same_objects_as_their_characters()
    {
        FieldDelimiter.Of(',').Should().BeSameAs(FieldDelimiter.Comma);
        FieldDelimiter.Of('\t').Should().BeSameAs(FieldDelimiter.Tab);
        FieldDelimiter.Of(';').Should().BeSameAs(FieldDelimiter.Semicolon);
        FieldDelimiter.Comma.Character.Should().Be(',');
        FieldDelimiter.Whitespace.Character.Should().BeNull();
        FieldDelimiter.Tab.ToString().Should().Be("tab");
    }

    [Theory]
    [InlineData('\n')]
    [InlineData('\r')]
    [InlineData('"')]
    public void A_line_break_or_quote_cannot_be_a_delimiter(char bad)
    {
        var act = () => FieldDelimiter.Of(bad);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("character");
    }

    [Fact]
    public void Whitespace_delimiter_takes_runs_of_spaces_and_tabs_and_ignores_line_edges()
    {
        const string text = "  1   2\t\t3  \n4 \t 5 6\n";

        LabeledData data = DelimitedFile.Parse(text, new DelimitedFileOptions { Delimiter = FieldDelimiter.Whitespace });

        ShouldEqual(data.Features, Columns([1, 2], [4, 5]));
        ShouldEqual(data.Targets, Columns([3], [6]));
    }

    [Fact]
    public void Whitespace_delimiter_keeps_quoted_names_with_spaces_whole()
    {
        const string text = "\"first value\"   second\t\"the target\"\n1 2 3\n";

        LabeledData data = DelimitedFile.Parse(text, new DelimitedFileOptions { Delimiter = FieldDelimiter.Whitespace, HasHeader = true });

        data.ColumnNames.Should().Equal("first value", "second", "the target");
        ShouldEqual(data.Features, Columns([1, 2]));
    }

    [Fact]
    public void Target_columns_become_target_rows_in_the_given_order_and_the_rest_are_features_in_file_order()
    {
        var options = new DelimitedFileOptions { HasHeader = true, TargetColumns = [3, 0] };

        LabeledData data = DelimitedFile.Parse("a,b,c,d\n1,2,3,4\n5,6,7,8\n", options);

        data.TargetNames.Should().Equal("d", "a");
        data.FeatureNames.Should().Equal("b", "c");
        ShouldEqual(data.Targets, Columns([4, 1], [8, 5]));
        ShouldEqual(data.Features, Columns([2, 3], [6, 7]));
    }

    [Fact]
    public void No_target_columns_gives_an_empty_target_matrix_with_one_column_per_sample()
    {
        LabeledData data = DelimitedFile.Parse("1,2\n3,4\n5,6\n", new DelimitedFileOptions { TargetColumns = [] });

        ShouldEqual(data.Features, Columns([1, 2], [3, 4], [5, 6]));
        data.Targets.RowCount.Should().Be(0);
        data.Targets.ColumnCount.Should().Be(3);
        data.TargetNames.Should().BeEmpty();
    }

    [Fact]
    public void Categorical_target_maps_labels_to_class_indices_in_order_of_first_appearance()
    {
        const string text = "5.1,3.5,Iris-setosa\n6.0,2.2,Iris-versicolor\n4.9,3.0,Iris-setosa\n7.1,3.0,Iris-virginica\n6.4,3.2, Iris-versicolor \n";

        LabeledData data = DelimitedFile.Parse(text, new DelimitedFileOptions { CategoricalColumn = 2 });

        data.IsCategorical.Should().BeTrue();
        data.ClassNames.Should().Equal("Iris-setosa", "Iris-versicolor", "Iris-virginica");
        data.ClassIndices.Should().Equal(0, 1, 0, 2, 1);
        ShouldEqual(data.Targets, Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1, 0, 2, 1 } }));
        ShouldEqual(data.Features, Columns([5.1, 3.5], [6.0, 2.2], [4.9, 3.0], [7.1, 3.0], [6.4, 3.2]));
    }

    [Fact]
    public void Categorical_labels_are_case_sensitive_and_numbers_are_read_as_labels()
    {
        LabeledData data = DelimitedFile.Parse("1,b\n2,B\n3,b\n4,10\n5,1e1\n", new DelimitedFileOptions { CategoricalColumn = 1 });

        data.ClassNames.Should().Equal("b", "B", "10", "1e1");
        data.ClassIndices.Should().Equal(0, 1, 0, 2, 3);
    }

    [Fact]
    public void A_categorical_column_may_sit_among_numeric_targets()
    {
        var options = new DelimitedFileOptions { TargetColumns = [2, 1], CategoricalColumn = 1 };

        LabeledData data = DelimitedFile.Parse("0.5,cat,10\n1.5,dog,20\n", options);

        data.ClassNames.Should().Equal("cat", "dog");
        ShouldEqual(data.Targets, Columns([10, 0], [20, 1]));
        ShouldEqual(data.Features, Columns([0.5], [1.5]));
    }

    [Theory]
    [InlineData("1,2\r\n3,4\r\n")]
    [InlineData("1,2\n3,4")]
    [InlineData("1,2\r3,4\r")]
    [InlineData("1,2\r\n3,4\n\n\r\n  \n\t\n")]
    [InlineData("\uFEFF1,2\r\n3,4\r\n")]
    public void Line_ends_byte_order_mark_and_trailing_blank_lines(string text)
    {
        LabeledData data = DelimitedFile.Parse(text);

        ShouldEqual(data.Features, Columns([1], [3]));
        ShouldEqual(data.Targets, Columns([2], [4]));
    }

    [Fact]
    public void Numbers_are_read_in_invariant_culture_with_signs_exponents_and_surrounding_spaces()
    {
        LabeledData data = DelimitedFile.Parse("-1.5e-3, +2 ,.25,1E3, -0\n");

        data.Features[0, 0].Should().Be(-1.5e-3);
        data.Features[1, 0].Should().Be(2);
        data.Features[2, 0].Should().Be(0.25);
        data.Features[3, 0].Should().Be(1000);
        double.IsNegative(data.Targets[0, 0]).Should().BeTrue("-0 is read as negative zero, as written");
    }

    [Fact]
    public void Parse_from_a_reader_and_from_a_string_agree()
    {
        const string text = "a\tb\tc\n1\t2\t3\n4\t5\t6\n";
        var options = new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab, HasHeader = true };

        LabeledData fromString = DelimitedFile.Parse(text, options);
        using var reader = new StringReader(text);
        LabeledData fromReader = DelimitedFile.Parse(reader, options);

        ShouldEqual(fromReader.Features, fromString.Features);
        ShouldEqual(fromReader.Targets, fromString.Targets);
        fromReader.ColumnNames.Should().Equal(fromString.ColumnNames);
    }

    [Fact]
    public void Load_reads_a_file_with_crlf_endings()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "x,y\r\n1,2\r\n3,4\r\n\r\n");

            LabeledData data = DelimitedFile.Load(path, new DelimitedFileOptions { HasHeader = true });

            data.ColumnNames.Should().Equal("x", "y");
            ShouldEqual(data.Features, Columns([1], [3]));
            ShouldEqual(data.Targets, Columns([2], [4]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
