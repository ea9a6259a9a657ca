namespace PruneLab.Data;

/// <summary>Shared label validation so IDX and CIFAR files report an out-of-range label the same way.</summary>
internal static class LabelRange
{
    public static void Check(string path, ReadOnlySpan<byte> labels, int numClasses)
    {
        var bad = labels.IndexOfAnyExceptInRange((byte)0, (byte)(numClasses - 1));
        if (bad >= 0)
            throw new DatasetFormatException(path, $"label {labels[bad]} at record {bad} out of range 0..{numClasses - 1}");
    }
}
