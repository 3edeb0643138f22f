namespace EmrShare.Core.Errors;

/// <summary>
/// Declares the <see cref="ErrorKind"/> of an exception type. Every concrete exception type under src/ carries one
/// (ErrorModelTests walks them all), so a new type cannot be mapped by accident to "unexpected".
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class ErrorKindAttribute(ErrorKind kind) : Attribute
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>The kind declared on <paramref name="type"/> or its nearest base; <see cref="ErrorKind.Unexpected"/> if none.</summary>
    public static ErrorKind Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttributes(typeof(ErrorKindAttribute), inherit: true) is [ErrorKindAttribute declared, ..]
            ? declared.Kind
            : ErrorKind.Unexpected;
    }
}
