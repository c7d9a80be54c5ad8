using System.Reflection;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Storage;
using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

/// <summary>
/// Classes and probabilities from a classifier's outputs: the one-row P(class 1) form, the checks of the output kind,
/// emptiness and finiteness with their whole messages, and the refusal of a two-row result too large for one array.
/// </summary>
public class ClassifierOutputsMutationTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void CheckKind_AnUndefinedKind_IsRefusedWithItsNumber()
    {
        Action act = () => ClassifierOutputs.CheckKind((ClassifierOutput)7, "output");

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("'output' must be Logits, Probabilities or LogProbabilities; 7 was given. (Parameter 'output')*")
            .Which.ParamName.Should().Be("output");
    }

    [Fact]
    public void Probabilities_OneOutputWithoutTwoRows_IsOneRowOfPClassOne()
    {
        Matrix<double> given = ClassifierOutputs.Probabilities(M(new[,] { { 0.2, 0.7, 1.0 } }), ClassifierOutput.Probabilities, "outputs", binaryTwoRows: false);
        // Logits: σ(0) = ½ and σ(ln 3) = 1 / (1 + ⅓) = ¾.
        Matrix<double> logits = ClassifierOutputs.Probabilities(M(new[,] { { 0.0, Math.Log(3) } }), ClassifierOutput.Logits, "outputs", binaryTwoRows: false);

        given.RowCount.Should().Be(1);
        given.Row(0).ToArray().Should().Equal(0.2, 0.7, 1.0);
        logits.RowCount.Should().Be(1);
        logits.ColumnCount.Should().Be(2);
        logits[0, 0].Should().Be(0.5);
        logits[0, 1].Should().BeApproximately(0.75, 1e-15);
    }

    [Fact]
    public void Probabilities_TwoOutputs_KeepTheirRows_WhateverTheBinaryFlag()
    {
        Matrix<double> outputs = M(new[,] { { 0.2, 0.9 }, { 0.8, 0.1 } });

        Matrix<double> result = ClassifierOutputs.Probabilities(outputs, ClassifierOutput.Probabilities, "outputs", binaryTwoRows: false);

        result.RowCount.Should().Be(2);
        result.ToColumnMajorArray().Should().Equal(0.2, 0.8, 0.9, 0.1);
    }

    [Fact]
    public void Classes_AnUndefinedKind_IsRefusedByTheKindsName()
    {
        Action act = () => ClassifierOutputs.Classes(M(new[,] { { 0.2 }, { 0.8 } }), (ClassifierOutput)7, "outputs");

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("'kind' must be Logits, Probabilities or LogProbabilities; 7 was given. (Parameter 'kind')*");
    }

    [Fact]
    public void Classes_NoSample_IsRefused()
    {
        Action act = () => ClassifierOutputs.Classes(Matrix<double>.Build.Dense(2, 0), ClassifierOutput.Logits, "outputs");

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'outputs' (shape 2×0); at least one sample (column) is expected. (Parameter 'outputs')");
    }

    [Fact]
    public void Classes_NaN_IsRefusedWithItsEntry()
    {
        Action act = () => ClassifierOutputs.Classes(M(new[,] { { 0.0 }, { double.NaN } }), ClassifierOutput.Logits, "outputs");

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'outputs' must contain only finite values; entry [1, 0] is NaN. (Parameter 'outputs')");
    }

    [Fact]
    public void Probabilities_TwoRowsOfMoreSamplesThanOneArrayHolds_AreRefused()
    {
        // A 1 × 1.1·10⁹ matrix, its storage a stand-in of one value (the real one would take 8.8 GB): the two rows
        // (1 − p, p) need 2.2·10⁹ values, more than the 2 147 483 591 of one .NET array.
        const int columns = 1_100_000_000;
        Matrix<double> outputs = new DenseMatrix(StandIn(1, columns));

        Action act = () => ClassifierOutputs.Probabilities(outputs, ClassifierOutput.Probabilities, "inputs", binaryTwoRows: true);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("The probabilities (classes × samples) needs 2 × 1100000000 = 2200000000 values; one array holds at most 2147483591. (Parameter 'inputs')*");
    }

    // A dense storage that reports rows × columns but holds a single value.
    private static DenseColumnMajorMatrixStorage<double> StandIn(int rows, int columns)
    {
        var storage = (DenseColumnMajorMatrixStorage<double>)RuntimeHelpers.GetUninitializedObject(typeof(DenseColumnMajorMatrixStorage<double>));
        Set(storage, "RowCount", rows);
        Set(storage, "ColumnCount", columns);
        Set(storage, "Data", new[] { 0.5 });
        return storage;
    }

    private static void Set(object target, string name, object value)
    {
        for (Type? type = target.GetType(); type is not null; type = type.BaseType)
        {
            FieldInfo? field = type.GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (field is not null)
            {
                field.SetValue(target, value);
                return;
            }
        }

        throw new InvalidOperationException($"No field {name} in {target.GetType()}.");
    }
}
