using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace EmrShare.Web.Auth;

/// <summary>The policy's answer: accepted, or refused with a reason a person can act on (never quoting the password).</summary>
public sealed record PasswordVerdict(bool Accepted, string? Reason)
{
    public static readonly PasswordVerdict Ok = new(true, null);

    public static PasswordVerdict Refused(string reason) => new(false, reason);
}

/// <summary>
/// Staff password policy after OWASP ASVS v4 §2.1: at least <see cref="MinimumLength"/> characters (Unicode code
/// points, so any script counts alike), long passphrases welcome up to <see cref="MaximumLength"/>, no composition
/// rules and no truncation; refused when it is a common or breached password (a bundled list, also with digits or
/// symbols appended, or repeated) or contains the user name. The one check for account creation, password reset and
/// the CLI's <c>admin create</c>.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    /// <summary>Generous (ASVS asks for at least 64); the bound only keeps one request from hashing megabytes.</summary>
    public const int MaximumLength = 1024;

    /// <summary>User names shorter than this are not searched for inside the password (a 1–2 letter name would refuse half of all passphrases).</summary>
    private const int MinimumNameToSearch = 3;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonList);

    /// <summary>How many passwords the bundled common/breached list holds.</summary>
    public static int CommonListSize => Common.Value.Count;

    public static PasswordVerdict Check(string? user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return PasswordVerdict.Refused($"Enter a password of at least {MinimumLength} characters.");
        }

        var normalized = password.Normalize(NormalizationForm.FormC);
        var length = normalized.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            return PasswordVerdict.Refused($"The password must be at least {MinimumLength} characters long (it has {length}). A passphrase of several words is easiest to remember.");
        }

        if (length > MaximumLength)
        {
            return PasswordVerdict.Refused($"The password must be at most {MaximumLength} characters long.");
        }

        var lower = normalized.ToLower(CultureInfo.InvariantCulture);
        if (IsCommon(lower))
        {
            return PasswordVerdict.Refused("This password is on the list of common or breached passwords. Choose another, e.g. a few unrelated words.");
        }

        var name = (user ?? string.Empty).Trim().Normalize(NormalizationForm.FormC).ToLower(CultureInfo.InvariantCulture);
        if (name.Length >= MinimumNameToSearch && lower.Contains(name, StringComparison.Ordinal))
        {
            return PasswordVerdict.Refused("The password must not contain the user name.");
        }

        return PasswordVerdict.Ok;
    }

    /// <summary>Throws <see cref="Services.RequestValidationException"/> on the <c>password</c> field when the policy refuses.</summary>
    public static void Enforce(string? user, string? password)
    {
        var verdict = Check(user, password);
        if (!verdict.Accepted)
        {
            throw new Services.RequestValidationException("password", verdict.Reason!);
        }
    }

    /// <summary>The list itself, a common word with digits or symbols appended ("password1234567"), or one repeated ("qwertyqwerty").</summary>
    private static bool IsCommon(string lower)
    {
        var list = Common.Value;
        if (list.Contains(lower))
        {
            return true;
        }

        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.?~ ".ToCharArray());
        if (stem.Length > 0 && stem.Length < lower.Length && list.Contains(stem))
        {
            return true;
        }

        for (var unit = 1; unit <= lower.Length / 2; unit++)
        {
            if (lower.Length % unit == 0 && list.Contains(lower[..unit]) && IsRepetition(lower, unit))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRepetition(string text, int unit)
    {
        for (var i = unit; i < text.Length; i++)
        {
            if (text[i] != text[i - unit])
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> LoadCommonList()
    {
        using var resource = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("EmrShare.Web.Auth.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("the common-password list is missing from the assembly");
        using var unzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(unzip, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line.ToLower(CultureInfo.InvariantCulture));
            }
        }

        return set;
    }
}
