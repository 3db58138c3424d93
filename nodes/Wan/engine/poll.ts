import type { DashScopeClient } from './dashscope';
import { backoffMs } from './pacing';
import { MIN_POLL_INTERVAL_MS, nextPollDelayMs, queryUrgency, serviceTimeMs } from './pollPlan';
import type { ExecutionScheduler } from './scheduler';
import { DashScopeCallError, failureFromResponse, parseTask, TERMINAL_STATUSES } from './task';
import type { TaskSnapshot } from './task';

export interface WaitOptions {
	/** Epoch ms after which we stop waiting (the task keeps running on the service). */
	deadline: number;
	/** The execution's shared pacing: query gate, running-task count, learned run times. */
	scheduler: ExecutionScheduler;
	/** Model id and typical seconds from the table, when known (task actions may not know the model). */
	model?: { id: string; typicalSeconds: number };
	/** When we sent the submission (epoch ms): lets us place the service's timestamps on our clock. */
	submittedAt?: number;
}

export type WaitResult = { done: true; task: TaskSnapshot } | { done: false; task?: TaskSnapshot };

/** Whether a failed query is worth repeating: throttling, server trouble, or no answer at all (status 0). */
function retryable(status: number): boolean {
	return status === 0 || status === 429 || status >= 500;
}

/**
 * Polls one task until it is terminal, the deadline passes, or the execution is cancelled. The next
 * query is due at (last query + planned delay); the plan is redone whenever the expected run time
 * changes, and when the budget is short the gate asks first about the task most likely finished.
 */
export async function waitForTask(client: DashScopeClient, taskId: string, options: WaitOptions): Promise<WaitResult> {
	const { scheduler } = options;
	const runTimes = scheduler.runTimes(options.model?.id ?? '', (options.model?.typicalSeconds ?? 60) * 1000);
	const since = options.submittedAt ?? Date.now();
	let last: TaskSnapshot | undefined;
	let failures = 0;
	let retryDelay = 0;
	let clockOffset: number | undefined;
	let runningSince: number | undefined;
	let lastQueryAt = -Infinity;

	const runningFor = (at: number) => (runningSince === undefined ? undefined : at - runningSince);
	const dueAt = () =>
		lastQueryAt +
		(retryDelay ||
			nextPollDelayMs({
				status: last?.status ?? 'PENDING',
				ageMs: lastQueryAt - since,
				runningForMs: runningFor(lastQueryAt),
				expectedRunMs: runTimes.expectedMs(),
				minMs: MIN_POLL_INTERVAL_MS,
			}));
	const urgency = () => queryUrgency(last?.status, runningFor(Date.now()), runTimes.expectedMs());

	for (;;) {
		for (let wait = Math.min(dueAt(), options.deadline) - Date.now(); wait > 0; wait = Math.min(dueAt(), options.deadline) - Date.now()) {
			await scheduler.nap(wait);
		}
		if (lastQueryAt > -Infinity && Date.now() >= options.deadline) return { done: false, task: last };
		await scheduler.queryGate.acquire(scheduler.signal, urgency);
		lastQueryAt = Date.now();
		const response = await client.getTask(taskId);
		if (response.status === 200) {
			failures = 0;
			retryDelay = 0;
			last = parseTask(response, taskId);
			if (scheduler.inFlight.has(taskId)) scheduler.inFlight.set(taskId, last.status);
			const submitted = serviceTimeMs(last.output.submit_time);
			if (clockOffset === undefined && options.submittedAt && submitted) clockOffset = options.submittedAt - submitted;
			const scheduled = serviceTimeMs(last.output.scheduled_time);
			if (TERMINAL_STATUSES.has(last.status)) {
				const ended = serviceTimeMs(last.output.end_time);
				if (last.status === 'SUCCEEDED' && scheduled && ended && runTimes.record(ended - scheduled)) scheduler.replan();
				return { done: true, task: last };
			}
			if (last.status === 'RUNNING') {
				runningSince = scheduled && clockOffset !== undefined ? scheduled + clockOffset : (runningSince ?? lastQueryAt);
			}
		} else if (retryable(response.status)) {
			retryDelay = backoffMs(failures++);
			if (response.status === 429) scheduler.queryGate.holdFor(retryDelay);
		} else {
			throw new DashScopeCallError(failureFromResponse(response, { taskId }));
		}
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
