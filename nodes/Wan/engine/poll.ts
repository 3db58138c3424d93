import type { DashScopeClient } from './dashscope';
import { backoffMs, pause } from './pacing';
import { nextPollDelayMs, queryPriority, serviceTimeMs } from './pollPlan';
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

/** Polls one task until it is terminal, the deadline passes, or the execution is cancelled. */
export async function waitForTask(client: DashScopeClient, taskId: string, options: WaitOptions): Promise<WaitResult> {
	const { scheduler } = options;
	const runTimes = scheduler.runTimes(options.model?.id ?? '', (options.model?.typicalSeconds ?? 60) * 1000);
	let last: TaskSnapshot | undefined;
	let failures = 0;
	let clockOffset: number | undefined;
	let runningSince: number | undefined;
	const running = scheduler.runningTracker();
	const since = options.submittedAt ?? Date.now();
	try {
		for (;;) {
			await scheduler.queryGate.acquire(scheduler.signal, queryPriority(last?.status));
			const response = await client.getTask(taskId);
			const now = Date.now();
			let delay: number;
			if (response.status === 200) {
				failures = 0;
				last = parseTask(response, taskId);
				const submitted = serviceTimeMs(last.output.submit_time);
				if (clockOffset === undefined && options.submittedAt && submitted) clockOffset = options.submittedAt - submitted;
				if (TERMINAL_STATUSES.has(last.status)) {
					const scheduled = serviceTimeMs(last.output.scheduled_time);
					const ended = serviceTimeMs(last.output.end_time);
					if (last.status === 'SUCCEEDED' && scheduled && ended) runTimes.record(ended - scheduled);
					return { done: true, task: last };
				}
				if (last.status === 'RUNNING') {
					running.start();
					const scheduled = serviceTimeMs(last.output.scheduled_time);
					runningSince = scheduled && clockOffset !== undefined ? scheduled + clockOffset : (runningSince ?? now);
				}
				delay = nextPollDelayMs({
					status: last.status,
					ageMs: now - since,
					runningForMs: runningSince === undefined ? undefined : now - runningSince,
					expectedRunMs: runTimes.expectedMs(),
					minMs: scheduler.minPollIntervalMs(),
				});
			} else if (retryable(response.status)) {
				delay = backoffMs(failures++);
				if (response.status === 429) scheduler.queryGate.holdFor(delay);
			} else {
				throw new DashScopeCallError(failureFromResponse(response, { taskId }));
			}
			const remaining = options.deadline - Date.now();
			if (remaining <= 0) return { done: false, task: last };
			await pause(Math.min(delay, remaining), scheduler.signal);
		}
	} finally {
		running.stop();
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
