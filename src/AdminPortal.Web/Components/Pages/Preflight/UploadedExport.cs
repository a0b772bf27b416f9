using AdminPortal.ActiveDirectory;
using AdminPortal.SyncRules;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminPortal.Web.Components.Pages.Preflight;

/// <summary>
/// The export an admin uploaded, kept in a temporary file while the page is open: the what-if runs again from it with
/// the fixes accepted, and the change files are written from it. Deleted when the page goes away.
/// </summary>
public sealed class UploadedExport : IDisposable
{
    private readonly string path;

    private UploadedExport(string name, ExportFormat format, string path, long length) => (Name, Format, this.path, Length) = (name, format, path, length);

    public string Name { get; }
    public ExportFormat Format { get; }
    public long Length { get; }

    /// <summary>The format by the file's name, as ldifde (.ldf, .ldif) and csvde (.csv) name them.</summary>
    public static ExportFormat FormatOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".ldf" or ".ldif" => ExportFormat.Ldif,
        ".csv" => ExportFormat.Csv,
        _ => throw new DomainException("UnknownExportFormat", $"'{Path.GetFileName(name)}' is neither an LDIF file (.ldf, .ldif, from ldifde -f) nor a CSV file (.csv, from csvde -f)."),
    };

    /// <summary>Copies the browser's file to the server, reporting the bytes received so far.</summary>
    public static async Task<UploadedExport> ReceiveAsync(IBrowserFile file, long maxBytes, Action<long> received, CancellationToken ct)
    {
        var format = FormatOf(file.Name);
        if (file.Size > maxBytes)
            throw new DomainException("ExportTooLarge", $"'{file.Name}' is {file.Size / 1048576.0:N1} MB; a pre-flight takes at most {maxBytes / 1048576:N0} MB (setting Preflight:MaxFileMegabytes).");
        var path = Path.Combine(Path.GetTempPath(), "adminportal-preflight-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var source = file.OpenReadStream(maxBytes, ct);
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                received(total += read);
            }
            return new UploadedExport(file.Name, format, path, total);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Dispose() => File.Delete(path);
}
