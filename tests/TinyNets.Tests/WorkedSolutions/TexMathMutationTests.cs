using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// What <see cref="WorkedSolutionTexTests"/> leaves loose in <see cref="TexMath"/>: the TeX command of every Greek
/// letter and accented letter a name may hold and of every combining accent, the pieces the layout joins (the
/// continuing plus sign, ½, the sums, ln, the negation, the brackets, the index ik), NaN, the edges of a name's trailing
/// index, scripts and underscore, the switch from bmatrix to array at 11 columns, the escaping of TeX's special
/// characters in text and in math mode, and the commands of σ and tanh. Expected TeX is written out from the standard
/// LaTeX and amsmath commands (LaTeX's symbol list, the amsmath manual), not taken from the code's output.
/// </summary>
public class TexMathMutationTests
{
    private static readonly TexMath Tex = new(WorkedNumberFormat.Exact);

    // Each letter alone is one visible symbol, so the name is its command as it stands (no \mathrm around it).
    // ε and φ are written with the curly forms \varepsilon and \varphi.
    [Theory]
    [InlineData("α", @"\alpha")]
    [InlineData("β", @"\beta")]
    [InlineData("γ", @"\gamma")]
    [InlineData("δ", @"\delta")]
    [InlineData("ε", @"\varepsilon")]
    [InlineData("ζ", @"\zeta")]
    [InlineData("η", @"\eta")]
    [InlineData("θ", @"\theta")]
    [InlineData("ι", @"\iota")]
    [InlineData("κ", @"\kappa")]
    [InlineData("λ", @"\lambda")]
    [InlineData("μ", @"\mu")]
    [InlineData("ν", @"\nu")]
    [InlineData("ξ", @"\xi")]
    [InlineData("π", @"\pi")]
    [InlineData("ρ", @"\rho")]
    [InlineData("σ", @"\sigma")]
    [InlineData("τ", @"\tau")]
    [InlineData("υ", @"\upsilon")]
    [InlineData("φ", @"\varphi")]
    [InlineData("χ", @"\chi")]
    [InlineData("ψ", @"\psi")]
    [InlineData("ω", @"\omega")]
    [InlineData("Γ", @"\Gamma")]
    [InlineData("Δ", @"\Delta")]
    [InlineData("Θ", @"\Theta")]
    [InlineData("Λ", @"\Lambda")]
    [InlineData("Ξ", @"\Xi")]
    [InlineData("Π", @"\Pi")]
    [InlineData("Σ", @"\Sigma")]
    [InlineData("Φ", @"\Phi")]
    [InlineData("Ψ", @"\Psi")]
    [InlineData("Ω", @"\Omega")]
    [InlineData("ŷ", @"\hat{y}")]
    [InlineData("ã", @"\tilde{a}")]
    [InlineData("õ", @"\tilde{o}")]
    [InlineData("ŵ", @"\hat{w}")]
    [InlineData("ẑ", @"\hat{z}")]
    public void EverySymbol_AloneIsItsTexCommand(string name, string tex)
    {
        Tex.Name(name).Should().Be(tex);
    }

    // A combining accent after a letter puts the letter under the accent's command: x + U+0304 is \bar{x}.
    [Theory]
    [InlineData("x\u0303", @"\tilde{x}")]
    [InlineData("x\u0302", @"\hat{x}")]
    [InlineData("x\u0304", @"\bar{x}")]
    [InlineData("x\u0307", @"\dot{x}")]
    [InlineData("x\u20D7", @"\vec{x}")]
    public void EveryCombiningAccent_IsItsTexCommand(string name, string tex)
    {
        Tex.Name(name).Should().Be(tex);
    }

    // {}+ : an empty group before + keeps it a binary operator after an alignment point (&).
    [Theory]
    [InlineData("PlusSign", "{}+")]
    [InlineData("Half", @"\tfrac{1}{2} \cdot ")]
    [InlineData("SumOverI", @"\sum_i ")]
    [InlineData("SumOverK", @"\sum_k ")]
    [InlineData("LnOfApplied", @"\ln \sigma(z)")]
    [InlineData("Negate", "-x")]
    [InlineData("Brackets", @"\left[a + b\right]")]
    [InlineData("WithIndexIK", "{y}_{ik}")]
    [InlineData("WithIndexIK of a symbol", @"{\hat{y}}_{ik}")]
    public void TheLayoutsPieces_AreTheirTex(string piece, string tex)
    {
        string written = piece switch
        {
            "PlusSign" => Tex.PlusSign,
            "Half" => Tex.Half,
            "SumOverI" => Tex.SumOverI,
            "SumOverK" => Tex.SumOverK,
            "LnOfApplied" => Tex.LnOfApplied(@"\sigma(z)"),
            "Negate" => Tex.Negate("x"),
            "Brackets" => Tex.Brackets("a + b"),
            "WithIndexIK" => Tex.WithIndexIK("y"),
            "WithIndexIK of a symbol" => Tex.WithIndexIK("ŷ"),
            _ => throw new ArgumentOutOfRangeException(nameof(piece), piece, "no such piece"),
        };
        written.Should().Be(tex);
    }

    [Fact]
    public void NaN_IsUprightText()
    {
        Tex.Number(double.NaN).Should().Be(@"\mathrm{NaN}");
    }

    // "[1]" has its bracket at the start: there is no name before it to take the index as a subscript, so the whole
    // text is the name, upright.
    [Fact]
    public void ABracketAtTheStart_IsNoIndex()
    {
        Tex.Name("[1]").Should().Be(@"\mathrm{[1]}");
    }

    // An index needs both brackets: "x[1" is three symbols of a name, not x with an (empty) index.
    [Fact]
    public void AnUnclosedBracket_IsNoIndex()
    {
        Tex.Name("x[1").Should().Be(@"\mathrm{x[1}");
    }

    // A superscript or subscript needs a name before it: a lone ¹ or ᵀ is the name itself.
    [Theory]
    [InlineData("¹", @"\mathrm{¹}")]
    [InlineData("ᵀ", @"\mathrm{ᵀ}")]
    public void ALoneScript_IsTheName(string name, string tex)
    {
        Tex.Name(name).Should().Be(tex);
    }

    // An underscore at the start has no name before it: it is an escaped character of the name, not a subscript.
    [Fact]
    public void AnUnderscoreAtTheStart_IsNoSubscript()
    {
        Tex.Name("_a").Should().Be(@"\mathrm{\_a}");
    }

    // Only an all-digit subscript stays as it is; one that mixes digits and letters is upright text.
    [Theory]
    [InlineData("x_1a", @"x_{\mathrm{1a}}")]
    [InlineData("x_a1", @"x_{\mathrm{a1}}")]
    [InlineData("x_12", "x_{12}")]
    public void ASubscriptWithALetter_IsUpright(string name, string tex)
    {
        Tex.Name(name).Should().Be(tex);
    }

    [Fact]
    public void NoRows_IsAnEmptyBmatrix()
    {
        Tex.Matrix([]).Should().Be(@"\begin{bmatrix}\end{bmatrix}");
    }

    // amsmath's bmatrix takes at most 10 columns (MaxMatrixCols): 10 stay a bmatrix.
    [Fact]
    public void TenColumns_AreABmatrix()
    {
        string[] row = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
        Tex.Matrix([row]).Should().Be(@"\begin{bmatrix}1 & 2 & 3 & 4 & 5 & 6 & 7 & 8 & 9 & 10\end{bmatrix}");
    }

    // The widest row counts: a short row before one of 11 entries still needs the array of 11 columns.
    [Fact]
    public void RaggedRows_TakeTheWidestRowsColumns()
    {
        string[] shortRow = ["a"];
        string[] longRow = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];
        Tex.Matrix([shortRow, longRow]).Should().Be(
            @"\left[\begin{array}{ccccccccccc}a \\ 1 & 2 & 3 & 4 & 5 & 6 & 7 & 8 & 9 & 10 & 11\end{array}\right]");
        Tex.Matrix([longRow, shortRow]).Should().Be(
            @"\left[\begin{array}{ccccccccccc}1 & 2 & 3 & 4 & 5 & 6 & 7 & 8 & 9 & 10 & 11 \\ a\end{array}\right]");
    }

    // Text mode (LaTeX's own escapes of its ten special characters): \textbackslash{}, \{, \}, \$, \&, \#, \_, \%,
    // \textasciicircum{} and \textasciitilde{}.
    [Fact]
    public void EscapeText_EscapesEverySpecialCharacterForTextMode()
    {
        TexMath.EscapeText(@"a\b{c}d$e&f#g_h%i^j~k").Should().Be(
            @"a\textbackslash{}b\{c\}d\$e\&f\#g\_h\%i\textasciicircum{}j\textasciitilde{}k");
    }

    [Theory]
    [InlineData(@"\", @"\textbackslash{}")]
    [InlineData("{", @"\{")]
    [InlineData("}", @"\}")]
    [InlineData("^", @"\textasciicircum{}")]
    [InlineData("~", @"\textasciitilde{}")]
    public void EscapeText_OneSpecialCharacter(string text, string tex)
    {
        TexMath.EscapeText(text).Should().Be(tex);
    }

    // Math mode (in \mathrm): the text commands are not allowed there, so \, ^ and ~ become the math symbols
    // \backslash, \wedge and \sim, each in braces among the other symbols of the name.
    [Theory]
    [InlineData(@"p\q", @"\mathrm{p{\backslash }q}")]
    [InlineData("p^q", @"\mathrm{p{\wedge }q}")]
    [InlineData("p~q", @"\mathrm{p{\sim }q}")]
    [InlineData("p{q}", @"\mathrm{p\{q\}}")]
    [InlineData(@"x_a\b^c~d", @"x_{\mathrm{a\backslash b\wedge c\sim d}}")]
    public void NamesEscapeSpecialCharactersForMathMode(string name, string tex)
    {
        Tex.Name(name).Should().Be(tex);
    }

    // σ and tanh have their own commands; every other function is an \operatorname.
    [Fact]
    public void SigmaAndTanh_AreTheirCommands_OtherFunctionsAreOperatorNames()
    {
        Tex.Apply("σ", "z").Should().Be(@"\sigma(z)");
        Tex.Apply("tanh", "z").Should().Be(@"\tanh(z)");
        Tex.Derivative("σ", "z").Should().Be(@"\sigma'(z)");
        Tex.Derivative("tanh", "z").Should().Be(@"\tanh'(z)");
        Tex.Apply("ReLU", "z").Should().Be(@"\operatorname{ReLU}(z)");
    }
}
