using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Data;

/// <summary>
/// The standard CIFAR training augmentation: zero-pad by 4 pixels, take a random 32x32 crop, flip horizontally with
/// p = 0.5. Works on raw pixels (so the padding is black, as in the reference recipe, not "mean grey") and on the
/// whole batch at once: the crop and the flip become one row gather and one column gather with per-image indices.
/// Draws come from its own generator, never the global torch RNG, so the same seed gives the same batch.
/// </summary>
public sealed class CifarAugmentation : IDisposable
{
    public const int DefaultPadding = 4;
    readonly Generator _generator;

    public CifarAugmentation(long seed, int padding = DefaultPadding)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        _generator = new Generator(unchecked((ulong)seed), CPU);
    }

    public int Padding { get; }

    /// <summary>Augments a [B,C,H,W] batch (any dtype, any device); returns a new tensor of the same shape.</summary>
    public Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        var batch = images.shape[0];
        var rowOffsets = randint(0, 2 * Padding + 1, [batch], ScalarType.Int64, generator: _generator);
        var colOffsets = randint(0, 2 * Padding + 1, [batch], ScalarType.Int64, generator: _generator);
        var flip = randint(0, 2, [batch], ScalarType.Int64, generator: _generator).eq(1);
        return Apply(images, rowOffsets, colOffsets, flip, Padding).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Deterministic core: image b is cropped from the padded image at (rowOffsets[b], colOffsets[b]) and mirrored
    /// when flip[b]. Offsets run 0..2*padding; padding,padding with no flip is the identity.
    /// </summary>
    internal static Tensor Apply(Tensor images, Tensor rowOffsets, Tensor colOffsets, Tensor flip, int padding)
    {
        if (images.dim() != 4) throw new ArgumentException($"expected a [B,C,H,W] batch, found rank {images.dim()}", nameof(images));
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var device = images.device;
        var padded = nn.functional.pad(images, [padding, padding, padding, padding], PaddingModes.Constant, 0);

        var rows = arange(h, ScalarType.Int64, device).unsqueeze(0) + rowOffsets.to(device).unsqueeze(1);          // [B,H]
        var forward = arange(w, ScalarType.Int64, device);
        var columns = where(flip.to(device).unsqueeze(1), (w - 1 - forward).unsqueeze(0), forward.unsqueeze(0))
                      + colOffsets.to(device).unsqueeze(1);                                                           // [B,W]

        var cropRows = padded.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w + 2 * padding));
        var result = cropRows.gather(3, columns.view(b, 1, 1, w).expand(b, c, h, w));
        return result.MoveToOuterDisposeScope();
    }

    public void Dispose() => _generator.Dispose();
}
