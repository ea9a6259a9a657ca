using System.Globalization;
using System.Text;

namespace PruneLab.Viz;

/// <summary>
/// The four papers in one picture: for one 16-filter layer and four input images, which filters each method computes.
/// Static methods (L1 filter ranking, MetaPruning) keep the same filters for every image; dynamic ones (RNP's prefix
/// of channel groups, FTWT's predicted mask) change per image. An illustration with fixed example choices, drawn as
/// SVG so it needs no script.
/// </summary>
public static class SelectionPicture
{
    public const int Filters = 16, Images = 4, GroupSize = 4;

    /// <summary>The example selections, [method][image][filter] = kept, in the order L1, MetaPruning, RNP, FTWT.</summary>
    public static IReadOnlyList<(string Method, string Rule, bool[][] Kept)> Examples()
    {
        // L1: the 10 filters with the largest norms, whichever they are; the same for every image.
        var l1 = new[] { 0, 2, 3, 5, 7, 8, 10, 11, 13, 14 };
        bool[] Fixed(IEnumerable<int> kept) { var row = new bool[Filters]; foreach (var k in kept) row[k] = true; return row; }
        var l1Row = Fixed(l1);
        // MetaPruning: the searched width of this layer (8 channels); the same for every image.
        var metaRow = Fixed(Enumerable.Range(0, 8));
        // RNP: per image, the first a of 4 groups of 4 filters.
        int[] groups = [1, 3, 2, 4];
        // FTWT: per image, the filters its predictor marks as firing.
        int[][] masks = [[1, 4, 9, 12], [0, 1, 2, 5, 6, 9, 11, 12, 15], [3, 4, 9, 10, 12, 14], [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 13, 15]];
        return
        [
            ("L1-norm filter pruning", "same filters for every image", Enumerable.Repeat(l1Row, Images).ToArray()),
            ("MetaPruning", "same width for every image", Enumerable.Repeat(metaRow, Images).ToArray()),
            ("RNP / RNR", "per image: first k channel groups", groups.Select(a => Fixed(Enumerable.Range(0, a * GroupSize))).ToArray()),
            ("Fire Together Wire Together", "per image: predicted filter mask", masks.Select(Fixed).ToArray()),
        ];
    }

    public static string Svg()
    {
        const int cell = 12, gap = 2, panelGap = 30, left = 64, top = 56;
        int panelWidth = Filters * (cell + gap);
        int width = left + 4 * panelWidth + 3 * panelGap + 20, height = top + Images * (cell + gap) + 70;
        var inv = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"prunelab-selection\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" style=\"max-width:100%;height:auto\" font-family=\"{ChartStyle.FontFamily}\" font-size=\"12\">");
        svg.Append(inv, $"<text x=\"{left}\" y=\"18\" font-size=\"15\" fill=\"{ChartStyle.TextColor}\">Which of a layer's 16 filters run, for four input images</text>");
        for (int i = 0; i < Images; i++)
            svg.Append(inv, $"<text x=\"{left - 8}\" y=\"{top + i * (cell + gap) + 12}\" text-anchor=\"end\" fill=\"#666\">image {i + 1}</text>");
        var examples = Examples();
        for (int m = 0; m < examples.Count; m++)
        {
            var (method, rule, kept) = examples[m];
            int x0 = left + m * (panelWidth + panelGap);
            svg.Append(inv, $"<text x=\"{x0}\" y=\"{top - 20}\" font-weight=\"bold\" fill=\"{ChartStyle.TextColor}\">{method}</text>");
            svg.Append(inv, $"<text x=\"{x0}\" y=\"{top - 6}\" fill=\"#666\">{rule}</text>");
            for (int i = 0; i < Images; i++)
                for (int f = 0; f < Filters; f++)
                {
                    // RNP's groups are shaded apart so the prefix structure shows.
                    var on = m == 2 && f / GroupSize % 2 == 1 ? "#2f5f8f" : ChartStyle.BarColor;
                    svg.Append(inv, $"<rect class=\"{(kept[i][f] ? "kept" : "skipped")}\" x=\"{x0 + f * (cell + gap)}\" y=\"{top + i * (cell + gap)}\" width=\"{cell}\" height=\"{cell}\" fill=\"{(kept[i][f] ? on : "#e8e8e8")}\"/>");
                }
            var average = kept.Average(r => r.Count(k => k)) / Filters;
            svg.Append(inv, $"<text x=\"{x0}\" y=\"{top + Images * (cell + gap) + 16}\" fill=\"#666\">computed: {average:P0} of the filters on average</text>");
        }
        svg.Append(inv, $"<rect x=\"{left}\" y=\"{height - 26}\" width=\"12\" height=\"12\" fill=\"{ChartStyle.BarColor}\"/><text x=\"{left + 18}\" y=\"{height - 16}\">computed</text>");
        svg.Append(inv, $"<rect x=\"{left + 100}\" y=\"{height - 26}\" width=\"12\" height=\"12\" fill=\"#e8e8e8\"/><text x=\"{left + 118}\" y=\"{height - 16}\">skipped (its FLOPs and the next layer's matching input are saved)</text>");
        return svg.Append("</svg>").ToString();
    }
}
