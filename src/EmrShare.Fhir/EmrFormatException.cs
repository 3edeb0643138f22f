using EmrShare.Core.Errors;

namespace EmrShare.Fhir;

/// <summary>
/// Base of every typed error raised when input in some EMR format cannot be accepted. Batch import relies on
/// this single base: a message failing with it is reported and skipped, never half-imported.
/// </summary>
[ErrorKind(ErrorKind.Unprocessable)]
public abstract class EmrFormatException : Core.EmrShareException
{
    /// <remarks>The message is redacted (<see cref="InputRedaction"/>): quoted input literals never leave.</remarks>
    protected EmrFormatException(string message)
        : base(InputRedaction.Redact(message))
    {
    }

    protected EmrFormatException(string message, Exception? innerException)
        : base(InputRedaction.Redact(message), innerException)
    {
    }

    /// <summary>The adapter format name the input was meant to be (e.g. <c>hl7v2</c>, <c>fhir+json</c>).</summary>
    public abstract string Format { get; }
}
