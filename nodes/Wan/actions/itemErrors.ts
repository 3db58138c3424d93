import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { CancelledError } from '../engine/dashscope';
import { dashScopeError } from '../engine/errors';
import { DashScopeCallError } from '../engine/task';
import { InvalidFieldError } from '../request';

/** Any failure of one item → the n8n error for that item (never carrying HTTP internals or the key). */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof DashScopeCallError) return dashScopeError(ctx.getNode(), error.failure, itemIndex);
	if (error instanceof InvalidFieldError) {
		return new NodeOperationError(ctx.getNode(), error.message, {
			itemIndex,
			description: 'Nothing was sent to DashScope. Fix the value and run again.',
		});
	}
	if (error instanceof CancelledError) return new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), (error as Error)?.message ?? String(error), { itemIndex });
}

/** continueOnFail output: the message plus the task facts needed to recover paid work. */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const facts = (error as { dashScope?: Record<string, unknown> }).dashScope ?? {};
	const json: INodeExecutionData['json'] = { error: error.message };
	if (error.description) json.description = error.description;
	for (const [key, name] of [
		['code', 'code'],
		['taskId', 'taskId'],
		['taskStatus', 'status'],
		['resultUrl', 'resultUrl'],
		['requestId', 'requestId'],
	] as const) {
		if (facts[key] !== undefined) json[name] = facts[key] as string;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Collects settled per-item results into the node output: in input order, each with pairedItem.
 * Without continueOnFail the first failure (by item order) fails the node, after every item settled.
 */
export function collectOutput(
	ctx: IExecuteFunctions,
	settled: Array<PromiseSettledResult<INodeExecutionData[]>>,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, result] of settled.entries()) {
		if (result.status === 'fulfilled') {
			output.push(...result.value.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
			continue;
		}
		const error = toNodeError(ctx, result.reason, itemIndex);
		if (!ctx.continueOnFail() || result.reason instanceof CancelledError) throw error;
		output.push(errorItem(error, itemIndex));
	}
	return output;
}
