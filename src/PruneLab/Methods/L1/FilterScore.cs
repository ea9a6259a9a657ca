using static TorchSharp.torch;

namespace PruneLab.Methods.L1;

/// <summary>
/// How important each filter of one conv is. In: the conv's weight, shape [out, in, k, k], detached and on the model's
/// device (under greedy scoring only the input channels still kept upstream are present). Out: a tensor of
/// <c>out</c> scores, one per filter (any shape with <c>out</c> elements, any floating type); <b>higher = kept</b>.
/// Each planned layer keeps its highest-scoring filters (ties: the lower index); sites tied by residual adds sum their
/// scores. Called once per site and ratio, inside a no-grad dispose scope, so it may create tensors freely.
/// </summary>
public delegate Tensor FilterScore(Tensor weight);

/// <summary>The scores the paper and its ablations use, written as <see cref="FilterScore"/>s.</summary>
public static class FilterScores
{
    /// <summary>Li et al.'s score: sum of |w| over the filter's in x k x k weights.</summary>
    public static readonly FilterScore L1Norm = weight => weight.flatten(1).abs().sum(1);

    /// <summary>The Euclidean norm; the paper found it no better than L1.</summary>
    public static readonly FilterScore L2Norm = weight => weight.flatten(1).square().sum(1).sqrt();

    /// <summary>The paper's opposite: minus the L1 norm, so the largest filters go first (shows that the ranking matters).</summary>
    public static readonly FilterScore LargestFirst = weight => L1Norm(weight).neg();

    /// <summary>The score of a built-in criterion; <see cref="RankingCriterion.Random"/> has none (it ignores the weights).</summary>
    public static FilterScore Of(RankingCriterion criterion) => criterion switch
    {
        RankingCriterion.L1 => L1Norm,
        RankingCriterion.L2 => L2Norm,
        RankingCriterion.LargestFirst => LargestFirst,
        _ => throw new ArgumentException($"{criterion} chooses filters without scoring them."),
    };
}
