using System.Runtime.InteropServices;
using EmrShare.Web.Api;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Web.Tests;

/// <summary>
/// The record body reader under a stated Content-Length: it reserves memory as bytes arrive, not as the header says,
/// so idle clients stating 64 MiB cannot pin gigabytes; it still returns exactly the stated bytes.
/// </summary>
public sealed class RequestBodyReaderTests
{
    private const int SixtyFourMiB = 64 * 1024 * 1024;

    [Fact]
    public async Task ReadDeclared_States64MiBSends10Bytes_Refused400WithoutReservingStatedSize()
    {
        var body = new TrickleStream(new byte[10], piece: 10);
        var refused = await Assert.ThrowsAsync<BadHttpRequestException>(() => RequestBody.ReadDeclaredAsync(body, SixtyFourMiB, TestContext.Current.CancellationToken));
        Assert.Equal(StatusCodes.Status400BadRequest, refused.StatusCode);
        Assert.InRange(body.LargestBuffer, 1, RequestBody.InitialDeclaredBytes);
    }

    [Fact]
    public async Task ReadDeclared_BodyPastInitialBuffer_ReturnsExactlyItsBytes()
    {
        var bytes = new byte[(int)(2.5 * RequestBody.InitialDeclaredBytes) + 7];
        new Random(16).NextBytes(bytes);
        var read = await RequestBody.ReadDeclaredAsync(new TrickleStream(bytes, piece: 100_003), bytes.Length, TestContext.Current.CancellationToken);
        Assert.Equal(bytes, read);
    }

    /// <summary>Delivers its bytes in pieces, then ends; remembers the largest array it was asked to fill.</summary>
    private sealed class TrickleStream(byte[] content, int piece) : Stream
    {
        private int _position;

        public int LargestBuffer { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (MemoryMarshal.TryGetArray<byte>(buffer, out var array))
            {
                LargestBuffer = Math.Max(LargestBuffer, array.Array!.Length);
            }

            var count = Math.Min(Math.Min(piece, buffer.Length), content.Length - _position);
            content.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
