using System.Buffers;
using System.Text;
using System.Text.Json;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.Web.Api;

/// <summary>
/// The one way a request body reaches a JSON parser, under /api and /graph alike: the bytes pass through unchanged
/// while a reader checks what the parsers check late or not at all — every property name and string value must be
/// text (no invalid UTF-8, no unpaired surrogate escape), and no object may name a property twice, compared
/// case-insensitively as both surfaces bind names. A failed check is a <see cref="JsonException"/> whose path names
/// the place, thrown before the parser is handed the bytes that hold it; each surface turns it into its own 400.
/// Malformed JSON is left to the parser, which reports it in its own words. Streaming: a body of any size is
/// checked holding at most one token.
/// </summary>
public sealed class StrictJsonStream(Stream inner) : Stream
{
    private readonly Stack<Scope> scopes = new();
    private byte[] pending = [];
    private int pendingLength;
    private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 256 });
    private bool stopped;

    /// <summary>An open object (with the names it has seen) or array (with the index of its current item).</summary>
    private sealed class Scope(bool isObject)
    {
        public HashSet<string>? Names { get; } = isObject ? new(StringComparer.OrdinalIgnoreCase) : null;
        public string? Name { get; set; }
        public int Index { get; set; } = -1;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Check(buffer.Span[..read], final: read == 0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Check(buffer.AsSpan(offset, read), final: read == 0);
        return read;
    }

    private void Check(ReadOnlySpan<byte> chunk, bool final)
    {
        if (stopped) return;
        if (pendingLength + chunk.Length > pending.Length) Array.Resize(ref pending, Math.Max(pending.Length * 2, pendingLength + chunk.Length));
        chunk.CopyTo(pending.AsSpan(pendingLength));
        pendingLength += chunk.Length;
        var reader = new Utf8JsonReader(pending.AsSpan(0, pendingLength), final, state);
        try
        {
            while (reader.Read()) Visit(ref reader);
        }
        catch (JsonException e) when (e is not CheckFailed)
        {
            // Malformed (or too deep): the parser finds the same place and names it; nothing here to add.
            stopped = true;
            return;
        }
        state = reader.CurrentState;
        var consumed = (int)reader.BytesConsumed;
        pending.AsSpan(consumed, pendingLength - consumed).CopyTo(pending);
        pendingLength -= consumed;
    }

    /// <summary>This class's own refusal, told apart from the reader's complaints about malformed JSON.</summary>
    private sealed class CheckFailed(string message, string path) : JsonException(message, path, null, null);

    private void Visit(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                var scope = scopes.Peek();
                var name = Text(ref reader) ?? throw Fail(atName: true, "A property name is not valid text: it holds invalid UTF-8 or an unpaired surrogate.");
                if (!scope.Names!.Add(name))
                    throw Fail(atName: true, $"Duplicate property '{AttributeRules.Shorten(name)}': an object names it more than once (names are compared ignoring case).");
                scope.Name = name;
                return;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                scopes.Pop();
                return;
        }
        // A value: an array counts its items, so an error names objects[3] rather than objects.
        if (scopes.TryPeek(out var parent) && parent.Names is null) parent.Index++;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: scopes.Push(new Scope(isObject: true)); break;
            case JsonTokenType.StartArray: scopes.Push(new Scope(isObject: false)); break;
            case JsonTokenType.String when Text(ref reader) is null:
                throw Fail(atName: false, "The value is not valid text: it holds invalid UTF-8 or an unpaired surrogate.");
        }
    }

    /// <summary>The token's text, or null when it is not text (decoded into a pooled buffer: a body's strings cost no allocation).</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var written = reader.CopyString(chars);
            return reader.TokenType == JsonTokenType.PropertyName ? new string(chars, 0, written) : "";
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }

    private CheckFailed Fail(bool atName, string message)
    {
        var path = new StringBuilder("$");
        foreach (var scope in scopes.Reverse())
        {
            if (scope.Names is null) path.Append('[').Append(scope.Index).Append(']');
            else if (scope.Name is not null && !(atName && scope == scopes.Peek())) path.Append('.').Append(scope.Name);
        }
        return new CheckFailed(message, path.ToString());
    }


    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
