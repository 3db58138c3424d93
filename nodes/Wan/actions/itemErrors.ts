import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';

import type { CreatedTask, ExecutionScheduler } from '../engine/scheduler';
import { CancelledError, DashScopeCallError, dashScopeError, InvalidFieldError } from '../errors';

/** Any failure of one item → the n8n error for that item (never carrying HTTP internals or the key). */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof DashScopeCallError) return dashScopeError(ctx.getNode(), error.failure, itemIndex);
	if (error instanceof InvalidFieldError) {
		// The field stays readable for the tool answer (actions/tool.ts): which field, and what its model allows.
		return Object.assign(
			new NodeOperationError(ctx.getNode(), error.message, {
				itemIndex,
				description: 'Nothing was sent to DashScope. Fix the value and run again.',
			}),
			{ invalidField: error.field },
		);
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
		['waitedSeconds', 'waitedSeconds'],
		['templateId', 'templateId'],
	] as const) {
		if (facts[key] !== undefined) json[name] = facts[key] as string | number;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Paid work must not vanish with a failed execution: the error that fails the node lists every task
 * the execution created, with its status and result URL where known, and how to pick them up.
 */
export function withCreatedTasks<E extends NodeApiError | NodeOperationError>(error: E, created: ReadonlyMap<string, CreatedTask>): E {
	if (!created.size) return error;
	const tasks = [...created.values()].sort((a, b) => a.itemIndex - b.itemIndex);
	const lines = tasks.map(
		(task) => `item ${task.itemIndex + 1}: ${task.taskId} (${task.model}, ${task.status}${task.resultUrl ? `, result ${task.resultUrl}` : ''})`,
	);
	const summary =
		`This execution had created ${tasks.length} task(s) on DashScope; they are not lost and keep running there: ${lines.join('; ')}. ` +
		'Pick them up with Task → Wait and these task IDs (results are kept about 24 hours) instead of running the node again, which would pay twice. ' +
		'With On Error → Continue, each item reports its own result or error instead.';
	error.description = [error.description, summary].filter(Boolean).join(' ');
	error.context = { ...error.context, createdTasks: tasks.map((task) => ({ ...task })) };
	return error;
}

/**
 * Collects settled per-item results into the node output: in input order, each with pairedItem.
 * Without continueOnFail the item failure that halted the execution fails the node (else the first by
 * item order), after every item settled, listing the tasks created.
 */
export function collectOutput(
	ctx: IExecuteFunctions,
	settled: Array<PromiseSettledResult<INodeExecutionData[]>>,
	scheduler?: ExecutionScheduler,
): INodeExecutionData[] {
	if (scheduler?.halted) {
		const { itemIndex, error } = scheduler.halted;
		throw withCreatedTasks(toNodeError(ctx, error, itemIndex), scheduler.created);
	}
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
