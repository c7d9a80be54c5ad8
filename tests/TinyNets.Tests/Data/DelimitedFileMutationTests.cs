using System.IO;
using System.Text;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// Survivors of the fourth mutation run in <see cref="DelimitedFile"/>, <see cref="DelimitedLineReader"/>,
/// <see cref="FieldDelimiter"/> and <see cref="DelimitedDataException"/>: messages pinned whole (they are specified
/// text), the splitters' edge cases and which reader splits a text.
/// </summary>
public class DelimitedFileMutationTests
{
    private const string NotANumberTail = " must hold numbers in invariant culture (such as 1.5 or -2e-3).";

    private static readonly DelimitedFileOptions Semicolon = new() { Delimiter = FieldDelimiter.Semicolon };
    private static readonly DelimitedFileOptions Whitespace = new() { Delimiter = FieldDelimiter.Whitespace };

    private static DelimitedDataException Fails(string text, DelimitedFileOptions? options = null)
    {
        var act = () => DelimitedFile.Parse(text, options);
        return act.Should().Throw<DelimitedDataException>().Which;
    }

    private static ArgumentException Refused(string text, DelimitedFileOptions options)
    {
        var act = () => DelimitedFile.Parse(text, options);
        return act.Should().Throw<ArgumentException>().Which;
    }

    [Fact]
    public void DefaultConstructor_HasTheGenericMessage()
    {
        new DelimitedDataException().Message.Should().Be("The delimited data could not be read.");
    }

    [Fact]
    public void Delimiters_NameThemselves()
    {
        FieldDelimiter.Semicolon.ToString().Should().Be("semicolon");
        FieldDelimiter.Whitespace.ToString().Should().Be("whitespace");
    }

    [Fact]
    public void TextAfterClosingQuote_NamesTheSemicolonDelimiter()
    {
        Fails("\"1\"x;2\n", Semicolon).Message.Should().Be(
            "Line 1, column 1: \"x;2\" follows the closing quote of the field; the semicolon delimiter or the end of the line was expected.");
    }

    [Fact]
    public void TextAfterClosingQuote_WithWhitespaceDelimiter_IsRefused()
    {
        DelimitedDataException ex = Fails("\"1\"x 2\n", Whitespace);

        ex.Message.Should().Be(
            "Line 1, column 1: \"x 2\" follows the closing quote of the field; the whitespace delimiter or the end of the line was expected.");
        ex.FieldText.Should().Be("x 2");
    }

    [Fact]
    public void Sep_ReadsATextWithoutFinalLineEnd_Alone()
    {
        // The end of the text (-1) ends the last line; Sep hands every line out, the first one too (no header for Sep).
        LabeledData data = DelimitedFile.Parse("1,2\n3,4", null, ownReaderOnly: false, out DelimitedTokenizer used);

        used.Should().Be(DelimitedTokenizer.Sep);
        data.Features.ToRowMajorArray().Should().Equal(1, 3);
        data.Targets.ToRowMajorArray().Should().Equal(2, 4);
    }

    [Fact]
    public void OwnReader_LastLineWithoutLineEnd_IsReadWhole()
    {
        // The second line starts at 4 in a buffer of the text's length + 1 (8): it is 3 characters long.
        LabeledData data = DelimitedFile.Parse("1 2\n3 4", Whitespace, ownReaderOnly: false, out DelimitedTokenizer used);

        used.Should().Be(DelimitedTokenizer.Own);
        data.Features.ToRowMajorArray().Should().Equal(1, 3);
        data.Targets.ToRowMajorArray().Should().Equal(2, 4);
    }

    [Fact]
    public void Load_Utf16FileWithByteOrderMark_IsDecodedAsUtf16()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-utf16-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "1,2\n3,4\n", Encoding.Unicode);

            LabeledData data = DelimitedFile.Load(path);

            data.Features.ToRowMajorArray().Should().Equal(1, 3);
            data.Targets.ToRowMajorArray().Should().Equal(2, 4);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_EmptyPath_IsRefusedByName()
    {
        var act = () => DelimitedFile.Load(string.Empty);

        act.Should().Throw<ArgumentException>().WithParameterName("path");
    }

    [Fact]
    public void Parse_NullReader_IsRefusedByName()
    {
        var act = () => DelimitedFile.Parse((TextReader)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("reader");
    }

    [Fact]
    public void Parse_NullText_IsRefusedByName()
    {
        var act = () => DelimitedFile.Parse((string)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("text");
    }

    [Fact]
    public void BlankLinesInsideTheData_AreReportedAtTheFirstOfThem()
    {
        const string Expected = "Line 2: the line is blank, but data follows on line 4; only blank lines at the end are ignored.";

        Fails("1,2\n\n\n3,4\n").Message.Should().Be(Expected);
        Fails("1 2\n\n \n3 4\n", Whitespace).Message.Should().Be(Expected);
    }

    [Fact]
    public void ShortRow_MessageEndsWithAPoint()
    {
        DelimitedDataException ex = Fails("1,2,3\n4,5\n");

        ex.Message.Should().Be("Line 2, column 3: 2 fields separated by comma were found, 3 were expected (as on line 1).");
        ex.FieldText.Should().BeNull();
    }

    [Fact]
    public void EscapedQuoteInANumberField_IsReportedUnescaped()
    {
        DelimitedDataException ex = Fails("1,2\n\"a\"\"b\",1\n");

        ex.FieldText.Should().Be("a\"b");
        ex.Message.Should().Be("Line 2, column 1: \"a\"b\" is not a number; column \"c0\"" + NotANumberTail);
    }

    [Fact]
    public void FieldOfSpaces_IsReportedEmpty_WithoutShowingTheSpaces()
    {
        Fails("1,2\n  ,3\n").Message.Should().Be(
            "Line 2, column 1: the field is empty; a number for column \"c0\" was expected (missing values are not supported).");
    }

    [Fact]
    public void FieldOfANoBreakSpace_IsReportedEmpty_ShowingTheWhitespace()
    {
        Fails("1,2\n\u00A0,3\n").Message.Should().Be(
            "Line 2, column 1: the field is empty (it holds only the whitespace \"\\u00A0\"); a number for column \"c0\" was expected (missing values are not supported).");
    }

    [Fact]
    public void BadFeatureBeyondTheFirstLine_GetsNoHeaderHint()
    {
        Fails("1,2\n1x,2\n").Message.Should().Be("Line 2, column 1: \"1x\" is not a number; column \"c0\"" + NotANumberTail);
    }

    [Theory]
    [InlineData("-,5")] // the comma follows no digit, though "-.5" would be a number
    [InlineData("1,e5")] // no digit follows the comma, though "1.e5" would be a number
    [InlineData("1,5e999")] // "1.5e999" overflows to infinity
    public void CommaNotBetweenDigitsOrNotGivingAFiniteNumber_GetsNoDecimalCommaHint(string field)
    {
        Fails($"1;2\n{field};2\n", Semicolon).Message.Should().Be($"Line 2, column 1: \"{field}\" is not a number; column \"c0\"" + NotANumberTail);
    }

    [Fact]
    public void DecimalComma_GetsTheHint()
    {
        Fails("1;2\n1,5;2\n", Semicolon).Message.Should().Be(
            "Line 2, column 1: \"1,5\" is not a number; it looks like a number with a decimal comma, but numbers are read in invariant culture, " +
            "with a point as the decimal separator (1.5). Write the file's numbers with a point, for example by saving it with an English or invariant locale.");
    }

    [Fact]
    public void NullDelimiter_IsRefusedByName()
    {
        Refused("1,2\n", new DelimitedFileOptions { Delimiter = null! }).Message.Should().Be(
            "options.Delimiter must be set; null was given. (Parameter 'options')");
    }

    [Fact]
    public void CategoricalColumnZero_IsAccepted()
    {
        LabeledData data = DelimitedFile.Parse("a,1\nb,2\na,3\n", new DelimitedFileOptions { TargetColumns = [0], CategoricalColumn = 0 });

        data.ClassNames.Should().Equal("a", "b");
        data.ClassIndices.Should().Equal(0, 1, 0);
        data.Features.ToRowMajorArray().Should().Equal(1, 2, 3);
    }

    [Fact]
    public void CategoricalColumnOutsideOneTarget_IsRefusedBeforeReading()
    {
        Refused("1,2\n", new DelimitedFileOptions { TargetColumns = [1], CategoricalColumn = 0 }).Message.Should().Be(
            "options.CategoricalColumn must be one of the target columns (1); 0 was given. (Parameter 'options')");
    }

    [Fact]
    public void CategoricalColumnOutsideTwoTargets_IsRefusedBeforeReading()
    {
        Refused("1,2,3\n", new DelimitedFileOptions { TargetColumns = [1, 2], CategoricalColumn = 0 }).Message.Should().Be(
            "options.CategoricalColumn must be one of the target columns (1, 2); 0 was given. (Parameter 'options')");
    }

    [Fact]
    public void CategoricalColumnOtherThanTheDefaultTarget_IsRefusedWithTheColumnCount()
    {
        Refused("a,1\n", new DelimitedFileOptions { CategoricalColumn = 0 }).Message.Should().Be(
            "options.CategoricalColumn must be one of the target columns (1); 0 was given (the data has 2 columns). (Parameter 'options')");
    }

    [Fact]
    public void NoFeatureLeft_ByTheDefaultTarget_SaysItIsUnset()
    {
        Refused("1\n2\n", new DelimitedFileOptions()).Message.Should().Be(
            "At least one feature column is needed, but every column of the data is a target (1 counted on line 1; options.TargetColumns is unset, meaning the last column). (Parameter 'options')");
    }

    [Fact]
    public void NoFeatureLeft_ByListedTargets_ListsThem()
    {
        Refused("1,2\n", new DelimitedFileOptions { TargetColumns = [1, 0] }).Message.Should().Be(
            "At least one feature column is needed, but every column of the data is a target (2 counted on line 1; options.TargetColumns is [1, 0]). (Parameter 'options')");
    }

    [Fact]
    public void NulCharacter_IsNamed()
    {
        Fails("1,2\n3,\0\n").Message.Should().Be(
            "Line 2: the text does not look like delimited text: character 3 of the line is U+0000, a control character (NUL). " +
            "Is this a binary file, or text in an encoding other than UTF-8 (such as Latin-1, or UTF-16 without a byte order mark)?");
    }

    [Fact]
    public void OtherControlCharacter_IsNotCalledNul()
    {
        Fails("1,2\n3,\u0001\n").Message.Should().Be(
            "Line 2: the text does not look like delimited text: character 3 of the line is U+0001, a control character. " +
            "Is this a binary file, or text in an encoding other than UTF-8 (such as Latin-1, or UTF-16 without a byte order mark)?");
    }

    [Fact]
    public void DoubledQuotesInsideAnUnquotedLabel_StayDoubled()
    {
        LabeledData data = DelimitedFile.Parse("a\"\"b,1\n", new DelimitedFileOptions { TargetColumns = [0], CategoricalColumn = 0 });

        data.ClassNames.Should().Equal("a\"\"b");
    }

    [Fact]
    public void LongText_IsCutBeforeASurrogatePairThatStraddlesTheCut()
    {
        // 64 characters: 59 x, an emoji at 59 and 60 (a surrogate pair across the 60-character cut), 3 y.
        string field = new string('x', 59) + "😀" + "yyy";

        Fails($"1,2\n{field},2\n").Message.Should().Be(
            $"Line 2, column 1: \"{new string('x', 59)}…\" (64 characters) is not a number; column \"c0\"" + NotANumberTail);
    }

    [Fact]
    public void SurrogatePairAndBackslash_AreShownAsWritten_WithTheBackslashDoubled()
    {
        Fails("1,2\na😀\\b,2\n").Message.Should().Be("Line 2, column 1: \"a😀\\\\b\" is not a number; column \"c0\"" + NotANumberTail);
    }

    [Fact]
    public void WhitespaceDelimitedHeader_IsTrimmed_AndKeepsDoubledQuotes()
    {
        LabeledData data = DelimitedFile.Parse("\u00A0a b\"\"c\n1 2\n", new DelimitedFileOptions { Delimiter = FieldDelimiter.Whitespace, HasHeader = true });

        data.ColumnNames.Should().Equal("a", "b\"\"c");
    }

    [Fact]
    public void CommaDelimitedHeader_LastNameIsTrimmed_AndKeepsDoubledQuotes()
    {
        LabeledData data = DelimitedFile.Parse("x,\u00A0b\"\"c\n1,2\n", new DelimitedFileOptions { HasHeader = true });

        data.ColumnNames.Should().Equal("x", "b\"\"c");
    }
}
