using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>What enabling a feature would change, from the tenant's live data. Implemented by AdminPortal.Data.</summary>
public interface IFeaturePreviewQueries
{
    Task<FeaturePreview> PreviewAsync(Guid tenantId, DirSyncFeature feature, CancellationToken ct);
}

/// <summary>One object that enabling a feature would affect, and how.</summary>
public sealed record PreviewItem(string DisplayName, ObjectType ObjectType, Guid? ObjectId, string SourceAnchorOrUpn, string Change);

/// <summary>What enabling a feature would change, computed from the tenant's live data, before the irreversible step.</summary>
public sealed record FeaturePreview(DirSyncFeature Feature, string Summary, int Count, IReadOnlyList<PreviewItem> Items);
