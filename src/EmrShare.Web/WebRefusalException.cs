using EmrShare.Core;

namespace EmrShare.Web;

/// <summary>The root of the web app's own refusals (form validation, sign-in, conflicts); each declares its kind.</summary>
public abstract class WebRefusalException : EmrShareException
{
    protected WebRefusalException()
    {
    }

    protected WebRefusalException(string message)
        : base(message)
    {
    }

    protected WebRefusalException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
