using EmrShare.Core.Errors;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// A service's configuration is unusable: a missing file, a bad URL, a missing certificate, a port in use. The
/// message is ONE line that names the configuration key (<see cref="Key"/>, e.g. <c>Tls:CertificatePath</c>), and the
/// process exits non-zero before it listens.
/// </summary>
[ErrorKind(ErrorKind.Usage)]
public sealed class ServiceConfigurationException : Core.EmrShareException
{
    public ServiceConfigurationException()
    {
    }

    public ServiceConfigurationException(string message)
        : base(message)
    {
    }

    public ServiceConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServiceConfigurationException(string key, string problem, Exception? innerException = null)
        : base($"config {key}: {problem}".ReplaceLineEndings(" "), innerException)
    {
        Key = key;
    }

    /// <summary>The configuration key at fault, in <c>Section:Key</c> form.</summary>
    public string Key { get; } = string.Empty;
}
