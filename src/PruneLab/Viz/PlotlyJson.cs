using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PruneLab.Viz;

/// <summary>
/// Values as plotly.js JSON: anonymous objects, arrays and numbers become <see cref="JsonNode"/>s, and a number that is
/// not finite (a missing epoch, an empty class) becomes null, which plotly.js draws as a gap.
/// </summary>
public static class PlotlyJson
{
    static readonly JsonSerializerOptions Options = new() { Converters = { new FiniteDouble() } };

    /// <summary>The value as a JSON node; a node that already sits in another figure is copied.</summary>
    public static JsonNode? Node(object? value) => value switch
    {
        null => null,
        JsonNode { Parent: null } node => node,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    /// <summary>Sets plotly.js properties on a trace, layout, axis, annotation or shape; returns it for chaining.</summary>
    public static JsonObject With(this JsonObject target, params (string Key, object? Value)[] properties)
    {
        foreach (var (key, value) in properties) target[key] = Node(value);
        return target;
    }

    sealed class FiniteDouble : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
