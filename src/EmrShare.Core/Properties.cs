using System.Runtime.CompilerServices;

// Tests build adversarial handshake messages with the transcript helpers.
[assembly: InternalsVisibleTo("EmrShare.Core.Tests")]
