import type { FamilySpec, ModelSpec } from '../models/types';

/**
 * Where an item goes: a model with a synchronous endpoint is called synchronously while the user waits (no
 * polling; the answer is the result) and through its task endpoint otherwise; one without a task endpoint
 * (qwen-image-max) always synchronously.
 */
export function routeOf(family: FamilySpec, item: { model: ModelSpec; options: { waitForCompletion: boolean } }): { endpoint: string; sync: boolean } {
	const protocol = item.model.protocol;
	const asyncEndpoint = protocol ? protocol.endpoint : (item.model.endpoint ?? family.endpoint);
	if (protocol?.syncEndpoint && (item.options.waitForCompletion || !asyncEndpoint)) return { endpoint: protocol.syncEndpoint, sync: true };
	return { endpoint: asyncEndpoint ?? family.endpoint, sync: false };
}
