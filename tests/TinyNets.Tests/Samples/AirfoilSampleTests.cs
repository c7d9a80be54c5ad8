using System.Globalization;
using System.IO;
using TinyNets.Data;
using TinyNets.Samples.Experiments;
using TinyNets.Tests.Support;

namespace TinyNets.Tests.Samples;

/// <summary>
/// samples/Airfoil (sheet 004, catalogue S004-13 and T-5): the UCI airfoil self-noise data, a seeded 80/20 split, inputs and
/// target standardised on the training rows, a 5-64-64-1 tanh MLP (MSE, Adam, early stopping on a validation part of the
/// training rows). The errors are recomputed here from the raw file and the trained network with plain loops.
/// </summary>
public class AirfoilSampleTests
{
    private static readonly Lazy<AirfoilResult> Run = new(() => AirfoilExperiment.Run());

    private static string DataFile => Path.Combine(AppContext.BaseDirectory, "data", AirfoilExperiment.FileName);

    [Fact]
    public void The_saved_model_reloaded_and_served_from_four_threads_predicts_as_before_saving()
    {
        AirfoilResult r = Run.Value;
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-airfoil-{Guid.NewGuid():N}.json");
        try
        {
            AirfoilServingResult serving = AirfoilServing.SaveAndServe(r, path, threads: 4);

            serving.Mismatches.Should().Be(0);
            serving.Served.Should().Be(serving.Expected);
            // Against the batch prediction of the trained network (another order of additions), to rounding.
            for (int j = 0; j < serving.Served.ColumnCount; j++)
            {
                serving.Served[0, j].Should().BeApproximately(r.Mlp.TestPredictions[0, j], 1e-9);
            }

            // The file holds the scalers: a fresh load predicts raw rows itself.
            TinyNets.Serialization.ModelBundle loaded = TinyNets.Serialization.ModelBundle.Load(path);
            loaded.InputScaler.Should().NotBeNull();
            loaded.Predict(r.Data.Split.XTest.SubMatrix(0, 5, 0, 1))[0, 0].Should().Be(serving.Expected[0, 0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void S004_13_mlp_beats_the_mean_and_the_linear_model_and_reaches_2_5_dB()
    {
        AirfoilResult r = Run.Value;
        AirfoilData d = r.Data;
        double[][] rows = ReadRows();
        int[] train = d.Split.TrainIndices, test = d.Split.TestIndices;

        // Standardise the test inputs with the training rows' statistics (population std), from the raw file.
        var (means, stds) = Statistics(rows, train, 6);
        var x = Matrix<double>.Build.Dense(5, test.Length, (i, j) => (rows[test[j]][i] - means[i]) / stds[i]);
        double[] actual = test.Select(k => rows[k][5]).ToArray();

        double Rmse(Sequential net)
        {
            Matrix<double> z = net.Forward(x);
            double sse = 0;
            for (int j = 0; j < actual.Length; j++)
            {
                double predicted = (z[0, j] * stds[5]) + means[5];
                sse += (predicted - actual[j]) * (predicted - actual[j]);
            }

            return Math.Sqrt(sse / actual.Length);
        }

        double mlp = Rmse(r.Mlp.Network);
        double linear = Rmse(r.Linear.Network);
        double baseline = Math.Sqrt(actual.Sum(a => (a - means[5]) * (a - means[5])) / actual.Length);

        mlp.Should().BeApproximately(r.Mlp.Test.Rmse, 1e-9, "the sample reports the error this network makes");
        linear.Should().BeApproximately(r.Linear.Test.Rmse, 1e-9);
        baseline.Should().BeApproximately(r.MeanBaseline.Rmse, 1e-9);
        mlp.Should().BeLessThan(baseline, "the MLP must beat predicting the training mean");
        mlp.Should().BeLessThan(linear, "the MLP must beat the linear model");
        mlp.Should().BeLessThanOrEqualTo(AirfoilExperiment.TargetRmse, "the sample's target is ≤ 2.5 dB held-out RMSE");
        // The trained linear model should be close to the exact least-squares fit: the MLP's win is not a badly trained baseline.
        linear.Should().BeApproximately(r.LeastSquaresRmse, 0.1);
        r.Mlp.History.StopReason.Should().NotBe(TinyNets.Training.StopReason.Diverged);

        // README.md, Samples: "held-out RMSE 1.41 dB against 6.49 dB (predict the mean) and 4.70 dB (linear model)".
        ReadmeFigure.Matches(mlp, 1.41, 2, "the MLP's held-out RMSE in dB");
        ReadmeFigure.Matches(baseline, 6.49, 2, "the mean predictor's held-out RMSE in dB");
        ReadmeFigure.Matches(linear, 4.70, 2, "the linear model's held-out RMSE in dB");
    }

    [Fact]
    public void T5_the_loader_reads_6_columns_as_5_inputs_and_the_target()
    {
        LabeledData data = AirfoilExperiment.Load(Path.Combine(AppContext.BaseDirectory, "data"));

        data.ColumnNames.Should().HaveCount(6);
        data.FeatureColumns.Should().Equal(0, 1, 2, 3, 4);
        data.TargetColumns.Should().Equal(5);
        data.SampleCount.Should().Be(1503);
        double[][] rows = ReadRows();
        for (int j = 0; j < rows.Length; j += 97)
        {
            data.Features.Column(j).ToArray().Should().Equal(rows[j][..5]);
            data.Targets[0, j].Should().Be(rows[j][5]);
        }
    }

    [Fact]
    public void T5_split_is_80_20_and_disjoint_with_a_validation_part_of_the_training_rows()
    {
        AirfoilData d = Run.Value.Data;

        d.Split.TestIndices.Should().HaveCount(301, "round(0.2 × 1503) = 301");
        d.Split.TrainIndices.Should().HaveCount(1202);
        d.Split.TrainIndices.Concat(d.Split.TestIndices).Order().Should().Equal(Enumerable.Range(0, 1503));
        d.Inner.XTest.ColumnCount.Should().Be(180, "round(0.15 × 1202) = 180");
        d.Inner.XTrain.ColumnCount.Should().Be(1022);
    }

    [Fact]
    public void T5_standardisation_gives_mean_0_and_std_1_per_feature_on_the_training_part()
    {
        AirfoilData d = Run.Value.Data;
        Matrix<double> x = d.TrainInputs;
        x.RowCount.Should().Be(5);
        x.ColumnCount.Should().Be(1202);
        for (int i = 0; i < 5; i++)
        {
            double[] row = x.Row(i).ToArray();
            double mean = row.Average();
            double std = Math.Sqrt(row.Sum(v => (v - mean) * (v - mean)) / row.Length);
            mean.Should().BeApproximately(0, 1e-12, "feature {0} is centred on the training rows", i);
            std.Should().BeApproximately(1, 1e-12, "feature {0} has unit (population) deviation on the training rows", i);
        }

        // The scalers were fitted on the training rows only: the test rows are not exactly centred.
        Matrix<double> t = d.TestInputs;
        Enumerable.Range(0, 5).Max(i => Math.Abs(t.Row(i).Average())).Should().BeGreaterThan(1e-3);

        // The target scaler maps the training targets to mean 0 / std 1 and back to dB exactly.
        Matrix<double> y = d.TargetScaler.Transform(d.Split.YTrain);
        double yMean = y.Row(0).Average();
        Math.Sqrt(y.Row(0).Sum(v => (v - yMean) * (v - yMean)) / y.ColumnCount).Should().BeApproximately(1, 1e-12);
        yMean.Should().BeApproximately(0, 1e-12);
        double[] back = d.TargetScaler.InverseTransform(y).Row(0).ToArray();
        double[] original = d.Split.YTrain.Row(0).ToArray();
        for (int j = 0; j < original.Length; j++)
        {
            back[j].Should().BeApproximately(original[j], 1e-12 * original[j]);
        }
    }

    [Fact]
    public void T5_backward_pass_of_the_airfoil_mlp_matches_central_differences()
    {
        AirfoilData d = Run.Value.Data;
        Sequential net = AirfoilExperiment.CreateMlp();
        Matrix<double> x = d.Inner.XTrain.SubMatrix(0, 5, 0, 8);
        Matrix<double> y = d.Inner.YTrain.SubMatrix(0, 1, 0, 8);
        var loss = new MseLoss();
        loss.Forward(net.Forward(x), y);
        net.Backward(loss.Backward());

        const double h = 1e-6;
        foreach ((string name, int row, int col) in new[] { ("0.weight", 3, 1), ("0.bias", 17, 0), ("2.weight", 40, 5), ("4.weight", 0, 63), ("4.bias", 0, 0) })
        {
            Parameter p = net.GetParameter(name);
            double analytic = p.Gradient[row, col];
            double original = p.Value[row, col];
            p.Value[row, col] = original + h;
            double up = new MseLoss().Forward(net.Forward(x), y);
            p.Value[row, col] = original - h;
            double down = new MseLoss().Forward(net.Forward(x), y);
            p.Value[row, col] = original;
            analytic.Should().BeApproximately((up - down) / (2 * h), 1e-7 + (1e-6 * Math.Abs(analytic)), "∂L/∂{0}[{1},{2}]", name, row, col);
        }
    }

    private static double[][] ReadRows() =>
        File.ReadAllLines(DataFile)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    private static (double[] Means, double[] Stds) Statistics(double[][] rows, int[] indices, int columns)
    {
        double[] means = new double[columns], stds = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            double mean = indices.Average(k => rows[k][c]);
            means[c] = mean;
            stds[c] = Math.Sqrt(indices.Sum(k => (rows[k][c] - mean) * (rows[k][c] - mean)) / indices.Length);
        }

        return (means, stds);
    }
}
