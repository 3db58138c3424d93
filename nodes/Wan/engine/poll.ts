import type { DashScopeClient } from './dashscope';
import { backoffMs, pause } from './pacing';
import type { RateGate } from './pacing';
import { DashScopeCallError, failureFromResponse, parseTask, TERMINAL_STATUSES } from './task';
import type { TaskSnapshot } from './task';

export interface WaitOptions {
	/** Epoch ms after which we stop waiting (the task keeps running on the service). */
	deadline: number;
	signal?: AbortSignal;
	/** Shared by every task of the execution: keeps all queries under the account's QPS budget. */
	queryGate: RateGate;
	/** How long this model usually takes; polling is densest around it. */
	typicalMs: number;
	/** When the task was submitted (epoch ms); defaults to now. */
	startedAt?: number;
}

export type WaitResult = { done: true; task: TaskSnapshot } | { done: false; task?: TaskSnapshot };

/**
 * Delay before the next status query. Quick at first (fast failures, short tasks), spaced out in the
 * middle, dense again as the typical duration approaches, and slowly backing off once it has passed.
 */
export function nextPollDelayMs(elapsedMs: number, typicalMs: number): number {
	const clamp = (ms: number, low: number, high: number) => Math.min(high, Math.max(low, ms));
	if (elapsedMs < 5_000) return 1_000;
	const untilTypical = typicalMs - elapsedMs;
	if (untilTypical > 0) return clamp(untilTypical / 4, 1_000, 15_000);
	return clamp(2_000 + -untilTypical / 10, 2_000, 15_000);
}

/** Whether a failed query is worth repeating: throttling, server trouble, or no answer at all (status 0). */
function retryable(status: number): boolean {
	return status === 0 || status === 429 || status >= 500;
}

/** Polls one task until it is terminal, the deadline passes, or the execution is cancelled. */
export async function waitForTask(client: DashScopeClient, taskId: string, options: WaitOptions): Promise<WaitResult> {
	const startedAt = options.startedAt ?? Date.now();
	let last: TaskSnapshot | undefined;
	let failures = 0;
	for (;;) {
		await options.queryGate.acquire(options.signal);
		let delay: number;
		const response = await client.getTask(taskId);
		if (response.status === 200) {
			failures = 0;
			last = parseTask(response, taskId);
			if (TERMINAL_STATUSES.has(last.status)) return { done: true, task: last };
			delay = nextPollDelayMs(Date.now() - startedAt, options.typicalMs);
		} else if (retryable(response.status)) {
			delay = backoffMs(failures++);
			if (response.status === 429) options.queryGate.holdFor(delay);
		} else {
			throw new DashScopeCallError(failureFromResponse(response, { taskId }));
		}
		const remaining = options.deadline - Date.now();
		if (remaining <= 0) return { done: false, task: last };
		await pause(Math.min(delay, remaining), options.signal);
	}
}

/** Max Wait ran out: the task lives on, so say how to pick it up later. */
export function waitTimeoutError(taskId: string, status: string, minutes: number, howToResume: string): DashScopeCallError {
	return new DashScopeCallError({
		code: 'WaitTimeout',
		message: `Task ${taskId} is still ${status} after ${minutes} minutes`,
		taskId,
		taskStatus: status,
		advice: `It keeps running on the service. ${howToResume}`,
	});
}
