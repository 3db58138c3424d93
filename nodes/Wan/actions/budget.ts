import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { describeEstimate, estimateCeiling } from '../cost';
import { createHeaders, holdsOssUrl } from '../engine/dashscope';
import type { CostEstimate, EstimateInputs } from '../cost';
import { PRICES_DATE } from '../models/shared/pricing';
import type { Route } from './route';
import type { ModelSpec } from '../models/types';
import { setPath } from '../request/paths';
import { kindOfUrl } from '../request/build';
import type { BuiltRequest } from '../request/build';
import type { PreparedInput } from './inputs';

/**
 * Spending guards of a generation run: Max Estimated Cost per Execution refuses items past a budget before
 * any paid request, and Dry Run shows what would be sent (and what it would cost) without sending anything.
 */

/**
 * A URL (or `{ type, url }` media item) in the request that is, or may be, a video: by its type, its file
 * extension, or (no extension) as a possible video, so an upper bound stays an upper bound.
 */
function isVideoValue(value: unknown): boolean {
	if (typeof value === 'string') {
		if (value.startsWith('data:')) return value.startsWith('data:video/');
		if (!/^(https?|oss):\/\//i.test(value)) return false;
		const kind = kindOfUrl(value);
		return kind === 'video' || kind === undefined;
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const { type, url } = value as IDataObject;
		if (typeof type === 'string' && /video|clip/.test(type)) return typeof url === 'string' && url !== '';
		return isVideoValue(url);
	}
	return false;
}

/**
 * What the estimate needs from the prepared request: the length of input files read from binary data, and the
 * input videos (billed as input seconds by reference to video and video editing).
 */
export function estimateInputsOf(request: BuiltRequest, inputs: readonly PreparedInput[]): EstimateInputs {
	const secondsAt: Record<string, number | undefined> = {};
	for (const input of inputs) if (input.upload.index === undefined && input.seconds !== undefined) secondsAt[input.upload.path] = input.seconds;
	const seconds: number[] = [];
	let unknown = 0;
	for (const input of inputs) {
		if (input.kind !== 'video') continue;
		if (input.seconds !== undefined && Number.isFinite(input.seconds)) seconds.push(input.seconds);
		else unknown++;
	}
	// Videos given as URLs, in lists (reference URLs, media items) and in single fields. Places a binary input
	// will fill are still empty here, so they are not counted twice.
	const values = Object.values((request.body.input ?? {}) as IDataObject).flatMap((value) => (Array.isArray(value) ? value : [value]));
	unknown += values.filter(isVideoValue).length;
	return { secondsAt, mayHaveInputVideo: seconds.length + unknown > 0, inputVideos: { seconds, unknown } };
}

/**
 * Admits items in input order while their estimates fit the budget. The running total counts the items
 * admitted so far (upper bounds for ranges); the first admitted item's currency is the budget's.
 */
export class BudgetGuard {
	private total = 0;

	private currency?: string;

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly budget: number,
	) {}

	/** Throws a NodeOperationError for the item when it does not fit. */
	admit(estimate: CostEstimate, model: ModelSpec, itemIndex: number): void {
		// A free-trial-only tool has no paid price: nothing can be billed, so nothing counts against the limit.
		if (!this.budget || estimate.freeTrial !== undefined) return;
		const ceiling = estimateCeiling(estimate);
		const limit = `the Max Estimated Cost per Execution of ${this.budget}${this.currency ? ` ${this.currency}` : ''}`;
		const nothingSent = 'Nothing was sent to DashScope for this item.';
		if (ceiling === undefined || !estimate.currency) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				`The cost of item ${itemIndex + 1} (${model.id}) cannot be estimated, so ${limit} cannot be guaranteed: ${estimate.reason ?? 'its price is unknown'}`,
				{
					itemIndex,
					description: `${nothingSent} Choose a model whose list price is known for this region (see the README price table), or set Max Estimated Cost per Execution to 0 to run without a limit.`,
				},
			);
		}
		if (this.currency && estimate.currency !== this.currency) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Item ${itemIndex + 1} (${model.id}) is priced in ${estimate.currency}, but ${limit} counts ${this.currency} (the currency of the items before it)`,
				{ itemIndex, description: `${nothingSent} Run models priced in different currencies in separate executions.` },
			);
		}
		const after = Math.round((this.total + ceiling) * 1e6) / 1e6;
		if (after > this.budget) {
			const currency = estimate.currency;
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Item ${itemIndex + 1} would exceed the Max Estimated Cost per Execution of ${this.budget} ${currency}: the items before it are estimated at ${this.total} ${currency} in all, and this item at ${describeEstimate(estimate)}`,
				{
					itemIndex,
					description: `${nothingSent} Raise the limit, ask for less (a shorter duration, a lower resolution, fewer images) or split the rows over several executions. Estimates use list prices of ${PRICES_DATE}; the service's price page is authoritative.`,
				},
			);
		}
		this.total = after;
		this.currency = estimate.currency;
	}
}

/** A placeholder for a binary input in a dry-run request body: what it is and how it would be sent. */
export function placeholder(input: PreparedInput): string {
	const what = `binary field "${input.upload.binaryProperty}" (${input.file.mimeType}, ${input.file.bytes} bytes)`;
	return input.inline ? `<${what}, sent inline as a data: URI>` : `<${what}, uploaded to temporary storage and sent as an oss:// URL>`;
}

/**
 * A request as a dry run shows it: the exact body with binary inputs as placeholders, and the headers it would
 * carry (uploads still to come will be oss:// URLs and need the resolve header; inline files are data: URIs).
 */
export function shownRequest(
	body: IDataObject,
	inputs: readonly PreparedInput[],
	call: { sync: boolean; extra?: Readonly<Record<string, string>> },
): { request: IDataObject; headers: IDataObject } {
	const request = JSON.parse(JSON.stringify(body)) as IDataObject;
	for (const input of inputs) setPath(request, input.upload.path, placeholder(input));
	const ossResolve = inputs.some((input) => !input.inline) || holdsOssUrl(body);
	return { request, headers: createHeaders({ ...call, ossResolve }) };
}

/** The output item of a dry run: the estimate and the exact request that would be sent. */
export function dryRunItem(
	baseUrl: string,
	item: { model: ModelSpec; request: BuiltRequest; inputs: readonly PreparedInput[]; estimate: CostEstimate; route: Route },
): INodeExecutionData {
	const route = item.route;
	const { request, headers } = shownRequest(item.request.body, item.inputs, { sync: route.sync, extra: route.headers });
	return {
		json: {
			dryRun: true,
			model: item.model.id,
			endpoint: `${baseUrl}${route.endpoint}`,
			method: 'POST',
			headers,
			request,
			estimate: item.estimate,
		},
	};
}
