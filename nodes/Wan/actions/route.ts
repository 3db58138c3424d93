import type { FamilySpec, ModelSpec, Protocol } from '../models/types';

/** Where an item's request goes, whether the answer is the result, and in which protocol's shape (none: the family's). */
export interface Route {
	endpoint: string;
	sync: boolean;
	protocol?: Protocol;
	/** Headers the family documents for its own task call (erase & completion). */
	headers?: Readonly<Record<string, string>>;
}

/**
 * A model with a synchronous endpoint is called synchronously while the user waits (no polling; the answer is the
 * result) and as a task otherwise: through its protocol's task endpoint, or the family's own task call
 * (`familyTasks`); one with no task variant at all (qwen-image-max) always synchronously.
 */
export function routeOf(family: FamilySpec, item: { model: ModelSpec; options: { waitForCompletion: boolean } }): Route {
	const protocol = item.model.protocol;
	const familyTask = { endpoint: item.model.endpoint ?? family.endpoint, sync: false, headers: family.headers };
	if (!protocol) return familyTask;
	const hasTasks = protocol.endpoint !== undefined || protocol.familyTasks === true;
	if (protocol.syncEndpoint && (item.options.waitForCompletion || !hasTasks)) return { endpoint: protocol.syncEndpoint, sync: true, protocol };
	if (protocol.endpoint) return { endpoint: protocol.endpoint, sync: false, protocol };
	return familyTask;
}
