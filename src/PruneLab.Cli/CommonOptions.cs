using System.CommandLine;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Runtime;

namespace PruneLab.Cli;

/// <summary>Options shared by several verbs, with the same names, defaults and checks everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Model(string fallback = "vgg16") => new("--model")
    {
        Description = $"Backbone: {string.Join(", ", ModelCatalog.Names)}", DefaultValueFactory = _ => fallback,
        Validators = { r => Check(r, r.GetValueOrDefault<string>(), ModelCatalog.Names) },
    };

    public static Option<string> Dataset(string fallback = "fashion-mnist") => new("--dataset")
    {
        Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}", DefaultValueFactory = _ => fallback,
        Validators = { r => Check(r, r.GetValueOrDefault<string>(), DatasetCatalog.Names) },
    };

    public static Option<double> Width(double fallback = 1.0) => new("--width")
    {
        Description = "Width multiplier for every layer, in (0, 4]", DefaultValueFactory = _ => fallback,
        Validators = { r => { var w = r.GetValueOrDefault<double>(); if (!(w > 0 && w <= 4)) r.AddError($"--width {w}: expected a value in (0, 4]."); } },
    };

    public static Option<string> Device() => new("--device")
    {
        Description = "cpu, cuda, or auto (cuda when available)", DefaultValueFactory = _ => "auto",
        Validators = { r => Check(r, r.GetValueOrDefault<string>(), DeviceChoice.Names) },
    };

    /// <summary>--profile: smoke, quick (the default) or paper, as the run profiles define them.</summary>
    public static Option<string> Profile()
    {
        var profile = new Option<string>("--profile") { Description = "smoke, quick (2-core CPU scale) or paper", DefaultValueFactory = _ => PruneLab.Notebooks.RunProfile.Quick };
        profile.AcceptOnlyFromAmong([.. PruneLab.Notebooks.RunProfile.Names]);
        return profile;
    }

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of a table" };

    public static Option<int> Positive(string name, int fallback, string description, int min = 1) => new(name)
    {
        Description = description, DefaultValueFactory = _ => fallback,
        Validators = { r => { var v = r.GetValueOrDefault<int>(); if (v < min) r.AddError($"{name} {v}: expected at least {min}."); } },
    };

    static void Check(System.CommandLine.Parsing.OptionResult r, string? value, IReadOnlyList<string> valid)
    {
        if (value is null || !valid.Contains(value.ToLowerInvariant()))
            r.AddError($"{r.Option.Name} '{value}': expected one of {string.Join(", ", valid)}.");
    }
}
