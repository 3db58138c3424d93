import type { IDataObject } from 'n8n-workflow';

import { answerProblem, requestIdOf, taskAnswer } from './answers';
import type { ApiResponse } from './dashscope';
import type { DashScopeFailure } from '../errors';

export type TaskStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'UNKNOWN' | string;

/**
 * Statuses after which a task never changes. Anything else (including undocumented ones) means "keep
 * waiting". The image pages spell it CANCELED, the video and T2I pages CANCELLED: both are final.
 */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CANCELLED', 'UNKNOWN']);

/**
 * The batch query takes `YYYYMMDDhhmmss` without a zone. Beijing time (UTC+8) is assumed, as the
 * service's other timestamps on cn-beijing are; the docs do not say.
 */
export function toServiceTime(value: string | number): string {
	const date = new Date(new Date(value).getTime() + 8 * 3600_000);
	return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface TaskSnapshot {
	taskId: string;
	status: TaskStatus;
	requestId?: string;
	output: IDataObject;
	usage?: IDataObject;
}

export function failureFromResponse(response: ApiResponse, context: Partial<DashScopeFailure> = {}): DashScopeFailure {
	const body = response.body;
	return {
		message: String(body.message ?? `DashScope answered HTTP ${response.status}`),
		code: typeof body.code === 'string' ? body.code : undefined,
		httpCode: response.status,
		requestId: requestIdOf(body),
		...context,
	};
}

/** A task query answered 200 in a shape the node does not know: said so, instead of reading it as UNKNOWN. */
export function unexpectedTaskAnswer(response: ApiResponse, taskId: string): DashScopeFailure | undefined {
	const problem = answerProblem(taskAnswer, response.body);
	if (!problem) return undefined;
	return {
		code: 'UnexpectedAnswer',
		message: `DashScope answered the query of task ${taskId} in an unexpected shape (${problem})`,
		taskId,
		advice: 'Check the base URL in the credential (a gateway may answer instead of DashScope). The task itself may be fine: query it later with Task → Get.',
	};
}

export function parseTask(response: ApiResponse, taskId: string): TaskSnapshot {
	const output = (response.body.output ?? {}) as IDataObject;
	return {
		taskId: String(output.task_id ?? taskId),
		status: String(output.task_status ?? 'UNKNOWN'),
		requestId: requestIdOf(response.body),
		output,
		usage: response.body.usage as IDataObject | undefined,
	};
}

/**
 * The answer of a synchronous generation as a finished task without an ID: the body has the same `output`
 * (result places) and `usage` as the task query would (api-gaps.md §1.1, §1.3).
 */
export function syncSnapshot(response: ApiResponse): TaskSnapshot {
	return { ...parseTask(response, ''), taskId: '', status: 'SUCCEEDED' };
}

/** Why a finished task has no result, phrased for the user. */
export function terminalFailure(task: TaskSnapshot): DashScopeFailure | undefined {
	const base = { taskId: task.taskId, taskStatus: task.status, requestId: task.requestId };
	switch (task.status) {
		case 'SUCCEEDED':
			return undefined;
		case 'FAILED':
			return {
				...base,
				code: typeof task.output.code === 'string' ? task.output.code : 'TaskFailed',
				message: String(task.output.message ?? 'The task failed'),
			};
		case 'CANCELED':
		case 'CANCELLED':
			return { ...base, code: 'TaskCanceled', message: 'The task was cancelled before it ran', advice: 'Submit it again if you still need the result.' };
		default:
			return {
				...base,
				code: 'TaskUnknown',
				message: 'DashScope does not know this task',
				advice:
					'The task ID is wrong, belongs to another account or region, or expired (tasks are kept about 24 hours). Check the ID and the credential.',
			};
	}
}

/**
 * Sub-results that failed inside a SUCCEEDED multi-output task (e.g. one of n images flagged by
 * moderation): the service reports them as `{code, message}` items in `output.results`.
 */
export function failedResults(output: IDataObject): Array<{ code: string; message: string }> {
	const results = Array.isArray(output.results) ? (output.results as IDataObject[]) : [];
	return results
		.filter((result) => result && typeof result === 'object' && typeof result.code === 'string')
		.map((result) => ({ code: String(result.code), message: String(result.message ?? '') }));
}

/** Signed result URLs carry `Expires=<epoch seconds>`; surface it so users know how long the link lives. */
export function urlExpiry(url: string): string | undefined {
	try {
		const expires = Number(new URL(url).searchParams.get('Expires'));
		return Number.isFinite(expires) && expires > 0 ? new Date(expires * 1000).toISOString() : undefined;
	} catch {
		return undefined;
	}
}
