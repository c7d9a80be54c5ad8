namespace TinyNets.Metrics;

/// <summary>
/// How per-class scores are combined into one number, as scikit-learn's <c>average</c> argument of
/// <c>precision_score</c>, <c>recall_score</c>, <c>f1_score</c> and <c>roc_auc_score</c>. (scikit-learn's
/// <c>average=None</c> is the <c>…PerClass</c> methods.)
/// </summary>
public enum MetricAverage
{
    /// <summary>The unweighted mean of the per-class scores: every class counts the same, however rare.</summary>
    Macro = 0,

    /// <summary>
    /// The score of the pooled counts (true positives, predicted and true counts summed over the classes before
    /// dividing). For single-label data precision, recall and F1 all equal the accuracy.
    /// </summary>
    Micro = 1,

    /// <summary>The mean of the per-class scores weighted by each class's number of true samples (its support).</summary>
    Weighted = 2,

    /// <summary>The score of class 1 alone (scikit-learn's <c>average="binary"</c> with <c>pos_label=1</c>); the classes must be 0 and 1.</summary>
    Binary = 3,
}
