using System.Xml.Linq;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public class SelectionPictureTests
{
    [Fact]
    public void Should_Keep_The_Same_Filters_Per_Image_For_Static_Methods_Only()
    {
        var examples = SelectionPicture.Examples();
        bool SameForAll(bool[][] kept) => kept.All(row => row.SequenceEqual(kept[0]));
        Assert.True(SameForAll(examples[0].Kept));   // L1
        Assert.True(SameForAll(examples[1].Kept));   // MetaPruning
        Assert.False(SameForAll(examples[2].Kept));  // RNP
        Assert.False(SameForAll(examples[3].Kept));  // FTWT
        // RNP keeps a prefix of whole groups.
        foreach (var row in examples[2].Kept)
        {
            int k = row.Count(x => x);
            Assert.Equal(0, k % SelectionPicture.GroupSize);
            Assert.All(row.Take(k), Assert.True);
        }
    }

    [Fact]
    public void Should_Draw_One_Square_Per_Filter_And_Image_Coloured_By_The_Selection()
    {
        var svg = XDocument.Parse(SelectionPicture.Svg());
        var rects = svg.Descendants().Where(e => e.Name.LocalName == "rect" && e.Attribute("class") is not null).ToList();
        Assert.Equal(4 * SelectionPicture.Images * SelectionPicture.Filters, rects.Count);
        int kept = SelectionPicture.Examples().Sum(e => e.Kept.Sum(r => r.Count(x => x)));
        Assert.Equal(kept, rects.Count(r => (string?)r.Attribute("class") == "kept"));
    }
}
