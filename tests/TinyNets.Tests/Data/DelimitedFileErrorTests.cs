using System.IO;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>Bad delimited text: each error names the 1-based line and column and quotes the offending text.</summary>
public class DelimitedFileErrorTests
{
    private static DelimitedDataException Fails(string text, DelimitedFileOptions? options = null)
    {
        var act = () => DelimitedFile.Parse(text, options);
        return act.Should().Throw<DelimitedDataException>().Which;
    }

    [Fact]
    public void Bad_number_gives_line_column_and_text()
    {
        DelimitedDataException ex = Fails("1,2,3\n4,5x,6\n");

        ex.Line.Should().Be(2);
        ex.Column.Should().Be(2);
        ex.FieldText.Should().Be("5x");
        ex.SourceName.Should().BeNull();
        ex.Message.Should().StartWith("Line 2, column 2: ").And.Contain("\"5x\" is not a number").And.Contain("\"c1\"");
        ex.Should().BeAssignableTo<FormatException>();
    }

    [Fact]
    public void Decimal_comma_is_not_accepted()
    {
        DelimitedDataException ex = Fails("1;2,5;3\n", new DelimitedFileOptions { Delimiter = FieldDelimiter.Semicolon });

        ex.Line.Should().Be(1);
        ex.Column.Should().Be(2);
        ex.FieldText.Should().Be("2,5");
    }

    [Fact]
    public void Short_row_gives_the_first_missing_column()
    {
        DelimitedDataException ex = Fails("1,2,3\n4,5,6\n7,8\n");

        ex.Line.Should().Be(3);
        ex.Column.Should().Be(3);
        ex.FieldText.Should().BeNull();
        ex.Message.Should().StartWith("Line 3, column 3: ").And.Contain("2 fields separated by comma").And.Contain("3 were expected (as on line 1)");
    }

    [Fact]
    public void Long_row_gives_the_first_extra_column_and_its_text()
    {
        DelimitedDataException ex = Fails("a,b\n1,2\n3,4,99\n", new DelimitedFileOptions { HasHeader = true });

        ex.Line.Should().Be(3);
        ex.Column.Should().Be(3);
        ex.FieldText.Should().Be("99");
        ex.Message.Should().Contain("3 fields").And.Contain("2 were expected (as on line 1)").And.Contain("\"99\"");
    }

    [Fact]
    public void Label_in_a_numeric_target_column_says_how_to_declare_it_categorical()
    {
        DelimitedDataException ex = Fails("5.1,3.5,1.4,0.2,Iris-setosa\n");

        ex.Line.Should().Be(1);
        ex.Column.Should().Be(5);
        ex.FieldText.Should().Be("Iris-setosa");
        ex.Message.Should().Contain("\"Iris-setosa\" is not a number").And.Contain("CategoricalColumn = 4");
    }

    [Fact]
    public void Header_read_as_data_suggests_HasHeader()
    {
        DelimitedDataException ex = Fails("width,height\n1,2\n");

        ex.Line.Should().Be(1);
        ex.Column.Should().Be(1);
        ex.FieldText.Should().Be("width");
        ex.Message.Should().Contain("HasHeader");
    }

    [Theory]
    [InlineData("1,NaN,3", "NaN", 2)]
    [InlineData("1,Infinity,3", "Infinity", 2)]
    [InlineData("1,-Infinity,3", "-Infinity", 2)]
    [InlineData("1,1e999,3", "1e999", 2)]
    [InlineData("1,2,NaN", "NaN", 3)]
    public void Non_finite_numbers_are_refused(string line, string text, int column)
    {
        DelimitedDataException ex = Fails("0,0,0\n" + line + "\n");

        ex.Line.Should().Be(2);
        ex.Column.Should().Be(column);
        ex.FieldText.Should().Be(text);
        ex.Message.Should().Contain("not a finite number").And.NotContain("CategoricalColumn", "a non-finite number is not a label");
    }

    [Theory]
    [InlineData("1,,3", 2)]
    [InlineData("1,2,", 3)]
    [InlineData(",2,3", 1)]
    [InlineData("1, ,3", 2)]
    public void Empty_fields_are_refused(string line, int column)
    {
        DelimitedDataException ex = Fails(line);

        ex.Line.Should().Be(1);
        ex.Column.Should().Be(column);
        ex.Message.Should().Contain("empty").And.Contain("missing values are not supported");
    }

    [Fact]
    public void Empty_categorical_label_is_refused()
    {
        DelimitedDataException ex = Fails("1,a\n2, \n", new DelimitedFileOptions { CategoricalColumn = 1 });

        ex.Line.Should().Be(2);
        ex.Column.Should().Be(2);
        ex.Message.Should().Contain("class label");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("  \r\n\t\r\n")]
    public void Empty_text_is_refused(string text)
    {
        DelimitedDataException ex = Fails(text);

        ex.Line.Should().BeGreaterThanOrEqualTo(1);
        ex.Column.Should().BeNull();
        ex.Message.Should().Contain("empty");
    }

    [Fact]
    public void Header_without_data_is_refused()
    {
        DelimitedDataException ex = Fails("a,b\n\n", new DelimitedFileOptions { HasHeader = true });

        ex.Message.Should().Contain("header but no data");
    }

    [Fact]
    public void Blank_line_between_data_lines_is_refused()
    {
        DelimitedDataException ex = Fails("1,2\n3,4\n\n5,6\n");

        ex.Line.Should().Be(3);
        ex.Column.Should().BeNull();
        ex.Message.Should().StartWith("Line 3: ").And.Contain("data follows on line 4");
    }

    [Fact]
    public void Unterminated_quote_is_refused()
    {
        DelimitedDataException ex = Fails("1,\"2,3\n");

        ex.Line.Should().Be(1);
        ex.Column.Should().Be(2);
        ex.Message.Should().Contain("not closed on this line");
    }

    [Fact]
    public void Text_after_a_closing_quote_is_refused()
    {
        DelimitedDataException ex = Fails("1,\"2\"x,3\n");

        ex.Line.Should().Be(1);
        ex.Column.Should().Be(2);
        ex.Message.Should().Contain("follows the closing quote");
    }

    [Fact]
    public void Long_offending_text_is_cut_in_the_message()
    {
        // A wrong delimiter makes a whole line one field; the message must not print all of it.
        string line = string.Join("\t", Enumerable.Range(0, 40).Select(i => i.ToString()));

        DelimitedDataException ex = Fails(line + "\n" + line + "\n", new DelimitedFileOptions { TargetColumns = [] });

        ex.FieldText.Should().Be(line);
        ex.Message.Should().Contain("…").And.Contain($"({line.Length} characters)");
        ex.Message.Length.Should().BeLessThan(line.Length + 250);
    }

    [Fact]
    public void Load_names_the_file_in_the_message()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-{Guid.NewGuid():N}.tsv");
        try
        {
            File.WriteAllText(path, "1\t2\r\n3\toops\r\n");

            var act = () => DelimitedFile.Load(path, new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab });

            DelimitedDataException ex = act.Should().Throw<DelimitedDataException>().Which;
            ex.SourceName.Should().Be(path);
            ex.Message.Should().StartWith($"{path}, line 2, column 2: ");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_throws_FileNotFoundException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-missing-{Guid.NewGuid():N}.csv");

        var act = () => DelimitedFile.Load(path);

        act.Should().Throw<FileNotFoundException>();
    }

    [Theory]
    [InlineData(new[] { 3 }, null, "column 3", "3 columns (0 to 2")]
    [InlineData(new[] { -1 }, null, "≥ 0", "-1 was given")]
    [InlineData(new[] { 1, 1 }, null, "column 1 is listed twice", null)]
    [InlineData(new[] { 0, 1, 2 }, null, "At least one feature column", "every column of the data is a target (3 counted on line 1")]
    [InlineData(new[] { 2 }, 1, "one of the target columns (2)", "1 was given")]
    public void Options_that_do_not_fit_the_data_are_argument_errors(int[] targets, int? categorical, string fragment1, string? fragment2)
    {
        var options = new DelimitedFileOptions { TargetColumns = targets, CategoricalColumn = categorical };

        var act = () => DelimitedFile.Parse("1,2,3\n", options);

        ArgumentException ex = act.Should().Throw<ArgumentException>().Which;
        ex.ParamName.Should().Be("options");
        ex.Message.Should().Contain(fragment1);
        if (fragment2 is not null)
        {
            ex.Message.Should().Contain(fragment2);
        }
    }

    [Fact]
    public void Single_column_data_with_the_default_target_has_no_feature_left()
    {
        var act = () => DelimitedFile.Parse("1\n2\n");

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("every column of the data is a target (1 counted on line 1").And.Contain("unset, meaning the last column");
    }

    [Fact]
    public void Categorical_column_outside_the_data_is_an_argument_error()
    {
        var act = () => DelimitedFile.Parse("1,2,3\n", new DelimitedFileOptions { CategoricalColumn = 5 });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("one of the target columns (2)").And.Contain("5 was given");
    }

    [Theory]
    [InlineData("1,5;2;3\n", 1, "1,5", "1.5")]
    [InlineData("1;2;3,25\n", 3, "3,25", "3.25")]
    [InlineData("0;0;0\n1;-1.234,5;2\n", 2, "-1.234,5", "-1234.5")]
    public void Decimal_comma_says_so_and_that_numbers_use_a_point(string text, int column, string field, string withPoint)
    {
        DelimitedDataException ex = Fails(text, new DelimitedFileOptions { Delimiter = FieldDelimiter.Semicolon });

        ex.Column.Should().Be(column);
        ex.FieldText.Should().Be(field);
        ex.Message.Should().Contain("decimal comma").And.Contain("invariant culture").And.Contain("point").And.Contain(withPoint)
            .And.NotContain("HasHeader", "a decimal comma is not a header").And.NotContain("CategoricalColumn", "nor a class label");
    }

    [Fact]
    public void Control_bytes_are_reported_as_not_text_with_their_position()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 32).Select(b => (byte)b)]);

            var act = () => DelimitedFile.Load(path);

            DelimitedDataException ex = act.Should().Throw<DelimitedDataException>().Which;
            ex.Line.Should().Be(1);
            ex.Column.Should().BeNull();
            ex.FieldText.Should().BeNull();
            ex.Message.Should().StartWith($"{path}, line 1: ").And.Contain("does not look like delimited text")
                .And.Contain("character 1 of the line is U+0000").And.Contain("binary");
            ex.Message.Should().NotContainAny(["\0", "\u0001", "target", "column"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_binary_file_header_is_reported_as_not_text()
    {
        // The first bytes of a Windows executable (.exe, .dll): "MZ", then 0x90, which is no UTF-8 character.
        byte[] header = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-{Guid.NewGuid():N}.dll");
        try
        {
            File.WriteAllBytes(path, header);

            var act = () => DelimitedFile.Load(path);

            DelimitedDataException ex = act.Should().Throw<DelimitedDataException>().Which;
            ex.Line.Should().Be(1);
            ex.Message.Should().Contain("does not look like delimited text").And.Contain("character 3 of the line is U+FFFD")
                .And.Contain("not valid UTF-8").And.NotContain("\uFFFD").And.NotContain("CategoricalColumn");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_control_character_on_a_later_line_gives_that_line_and_character()
    {
        DelimitedDataException ex = Fails("1,2\n3,4\n5,\u00016\n");

        ex.Line.Should().Be(3);
        ex.Message.Should().StartWith("Line 3: ").And.Contain("character 3 of the line is U+0001, a control character");
    }

    [Theory]
    [InlineData("1,\u00A02\n", "\"\\u00A02\"")]
    [InlineData("1,2\u200B\n", "\"2\\u200B\"")]
    [InlineData("1,2\u0085\n", "\"2\\u0085\"")]
    [InlineData("1,\u20072\n", "\"\\u20072\"")]
    [InlineData("1,2 x\t\n", "\"2 x\\t\"")]
    public void Invisible_characters_are_escaped_in_the_quoted_field(string text, string quoted)
    {
        DelimitedDataException ex = Fails(text, new DelimitedFileOptions { TargetColumns = [] });

        ex.Column.Should().Be(2);
        ex.Message.Should().Contain(quoted + " is not a number");
        ex.Message.Should().NotContainAny(["\u00A0", "\u200B", "\u0085", "\u2007"]);
    }

    [Fact]
    public void An_invisible_character_in_a_header_name_is_escaped_where_the_name_is_quoted()
    {
        DelimitedDataException ex = Fails("width,height\u200B\n1,x\n", new DelimitedFileOptions { HasHeader = true, TargetColumns = [] });

        ex.Message.Should().Contain("column \"height\\u200B\"");
    }

    [Fact]
    public void Escaped_text_is_cut_too()
    {
        string field = "x" + new string('\u00A0', 499);

        DelimitedDataException ex = Fails("1," + field + "\n", new DelimitedFileOptions { TargetColumns = [] });

        ex.FieldText.Should().Be(field);
        ex.Message.Should().Contain("…\" (500 characters)");
        ex.Message.Length.Should().BeLessThan(60 * 6 + 250);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,,,")]
    [InlineData(",\n,\n")]
    [InlineData("\r\r\r1\r")]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("\"a\"\"")]
    [InlineData("1,\"")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF\uFEFF1,2")]
    [InlineData("1e999,1")]
    [InlineData("NaN,1")]
    [InlineData("∞,1")]
    [InlineData("-0,1\n1,-0")]
    [InlineData("\uD800,1")]
    [InlineData("1,2\n\n\n3")]
    [InlineData("1,2\r\n3,4,5,6")]
    [InlineData("\t \t")]
    [InlineData("1\t\t2")]
    public void Odd_input_is_data_or_a_DelimitedDataException(string text)
    {
        foreach (FieldDelimiter delimiter in new[] { FieldDelimiter.Comma, FieldDelimiter.Tab, FieldDelimiter.Whitespace, FieldDelimiter.Of(' ') })
        {
            foreach (bool header in new[] { false, true })
            {
                var options = new DelimitedFileOptions { Delimiter = delimiter, HasHeader = header, TargetColumns = [] };
                try
                {
                    LabeledData data = DelimitedFile.Parse(text, options);
                    data.Features.RowCount.Should().Be(data.ColumnNames.Count);
                    data.Features.ColumnCount.Should().BeGreaterThan(0);
                    data.Features.Enumerate().Should().OnlyContain(v => double.IsFinite(v));
                }
                catch (DelimitedDataException ex)
                {
                    ex.Line.Should().BeGreaterThan(0);
                }
            }
        }
    }

    [Fact]
    public void A_field_of_invisible_whitespace_is_empty_and_shown()
    {
        DelimitedDataException ex = Fails("1,\u00A0\u00A0,3\n");

        ex.Column.Should().Be(2);
        ex.Message.Should().Contain("the field is empty").And.Contain("\"\\u00A0\\u00A0\"");
    }

    [Fact]
    public void A_line_of_only_delimiters_has_one_empty_field_more_than_delimiters()
    {
        DelimitedDataException ex = Fails(new string(',', 100_000) + "\n", new DelimitedFileOptions { TargetColumns = [] });

        ex.Column.Should().Be(1);
        ex.Message.Should().Contain("the field is empty");
    }
}
