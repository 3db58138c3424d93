import type { ApiResponse } from './dashscope';
import { backoffMs } from './pacing';
import { retryable } from './poll';
import type { RateGate } from './pacing';
import type { ExecutionScheduler } from './scheduler';

/** Attempts of one task query or cancel before its last answer is reported (throttling, server trouble, no answer). */
export const TASK_CALL_ATTEMPTS = 6;

/**
 * Calls through `gate` until the answer is not worth repeating (429, 5xx and no answer are) or `attempts` ran
 * out, waiting a backoff between tries; a 429 holds the whole gate back. Returns the last answer.
 */
export async function retryingCall(
	gate: RateGate,
	call: () => Promise<ApiResponse>,
	options: { attempts: number; wait: (ms: number) => Promise<void>; signal?: AbortSignal; backoff?: (attempt: number) => number },
): Promise<ApiResponse> {
	const backoff = options.backoff ?? backoffMs;
	for (let attempt = 0; ; attempt++) {
		await gate.acquire(options.signal);
		const response = await call();
		if (!retryable(response.status) || attempt + 1 >= options.attempts) return response;
		const delay = backoff(attempt);
		if (response.status === 429) gate.holdFor(delay);
		await options.wait(delay);
	}
}

/**
 * One task query or cancel (Task → Get, Task → Cancel) through the same query gate and retries as waiting
 * (poll.ts): the execution's query gate paces every call, a 429 holds the whole gate back, and 429, 5xx and
 * no answer are tried again after a backoff. Returns the last answer.
 */
export async function taskCall(scheduler: ExecutionScheduler, call: () => Promise<ApiResponse>): Promise<ApiResponse> {
	return await retryingCall(scheduler.queryGate, call, {
		attempts: TASK_CALL_ATTEMPTS,
		wait: async (ms) => await scheduler.nap(ms),
		signal: scheduler.signal,
	});
}
