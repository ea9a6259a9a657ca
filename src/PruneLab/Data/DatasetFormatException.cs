namespace PruneLab.Data;

/// <summary>
/// A dataset file that exists but does not hold what its format promises. The message always starts with the
/// file name and says what was expected and what was found, so a user can tell a bad download from a wrong file.
/// </summary>
public class DatasetFormatException : Exception
{
    public DatasetFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{Path.GetFileName(filePath)}: {problem} (file: {filePath})", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Full path of the offending file (or archive, or folder).</summary>
    public string FilePath { get; }

    /// <summary>The message without the file name, for callers that print the path themselves.</summary>
    public string Problem { get; }
}
