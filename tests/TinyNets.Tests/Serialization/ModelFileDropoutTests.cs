using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using TinyNets.Serialization;

namespace TinyNets.Tests.Serialization;

/// <summary>The model file stores a Dropout layer as kind "Dropout" with its p, and refuses a missing or invalid p.</summary>
public class ModelFileDropoutTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 3), new Dropout(0.25), new Linear(3, 1)).Initialize(seed: 2);

    private static JsonObject Document()
    {
        using var stream = new MemoryStream();
        Net().Save(stream);
        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }

    private static Sequential Load(JsonObject document) => ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())));

    [Fact]
    public void Dropout_is_written_with_its_p_and_loaded_back()
    {
        JsonObject document = Document();

        JsonNode layer = document["layers"]![1]!;
        layer["kind"]!.GetValue<string>().Should().Be("Dropout");
        layer["p"]!.GetValue<double>().Should().Be(0.25);
        Sequential loaded = Load(document);
        loaded.ToString().Should().Be(Net().ToString());
        loaded[1].Should().BeOfType<Dropout>().Which.P.Should().Be(0.25);
        loaded.Training.Should().BeTrue("the file keeps no mode: a loaded network is in training mode, as a new one");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void The_bounds_of_p_load(double p)
    {
        JsonObject document = Document();
        document["layers"]![1]!["p"] = p;

        Load(document)[1].Should().BeOfType<Dropout>().Which.P.Should().Be(p);
    }

    [Fact]
    public void A_missing_or_invalid_p_is_refused_at_its_path()
    {
        void Refused(Action<JsonObject> change, params string[] fragments)
        {
            JsonObject document = Document();
            change(document);
            ModelFormatException e = FluentActions.Invoking(() => Load(document)).Should().Throw<ModelFormatException>().Which;
            e.Location.Should().Be("$.layers[1].p");
            foreach (string fragment in fragments)
            {
                e.Message.Should().Contain(fragment);
            }
        }

        Refused(d => d["layers"]![1]!.AsObject().Remove("p"), "0 <= p <= 1", "none was found");
        Refused(d => d["layers"]![1]!["p"] = 1.5, "0 <= p <= 1", "1.5 was found");
        Refused(d => d["layers"]![1]!["p"] = -0.5, "0 <= p <= 1", "-0.5 was found");
        Refused(d => d["layers"]![1]!["p"] = "NaN", "finite number");
    }
}
