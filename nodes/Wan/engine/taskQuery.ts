import type { ApiResponse } from './dashscope';
import { backoffMs } from './pacing';
import { retryable } from './poll';
import type { ExecutionScheduler } from './scheduler';

/** Attempts of one task query or cancel before its last answer is reported (throttling, server trouble, no answer). */
export const TASK_CALL_ATTEMPTS = 6;

/**
 * One task query or cancel (Task → Get, Task → Cancel) through the same query gate and retries as waiting
 * (poll.ts): the execution's query gate paces every call, a 429 holds the whole gate back, and 429, 5xx and
 * no answer are tried again after a backoff. Returns the last answer.
 */
export async function taskCall(scheduler: ExecutionScheduler, call: () => Promise<ApiResponse>): Promise<ApiResponse> {
	for (let attempt = 0; ; attempt++) {
		await scheduler.queryGate.acquire(scheduler.signal);
		const response = await call();
		if (!retryable(response.status) || attempt + 1 >= TASK_CALL_ATTEMPTS) return response;
		const delay = backoffMs(attempt);
		if (response.status === 429) scheduler.queryGate.holdFor(delay);
		await scheduler.nap(delay);
	}
}
