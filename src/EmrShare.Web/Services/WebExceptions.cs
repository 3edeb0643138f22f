using EmrShare.Core.Errors;

namespace EmrShare.Web.Services;

/// <summary>
/// One or more request fields are missing or malformed; answered as 400 ValidationProblem with per-field
/// messages (the same messages the dashboard shows next to its form fields).
/// </summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class RequestValidationException : WebRefusalException
{
    public RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("one or more fields are invalid: " + string.Join(", ", errors?.Keys ?? []))
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>The request conflicts with the current state (e.g. a grant already revoked); answered as 409.</summary>
[ErrorKind(ErrorKind.Conflict)]
public sealed class ConflictException(string message) : WebRefusalException(message);

/// <summary>A signed-in staff account without a practitioner key tried to sign a record; answered as 403.</summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class PractitionerRequiredException(string message) : WebRefusalException(message);
