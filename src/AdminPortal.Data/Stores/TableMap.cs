using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminPortal.Data.Stores;

/// <summary>
/// A table as the EF model defines it for one provider: its name, its columns in order, each with the property it
/// reads and the type mapping that converts and binds the value. The bulk writer spells no table or column itself.
/// </summary>
internal sealed class TableMap
{
    private static readonly ConcurrentDictionary<(Type Context, Type Row), TableMap> Maps = new();

    private TableMap(string name, string delimitedName, IReadOnlyList<Column> columns)
    {
        Name = name;
        DelimitedName = delimitedName;
        Columns = columns;
    }

    public string Name { get; }
    public string DelimitedName { get; }
    public IReadOnlyList<Column> Columns { get; }

    public static TableMap Of<TRow>(PortalDbContext db) => Maps.GetOrAdd((db.GetType(), typeof(TRow)), _ =>
    {
        var entity = db.Model.FindEntityType(typeof(TRow)) ?? throw new InvalidOperationException($"{typeof(TRow).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => new Column(p.Name, p.GetColumnName(table)!, sql.DelimitIdentifier(p.GetColumnName(table)!),
            (RelationalTypeMapping)p.GetRelationalTypeMapping(), p.GetGetter())).ToList();
        return new TableMap(table.Name, sql.DelimitIdentifier(table.Name, table.Schema), columns);
    });

    public Column this[string property] => Columns.Single(c => c.Property == property);

    public string ColumnList(IEnumerable<Column> columns) => string.Join(", ", columns.Select(c => c.DelimitedName));

    public sealed record Column(string Property, string Name, string DelimitedName, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)
    {
        /// <summary>The value as the provider stores it (e.g. a time as UTC ticks on SQLite), or null.</summary>
        public object? ProviderValue(object row)
        {
            var value = Getter.GetClrValueUsingContainingEntity(row);
            return value is null ? null : Mapping.Converter?.ConvertToProvider(value) ?? value;
        }
    }
}
