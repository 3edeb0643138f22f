using System.Text;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Structure-blind mutations of valid inputs (bit flips, boundary bytes, truncation, insertion, deletion,
/// duplication, splices with another valid input) so most cases get past the first format check and reach the
/// deep code; a share of pure random inputs covers the rest.
/// </summary>
public static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

    /// <summary>1–4 mutations of one of <paramref name="seeds"/>, or (1 in 10) random bytes.</summary>
    public static byte[] Bytes(Random random, IReadOnlyList<byte[]> seeds, int maxRandomLength = 256)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(seeds);
        if (random.Next(10) == 0)
        {
            return RandomBytes(random, random.Next(maxRandomLength + 1));
        }

        var bytes = new List<byte>(seeds[random.Next(seeds.Count)]);
        var operations = 1 + random.Next(4);
        for (var i = 0; i < operations; i++)
        {
            Apply(random, bytes, seeds);
        }

        return [.. bytes];
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Character-level mutations of a valid string, new characters drawn mostly from <paramref name="alphabet"/>.</summary>
    public static string Text(Random random, IReadOnlyList<string> seeds, string alphabet, int maxRandomLength = 80)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentException.ThrowIfNullOrEmpty(alphabet);
        if (random.Next(10) == 0)
        {
            return RandomText(random, random.Next(maxRandomLength + 1), alphabet);
        }

        var text = new StringBuilder(seeds[random.Next(seeds.Count)]);
        var operations = 1 + random.Next(3);
        for (var i = 0; i < operations; i++)
        {
            var position = random.Next(text.Length + 1);
            switch (random.Next(7))
            {
                case 0 when text.Length > 0:
                    text[Math.Min(position, text.Length - 1)] = Pick(random, alphabet);
                    break;
                case 1:
                    text.Insert(position, Pick(random, alphabet));
                    break;
                case 2 when text.Length > 0:
                    text.Remove(Math.Min(position, text.Length - 1), 1 + random.Next(Math.Min(4, text.Length - Math.Min(position, text.Length - 1))));
                    break;
                case 3:
                    text.Length = position;
                    break;
                case 4:
                    text.Insert(position, text.ToString(position, Math.Min(text.Length - position, random.Next(16))));
                    break;
                case 5:
                    // Characters outside any alphabet: unicode look-alikes, controls, surrogates.
                    text.Insert(position, (char)random.Next(0, 0xFFFF));
                    break;
                default:
                    text[position == text.Length ? 0 : position] = char.ToUpperInvariant(text[position == text.Length ? 0 : position]);
                    break;
            }

            if (text.Length == 0)
            {
                break;
            }
        }

        return text.ToString();
    }

    public static string RandomText(Random random, int length, string alphabet)
    {
        ArgumentNullException.ThrowIfNull(random);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(8) == 0 ? (char)random.Next(1, 0x3000) : Pick(random, alphabet);
        }

        return new string(chars);
    }

    private static char Pick(Random random, string alphabet) => alphabet[random.Next(alphabet.Length)];

    private static void Apply(Random random, List<byte> bytes, IReadOnlyList<byte[]> seeds)
    {
        var position = random.Next(bytes.Count + 1);
        var at = Math.Min(position, bytes.Count - 1);
        switch (random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = (byte)random.Next(256);
                break;
            case 2 when bytes.Count > 0:
                bytes[at] = Interesting[random.Next(Interesting.Length)];
                break;
            case 3:
                bytes.RemoveRange(position, bytes.Count - position);
                break;
            case 4:
                bytes.InsertRange(position, RandomBytes(random, 1 + random.Next(8)));
                break;
            case 5 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                break;
            case 6:
                var length = Math.Min(bytes.Count - position, random.Next(64));
                bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(position, length));
                break;
            case 7:
                // Splice: this input's prefix with another valid input's suffix (crosses structure boundaries).
                var other = seeds[random.Next(seeds.Count)];
                var from = random.Next(other.Length + 1);
                bytes.RemoveRange(position, bytes.Count - position);
                bytes.AddRange(other.AsSpan(from).ToArray());
                break;
            default:
                // A run of 0xff reads as a huge varint / length prefix.
                bytes.InsertRange(position, Enumerable.Repeat((byte)0xff, 1 + random.Next(10)));
                break;
        }
    }
}
