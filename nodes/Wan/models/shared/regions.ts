/**
 * DashScope regions and their API hosts (api-platform.md §6). Each region has its own keys and models.
 * Frankfurt and Tokyo are served only on workspace hosts, so they need a Workspace ID.
 */
export type RegionId =
	| 'cn-beijing'
	| 'ap-southeast-1'
	| 'us-east-1'
	| 'eu-central-1'
	| 'ap-northeast-1'
	| 'cn-hongkong';

export interface Region {
	id: RegionId;
	name: string;
	/** Shared (non-workspace) host; absent where only workspace hosts exist. */
	sharedBaseUrl?: string;
	/** Temporary file upload (oss://) is documented for Beijing only. */
	temporaryUpload: boolean;
}

export const REGIONS: readonly Region[] = [
	{ id: 'cn-beijing', name: 'China (Beijing)', sharedBaseUrl: 'https://dashscope.aliyuncs.com/api/v1', temporaryUpload: true },
	{ id: 'ap-southeast-1', name: 'Singapore', sharedBaseUrl: 'https://dashscope-intl.aliyuncs.com/api/v1', temporaryUpload: false },
	{ id: 'us-east-1', name: 'US (Virginia)', sharedBaseUrl: 'https://dashscope-us.aliyuncs.com/api/v1', temporaryUpload: false },
	{ id: 'eu-central-1', name: 'Germany (Frankfurt)', temporaryUpload: false },
	{ id: 'ap-northeast-1', name: 'Japan (Tokyo)', temporaryUpload: false },
	// Seen on the list-models page, not on the main regions page: kept because wan2.7 pages name it.
	{ id: 'cn-hongkong', name: 'China (Hong Kong)', sharedBaseUrl: 'https://cn-hongkong.dashscope.aliyuncs.com/api/v1', temporaryUpload: false },
];

export const DEFAULT_REGION: RegionId = 'cn-beijing';

export function workspaceBaseUrl(workspaceId: string, region: RegionId): string {
	return `https://${workspaceId}.${region}.maas.aliyuncs.com/api/v1`;
}

export interface ConnectionSettings {
	region?: string;
	workspaceId?: string;
	baseUrl?: string;
}

export function findRegion(id: string | undefined): Region | undefined {
	return REGIONS.find((region) => region.id === id);
}

/** The API base URL: an explicit override wins, then the workspace host, then the region's shared host. */
export function resolveBaseUrl(settings: ConnectionSettings): string {
	const override = (settings.baseUrl ?? '').trim();
	if (override) return override.replace(/\/+$/, '');
	const region = findRegion(settings.region ?? DEFAULT_REGION);
	if (!region) throw new Error(`Unknown region "${settings.region}". Pick a region in the DashScope credential.`);
	const workspaceId = (settings.workspaceId ?? '').trim();
	if (workspaceId) return workspaceBaseUrl(workspaceId, region.id);
	if (region.sharedBaseUrl) return region.sharedBaseUrl;
	throw new Error(
		`Region ${region.name} is only reachable through a workspace host. Enter the Workspace ID in the DashScope credential.`,
	);
}

/**
 * The same rule as resolveBaseUrl, as an n8n expression for the credential test (which runs in n8n's
 * expression engine, not in our code). Generated from REGIONS so the hosts live in one place.
 */
export function baseUrlExpression(): string {
	const shared = Object.fromEntries(REGIONS.filter((r) => r.sharedBaseUrl).map((r) => [r.id, r.sharedBaseUrl]));
	return (
		'={{ $credentials.baseUrl ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : ' +
		'($credentials.workspaceId ? "https://" + $credentials.workspaceId.trim() + "." + $credentials.region + ".maas.aliyuncs.com/api/v1" : ' +
		`(${JSON.stringify(shared)})[$credentials.region]) }}`
	);
}

/** The regions reachable only through a workspace host (no shared host), by name. */
export const WORKSPACE_ONLY_REGIONS = REGIONS.filter((region) => !region.sharedBaseUrl);

/** Why these settings cannot reach the service (a workspace-only region without a Workspace ID), or undefined. */
export function connectionProblem(settings: ConnectionSettings): string | undefined {
	if ((settings.baseUrl ?? '').trim() || (settings.workspaceId ?? '').trim()) return undefined;
	const region = findRegion(settings.region ?? DEFAULT_REGION);
	return region && !region.sharedBaseUrl ? workspaceOnlyMessage() : undefined;
}

export function workspaceOnlyMessage(): string {
	const names = WORKSPACE_ONLY_REGIONS.map((region) => region.name).join(' and ');
	return `${names} are served only on workspace hosts (https://{WorkspaceId}.{region}.maas.aliyuncs.com): enter the Workspace ID of your Model Studio workspace in this region in the credential`;
}

/**
 * Why a model cannot be used with the credential's region, or undefined. Checked before any request:
 * the service would answer ModelNotFound (or, with some hosts, accept and fail later).
 */
export function modelRegionProblem(model: { id: string; regions: readonly RegionId[] }, region: RegionId): string | undefined {
	if (model.regions.includes(region)) return undefined;
	const here = findRegion(region)?.name ?? region;
	const serving = model.regions.map((id) => findRegion(id)?.name ?? id).join(', ');
	return `Model ${model.id} is not offered in ${here}, the region of the DashScope credential. It is offered in: ${serving}. Pick another model, or use a credential of one of those regions.`;
}
