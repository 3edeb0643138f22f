namespace EmrShare.Web.Rendering;

/// <summary>
/// UCUM codes are written for machines (<c>mm[Hg]</c>, <c>Cel</c>, <c>{beats}/min</c>); a reader expects <c>mmHg</c>,
/// <c>°C</c>, <c>/min</c>. Known codes come from a small table of the units clinical records actually use; any other
/// code keeps its text with UCUM's annotations (<c>{…}</c>) and square brackets removed, and superscript powers.
/// </summary>
internal static class UcumDisplay
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["mm[Hg]"] = "mmHg",
        ["Cel"] = "°C",
        ["[degF]"] = "°F",
        ["/min"] = "/min",
        ["{beats}/min"] = "/min",
        ["{breaths}/min"] = "/min",
        ["kg/m2"] = "kg/m²",
        ["m2"] = "m²",
        ["[lb_av]"] = "lb",
        ["[oz_av]"] = "oz",
        ["[in_i]"] = "in",
        ["[ft_i]"] = "ft",
        ["[iU]"] = "IU",
        ["[iU]/L"] = "IU/L",
        ["[IU]/L"] = "IU/L",
        ["u[IU]/mL"] = "µIU/mL",
        ["meq/L"] = "mEq/L",
        ["mmol/L"] = "mmol/L",
        ["umol/L"] = "µmol/L",
        ["ug"] = "µg",
        ["ug/L"] = "µg/L",
        ["ug/dL"] = "µg/dL",
        ["uL"] = "µL",
        ["10*3/uL"] = "×10³/µL",
        ["10*6/uL"] = "×10⁶/µL",
        ["10*9/L"] = "×10⁹/L",
        ["10*12/L"] = "×10¹²/L",
        ["mL/min/{1.73_m2}"] = "mL/min/1.73 m²",
        ["a"] = "years",
        ["mo"] = "months",
        ["wk"] = "weeks",
        ["d"] = "days",
        ["h"] = "h",
        ["1"] = string.Empty,
    };

    /// <summary>How a person writes the unit of UCUM <paramref name="code"/>.</summary>
    public static string Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Known.TryGetValue(code, out var known))
        {
            return known;
        }

        var text = StripAnnotations(code).Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
        return text.Replace("m2", "m²", StringComparison.Ordinal).Replace("m3", "m³", StringComparison.Ordinal);
    }

    private static string StripAnnotations(string code)
    {
        var builder = new System.Text.StringBuilder(code.Length);
        var depth = 0;
        foreach (var c in code)
        {
            switch (c)
            {
                case '{': depth++; break;
                case '}': depth = Math.Max(0, depth - 1); break;
                default:
                    if (depth == 0)
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
