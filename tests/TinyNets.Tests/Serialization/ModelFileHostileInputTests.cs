using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using TinyNets.Data;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// The reader is strict and safe: every malformed file is refused with a <see cref="ModelFormatException"/> whose
/// location is the JSON path of the problem and whose message says what was expected; newer minor versions and unknown
/// keys are read; sizes from the file are never allocated before they are checked against what the file holds.
/// </summary>
public class ModelFileHostileInputTests
{
    private static readonly string Valid = ModelFileSamples.ValidJson();

    private static JsonObject Document() => JsonNode.Parse(Valid)!.AsObject();

    private static ModelBundle Load(string json) => ModelBundle.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static ModelFormatException Refused(string json, string location, params string[] says)
    {
        var e = Assert.Throws<ModelFormatException>(() => Load(json));
        e.Location.Should().Be(location, e.Message);
        e.Message.Should().StartWith($"At {location}: ");
        foreach (string text in says)
        {
            e.Message.Should().Contain(text);
        }

        return e;
    }

    private static ModelFormatException Refused(Action<JsonObject> change, string location, params string[] says)
    {
        JsonObject document = Document();
        change(document);
        return Refused(document.ToJsonString(), location, says);
    }

    private static JsonObject Param(JsonObject d, int i) => d["parameters"]![i]!.AsObject();

    [Fact]
    public void TheValidFile_Loads()
    {
        ModelBundle loaded = Load(Valid);
        loaded.Optimizer.Should().BeOfType<Sgd>();
        loaded.TrainingState!.EpochsCompleted.Should().Be(3);
        loaded.ClassNames.Should().Equal("zero");
    }

    // ------------------------------------------------------------------ versions

    [Theory]
    [InlineData("2.0")]
    [InlineData("0.9")]
    public void AnotherMajorVersion_IsRefused_NamingTheVersionsThisBuildReads(string version) =>
        Refused(d => d["version"] = version, "$.version", "1.x", $"\"{version}\"");

    [Theory]
    [InlineData("1")]
    [InlineData("1.0.0")]
    [InlineData("v1.0")]
    public void AMalformedVersion_IsRefused(string version) => Refused(d => d["version"] = version, "$.version", "major.minor", version);

    [Fact]
    public void AWrongFormatName_IsRefused() => Refused(d => d["format"] = "safetensors", "$.format", "\"tinynets-model\"", "\"safetensors\"");

    [Fact]
    public void ANewerMinorVersion_WithUnknownKeysEverywhere_Loads()
    {
        JsonObject d = Document();
        d["version"] = "1.7";
        d["future_section"] = new JsonObject { ["deep"] = new JsonArray(1, 2, new JsonObject { ["x"] = "y" }) };
        d["layers"]![0]!["init"] = "kaiming";
        Param(d, 0)["dtype"] = "float64";
        d["optimizer"]!["amsgrad"] = false;
        d["training_state"]!["scheduler"] = new JsonObject { ["t"] = 3 };
        d["input_scaler"]!["n_samples_seen"] = 5;

        ModelBundle loaded = Load(d.ToJsonString());
        ModelBundle reference = Load(Valid);
        loaded.Network.NamedParameters.SelectMany(p => p.Value.ToVector()).Select(BitConverter.DoubleToInt64Bits)
            .Should().Equal(reference.Network.NamedParameters.SelectMany(p => p.Value.ToVector()).Select(BitConverter.DoubleToInt64Bits));
    }

    // ------------------------------------------------------------------ not JSON, truncated, nesting, duplicates

    [Fact]
    public void ATruncatedFile_IsRefused()
    {
        for (int cut = 1; cut < Valid.Length; cut += Valid.Length / 37)
        {
            var e = Assert.Throws<ModelFormatException>(() => Load(Valid[..cut]));
            e.Location.Should().StartWith("$");
            e.Message.Should().Contain("valid JSON was expected");
        }
    }

    [Fact]
    public void ANonJsonFile_IsRefused()
    {
        byte[] safetensorsLike = [0x40, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', 0xFF, 0xFE];
        var e = Assert.Throws<ModelFormatException>(() => ModelBundle.Load(new MemoryStream(safetensorsLike)));
        e.Message.Should().Contain("valid JSON was expected");
        Refused("", "$", "valid JSON was expected");
        Refused("PK\u0003\u0004 not json", "$", "valid JSON was expected");
        Refused("{\"format\": \"tinynets-model\", /* comment */ \"version\": \"1.0\"}", "$.format", "valid JSON was expected");
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("null", "$")]
    [InlineData("42", "$")]
    public void ATopLevelValueThatIsNotAnObject_IsRefused(string json, string location) => Refused(json, location);

    [Fact]
    public void TenThousandLevelsOfNesting_AreRefused_WithoutExhaustingTheStack()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        var e = Refused($"{{\"format\": \"tinynets-model\", \"version\": \"1.0\", \"extra\": {deep}}}", "$.extra" + string.Concat(Enumerable.Repeat("[0]", 62)), "valid JSON was expected");
        e.Message.Should().Contain("64");
    }

    [Fact]
    public void ADuplicatedKey_IsRefused_InsteadOfTheLastSilentlyWinning()
    {
        Refused(Valid.Replace("\"format\": \"tinynets-model\",", "\"format\": \"tinynets-model\", \"format\": \"tinynets-model\",", StringComparison.Ordinal),
            "$.format", "key \"format\" appears again");
        string values = "\"values\": [";
        int at = Valid.IndexOf(values, StringComparison.Ordinal);
        Refused(Valid[..at] + "\"values\": [0, 0, 0, 0], " + Valid[at..], "$.parameters[0].values", "key \"values\" appears again");
    }

    [Fact]
    public void ADuplicatedParameterName_IsRefused()
    {
        JsonObject d = Document();
        JsonObject copy = JsonNode.Parse(Param(d, 0).ToJsonString())!.AsObject();
        d["parameters"]!.AsArray().Add(copy);
        Refused(d.ToJsonString(), "$.parameters[4].name", "\"0.weight\"", "$.parameters[0]");
    }

    // ------------------------------------------------------------------ types and missing fields

    [Fact]
    public void WrongJsonTypes_AreRefused_NamingThePathAndTheExpectedType()
    {
        Refused(d => d["layers"]![0]!["in_features"] = "2", "$.layers[0].in_features", "integer");
        Refused(d => d["layers"]![0]!["in_features"] = 2.5, "$.layers[0].in_features", "integer");
        Refused(d => d["layers"]![0]!["bias"] = 1, "$.layers[0].bias", "true or false");
        Refused(d => d["layers"] = new JsonObject(), "$.layers", "array");
        Refused(d => Param(d, 0)["values"] = "abc", "$.parameters[0].values", "array");
        Refused(d => Param(d, 0)["values"]![1] = true, "$.parameters[0].values[1]", "number");
        Refused(d => d["metadata"]!["k"] = 3, "$.metadata.k", "string");
        Refused(d => d["version"] = 1.0, "$.version", "string");
        Refused(d => d["training_state"]!["random_state"]![0] = -1, "$.training_state.random_state[0]", "unsigned");
    }

    [Theory]
    [InlineData("format")]
    [InlineData("version")]
    [InlineData("layers")]
    [InlineData("parameters")]
    public void AMissingTopLevelField_IsRefused(string field) => Refused(d => d.Remove(field), "$." + field, "expected");

    [Fact]
    public void MissingNestedFields_AreRefused()
    {
        Refused(d => d["layers"]![0]!.AsObject().Remove("kind"), "$.layers[0].kind", "Linear, Identity");
        Refused(d => d["layers"]![0]!.AsObject().Remove("out_features"), "$.layers[0].out_features", "positive integer");
        Refused(d => Param(d, 1).Remove("shape"), "$.parameters[1].shape", "[2]");
        Refused(d => Param(d, 1).Remove("values"), "$.parameters[1].values", "2 numbers");
        Refused(d => d["optimizer"]!.AsObject().Remove("lr"), "$.optimizer.lr", "\"lr\"");
        Refused(d => d["optimizer"]!.AsObject().Remove("steps"), "$.optimizer.steps");
        Refused(d => d["training_state"]!.AsObject().Remove("epochs_completed"), "$.training_state.epochs_completed");
        Refused(d => d["input_scaler"]!.AsObject().Remove("scale"), "$.input_scaler.scale");
        Refused(d => d["layers"]![1] = null, "$.layers[1]", "null");
        Refused(d => d["parameters"]!.AsArray().RemoveAt(3), "$.parameters", "\"2.bias\" is missing");
    }

    // ------------------------------------------------------------------ values

    [Fact]
    public void NonFiniteValues_AreRefused_InEveryForm()
    {
        static string WithValue(string literal)
        {
            JsonObject d = Document();
            Param(d, 0)["values"]![1] = 12345.5;
            return d.ToJsonString().Replace("12345.5", literal, StringComparison.Ordinal);
        }

        foreach (string literal in new[] { "NaN", "\"NaN\"", "Infinity", "\"Infinity\"", "\"-Infinity\"", "1e400", "-1e400", "1E+309" })
        {
            var e = Assert.Throws<ModelFormatException>(() => Load(WithValue(literal)));
            if (literal is "NaN" or "Infinity")
            {
                // Not JSON at all: the syntax pass stops in that array.
                e.Location.Should().StartWith("$.parameters[0].values", literal);
                e.Message.Should().Contain("valid JSON was expected", literal);
            }
            else
            {
                e.Location.Should().Be("$.parameters[0].values[1]", literal);
                e.Message.Should().Contain("finite number", literal);
            }
        }
    }

    [Fact]
    public void ShapesThatDoNotMatchTheArchitecture_AreRefused()
    {
        Refused(d => Param(d, 0)["shape"] = new JsonArray(1000000, 1000000), "$.parameters[0].shape", "[2, 2]", "[1000000, 1000000]");
        Refused(d => Param(d, 0)["shape"] = new JsonArray(4), "$.parameters[0].shape", "[2, 2]", "[4]");
        Refused(d => Param(d, 1)["values"]!.AsArray().Add(0.5), "$.parameters[1].values", "2 numbers", "3 were found");
        Refused(d => Param(d, 0)["name"] = "9.weight", "$.parameters[0].name", "\"0.weight\"", "\"9.weight\"");
        Refused(d => d["layers"]![2]!["in_features"] = 3, "$.layers[2].in_features", "2 was expected", "3 was found");
        Refused(d => d["layers"]![1]!["kind"] = "GELU", "$.layers[1].kind", "Linear, Identity, ReLU, LeakyReLU", "\"GELU\"");
        Refused(d => d["layers"]![0]!["in_features"] = 0, "$.layers[0].in_features", "positive integer", "0 was found");
    }

    [Fact]
    public void SoftplusParameters_OutOfRange_AreRefused()
    {
        static void WithSoftplus(JsonObject d, JsonObject softplus) => d["layers"]![1] = softplus;

        Refused(d => WithSoftplus(d, new JsonObject { ["kind"] = "Softplus", ["beta"] = 0 }), "$.layers[1].beta", "positive finite number", "0 was found");
        Refused(d => WithSoftplus(d, new JsonObject { ["kind"] = "Softplus", ["beta"] = -2.5 }), "$.layers[1].beta", "positive finite number", "-2.5 was found");
        Refused(d => WithSoftplus(d, new JsonObject { ["kind"] = "Softplus", ["beta"] = "NaN" }), "$.layers[1].beta", "finite number");
        Refused(d => WithSoftplus(d, new JsonObject { ["kind"] = "Softplus", ["threshold"] = "NaN" }), "$.layers[1].threshold", "finite number");
        Refused(d => WithSoftplus(d, new JsonObject { ["kind"] = "Softplus", ["threshold"] = "-Infinity" }), "$.layers[1].threshold", "finite number");
        Refused(d => WithSoftplus(d, new JsonObject { ["kind"] = "Softplus", ["beta"] = true }), "$.layers[1].beta", "finite number");

        JsonObject document = Document();
        WithSoftplus(document, new JsonObject { ["kind"] = "Softplus", ["beta"] = 12345.5 });
        Refused(document.ToJsonString().Replace("12345.5", "1e999", StringComparison.Ordinal), "$.layers[1].beta", "finite number");

        // Present and valid, or absent: loads.
        JsonObject valid = Document();
        WithSoftplus(valid, new JsonObject { ["kind"] = "Softplus", ["beta"] = 2, ["threshold"] = -1 });
        var softplus = (Softplus)Load(valid.ToJsonString()).Network[1];
        (softplus.Beta, softplus.Threshold).Should().Be((2.0, -1.0));
        JsonObject log = Document();
        log["layers"]![1] = new JsonObject { ["kind"] = "LogSoftmax" };
        Load(log.ToJsonString()).Network[1].Should().BeOfType<LogSoftmax>();
    }

    [Fact]
    public void ADeclaredTrillionElementLayer_IsRefusedBeforeAllocating()
    {
        string json = """
            {"format": "tinynets-model", "version": "1.0",
             "layers": [{"kind": "Linear", "in_features": 1000000, "out_features": 1000000, "bias": false}],
             "parameters": [{"name": "0.weight", "shape": [1000000, 1000000], "values": [1, 2]}]}
            """;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused(json, "$.parameters[0].values", "1000000000000 numbers", "2 were found");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20, "nothing of the declared size is allocated");
    }

    [Fact]
    public void OptimizerEntries_AreValidated()
    {
        Refused(d => d["optimizer"]!["kind"] = "Adadelta", "$.optimizer.kind", "SGD, Adam, AdamW, RMSprop, Adagrad", "\"Adadelta\"");
        Refused(d => d["optimizer"]!["momentum"] = 1.5, "$.optimizer.momentum", "[0, 1)");
        Refused(d => d["optimizer"]!["lr"] = -1, "$.optimizer.lr", "positive");
        Refused(d => d["optimizer"]!["steps"] = -1, "$.optimizer.steps", "≥ 0");
        Refused(d => d["optimizer"]!["state"]![0]!["buffer"] = "exp_avg", "$.optimizer.state[0].buffer", "momentum_buffer", "\"exp_avg\"");
        Refused(d => d["optimizer"]!["state"]![0]!["parameter"] = "7.bias", "$.optimizer.state[0].parameter", "\"7.bias\"");
        Refused(d => d["optimizer"]!["state"]![1]!["values"]!.AsArray().RemoveAt(0), "$.optimizer.state[1].values", "2 numbers");
        Refused(d => d["optimizer"]!["state"]!.AsArray().RemoveAt(3), "$.optimizer.state", "\"2.bias\" is missing");
        Refused(d => d["optimizer"]!["state"]![3] = JsonNode.Parse(d["optimizer"]!["state"]![0]!.ToJsonString()), "$.optimizer.state[3]", "already appeared at $.optimizer.state[0]");
        JsonObject d = Document();
        d["optimizer"]!["state"]![0]!["values"]![0] = 12345.5;
        Refused(d.ToJsonString().Replace("12345.5", "1e999", StringComparison.Ordinal),
            "$.optimizer.state[0].values[0]", "finite number");
    }

    [Fact]
    public void RmsPropAndAdagradEntries_AreValidated()
    {
        // The valid file's SGD entry (momentum 0.9, a momentum_buffer per parameter) turned into the new kinds.
        static void RmsPropKeys(JsonObject d, bool centered)
        {
            d["optimizer"]!["kind"] = "RMSprop";
            d["optimizer"]!["alpha"] = 0.99;
            d["optimizer"]!["eps"] = 1e-8;
            d["optimizer"]!["centered"] = centered;
        }

        // With its buffers: square_avg (and grad_avg when centered) beside each momentum_buffer.
        static void RmsProp(JsonObject d, bool centered)
        {
            RmsPropKeys(d, centered);
            JsonArray state = d["optimizer"]!["state"]!.AsArray();
            foreach (JsonNode? entry in state.ToList())
            {
                foreach (string name in centered ? new[] { "square_avg", "grad_avg" } : ["square_avg"])
                {
                    JsonNode copy = JsonNode.Parse(entry!.ToJsonString())!;
                    copy["buffer"] = name;
                    state.Add(copy);
                }
            }
        }

        static void AdagradKeys(JsonObject d)
        {
            d["optimizer"]!["kind"] = "Adagrad";
            d["optimizer"]!["lr_decay"] = 0.0;
            d["optimizer"]!["initial_accumulator_value"] = 0.0;
            d["optimizer"]!["eps"] = 1e-10;
        }

        static void Adagrad(JsonObject d)
        {
            AdagradKeys(d);
            foreach (JsonNode? entry in d["optimizer"]!["state"]!.AsArray())
            {
                entry!["buffer"] = "sum";
            }
        }

        JsonObject valid = Document();
        RmsProp(valid, centered: true);
        Load(valid.ToJsonString()).Optimizer.Should().BeOfType<RmsProp>().Which.Centered.Should().BeTrue();
        valid = Document();
        Adagrad(valid);
        Load(valid.ToJsonString()).Optimizer.Should().BeOfType<Adagrad>().Which.Steps.Should().BePositive();

        Refused(d => d["optimizer"]!["kind"] = "RMSprop", "$.optimizer.alpha", "RMSprop needs \"alpha\"");
        Refused(d => { RmsProp(d, false); d["optimizer"]!.AsObject().Remove("centered"); }, "$.optimizer.centered", "true or false");
        Refused(d => { RmsProp(d, false); d["optimizer"]!["alpha"] = 1.5; }, "$.optimizer.alpha", "[0, 1]");
        Refused(d => RmsPropKeys(d, false), "$.optimizer.state", "buffer \"square_avg\" of every parameter was expected");
        Refused(d => { RmsProp(d, true); d["optimizer"]!["state"]![0]!["buffer"] = "sum"; }, "$.optimizer.state[0].buffer", "square_avg, momentum_buffer, grad_avg", "\"sum\"");
        Refused(d => d["optimizer"]!["kind"] = "Adagrad", "$.optimizer.lr_decay", "Adagrad needs \"lr_decay\"");
        Refused(d => { Adagrad(d); d["optimizer"]!["lr_decay"] = -1; }, "$.optimizer.lr_decay", "≥ 0");
        Refused(d => { Adagrad(d); d["optimizer"]!["initial_accumulator_value"] = -0.5; }, "$.optimizer.initial_accumulator_value", "≥ 0");
        Refused(AdagradKeys, "$.optimizer.state[0].buffer", "one of sum was expected", "\"momentum_buffer\"");
    }

    [Fact]
    public void TrainingStateEntries_AreValidated()
    {
        Refused(d => d["training_state"]!["random_state"] = new JsonArray(0, 0, 0, 0), "$.training_state.random_state", "not all zero");
        Refused(d => d["training_state"]!["random_state"] = new JsonArray(1, 2, 3), "$.training_state.random_state", "4 unsigned");
        Refused(d => d["training_state"]!["order"]![1] = d["training_state"]!["order"]![0]!.GetValue<int>(), "$.training_state.order[1]", "permutation", "repeated");
        Refused(d => d["training_state"]!["order"]![0] = 99, "$.training_state.order[0]", "permutation", "out of range");
        Refused(d => d["training_state"]!["best_epoch"] = 9, "$.training_state.best_epoch", "from 1 to 3");
        Refused(d => d["training_state"]!["epochs_without_improvement"] = -1, "$.training_state.epochs_without_improvement");
        Refused(d => d["training_state"]!["best_parameters"]![0]!["values"]![0] = "NaN", "$.training_state.best_parameters[0].values[0]", "number");
        Refused(d => d["training_state"]!["last_parameters"]![2]!["shape"] = new JsonArray(2, 1), "$.training_state.last_parameters[2].shape", "[1, 2]");
        Refused(d => d["training_state"]!.AsObject().Remove("order"), "$.training_state.order", "together");
    }

    [Fact]
    public void ScalerClassNameAndMetadataEntries_AreValidated()
    {
        Refused(d => d["input_scaler"]!["scale"]![1] = -2, "$.input_scaler.scale", "positive", "entry 1");
        Refused(d => d["input_scaler"]!["mean"]!.AsArray().Add(0), "$.input_scaler.mean", "2 numbers", "3 were found");
        Refused(d => d["input_scaler"]!["kind"] = "RobustScaler", "$.input_scaler.kind", "StandardScaler or MinMaxScaler");
        Refused(d => d["target_scaler"]!["data_max"]![0] = -5, "$.target_scaler.data_max", "maximum");
        Refused(d => d["target_scaler"]!["feature_range"] = new JsonArray(1, 0), "$.target_scaler.feature_range", "above");
        Refused(d => d["target_scaler"]!.AsObject().Remove("feature_range"), "$.target_scaler.feature_range", "[min, max]");
        Refused(d => d["class_names"]!.AsArray().Add("zero"), "$.class_names[1]", "\"zero\"", "$.class_names[0]");
        Refused(d => d["metadata"]!["k"] = null, "$.metadata.k", "string", "null");
    }

    [Fact]
    public void AFileName_IsNamedInTheMessage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, Valid.Replace($"\"{ModelFile.MajorVersion}.{ModelFile.MinorVersion}\"", "\"3.1\"", StringComparison.Ordinal));
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
            e.SourceName.Should().Be(path);
            e.Message.Should().StartWith($"{path}, at $.version: ");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
