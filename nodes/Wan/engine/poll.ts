import type { DashScopeClient } from './dashscope';
import { backoffMs } from './pacing';
import { MIN_POLL_INTERVAL_MS, nextPollDelayMs, outputSecondsOf, queryUrgency, serviceTimeMs } from './pollPlan';
import type { ExecutionScheduler } from './scheduler';
import { failureFromResponse, parseTask, TERMINAL_STATUSES, unexpectedTaskAnswer } from './taskAnswer';
import type { TaskSnapshot } from './taskAnswer';
import { DashScopeCallError } from '../errors';

export interface WaitOptions {
	/**
	 * How long to wait once the service runs the task (Max Wait). Time queued as PENDING behind the
	 * model's concurrency does not count: a task is not late while it waits its turn.
	 */
	maxRunMs: number;
	/** Epoch ms after which we stop waiting whatever the state (the task keeps going on the service). */
	ceiling: number;
	/** The execution's shared pacing: query gate, running-task count, learned run times. */
	scheduler: ExecutionScheduler;
	/** What the table says of the model, when known (task actions may not know the model). */
	model?: { id: string; typicalSeconds: number; secondsPerOutputSecond?: number };
	/** The mode the task runs in (e.g. wan-std / wan-pro): run times are learned per model and mode. */
	mode?: string;
	/** Seconds of video the task will produce, when known from the request (its duration). */
	outputSeconds?: number;
	/** When we sent the submission (epoch ms): lets us place the service's timestamps on our clock. */
	submittedAt?: number;
}

export type WaitResult =
	| { done: true; task: TaskSnapshot }
	| { done: false; task?: TaskSnapshot; waitedMs: number; ranMs?: number };

/** Task-query answers in an unknown shape tolerated in a row before the wait fails. */
const MAX_MALFORMED_ANSWERS = 4;

/** Whether a failed query is worth repeating: throttling, server trouble, or no answer at all (status 0). */
export function retryable(status: number): boolean {
	return status === 0 || status === 429 || status >= 500;
}

/**
 * Polls one task until it is terminal, the deadline passes, or the execution is cancelled. The next
 * query is due at (last query + planned delay); the plan is redone whenever the expected run time
 * changes, and when the budget is short the gate asks first about the task most likely finished.
 */
export async function waitForTask(client: DashScopeClient, taskId: string, options: WaitOptions): Promise<WaitResult> {
	const { scheduler } = options;
	const model = options.model;
	const runTimes = scheduler.runTimes(
		`${model?.id ?? ''}|${options.mode ?? ''}`,
		(model?.typicalSeconds ?? 60) * 1000,
		model?.secondsPerOutputSecond ? model.secondsPerOutputSecond * 1000 : undefined,
	);
	const expectedRunMs = () => runTimes.expectedMs(options.outputSeconds);
	const since = options.submittedAt ?? Date.now();
	let last: TaskSnapshot | undefined;
	let failures = 0;
	let malformed = 0;
	let retryDelay = 0;
	let clockOffset: number | undefined;
	let runningSince: number | undefined;
	let lastQueryAt = -Infinity;

	const runningFor = (at: number) => (runningSince === undefined ? undefined : at - runningSince);
	const deadline = () => (runningSince === undefined ? options.ceiling : Math.min(options.ceiling, runningSince + options.maxRunMs));
	const dueAt = () =>
		lastQueryAt +
		(retryDelay ||
			nextPollDelayMs({
				status: last?.status ?? 'PENDING',
				ageMs: lastQueryAt - since,
				runningForMs: runningFor(lastQueryAt),
				expectedRunMs: expectedRunMs(),
				minMs: MIN_POLL_INTERVAL_MS,
			}));
	const urgency = () => queryUrgency(last?.status, runningFor(Date.now()), expectedRunMs());

	for (;;) {
		for (let wait = Math.min(dueAt(), deadline()) - Date.now(); wait > 0; wait = Math.min(dueAt(), deadline()) - Date.now()) {
			await scheduler.nap(wait);
		}
		if (lastQueryAt > -Infinity && Date.now() >= deadline()) {
			return { done: false, task: last, waitedMs: Date.now() - since, ranMs: runningFor(Date.now()) };
		}
		await scheduler.queryGate.acquire(scheduler.signal, urgency);
		lastQueryAt = Date.now();
		const response = await client.getTask(taskId);
		const unexpected = response.status === 200 ? unexpectedTaskAnswer(response, taskId) : undefined;
		if (unexpected) {
			// A proxy's hiccup or a half-written answer: worth a few more looks, then say what came back.
			if (++malformed >= MAX_MALFORMED_ANSWERS) throw new DashScopeCallError(unexpected);
			retryDelay = backoffMs(failures++);
		} else if (response.status === 200) {
			malformed = 0;
			failures = 0;
			retryDelay = 0;
			last = parseTask(response, taskId);
			scheduler.noteStatus(taskId, last.status);
			const submitted = serviceTimeMs(last.output.submit_time);
			if (clockOffset === undefined && options.submittedAt && submitted) clockOffset = options.submittedAt - submitted;
			const scheduled = serviceTimeMs(last.output.scheduled_time);
			if (TERMINAL_STATUSES.has(last.status)) {
				const ended = serviceTimeMs(last.output.end_time);
				if (last.status === 'SUCCEEDED' && scheduled && ended && runTimes.record(ended - scheduled, outputSecondsOf(last.usage))) {
					scheduler.replan();
				}
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

/** Max Wait (or the overall ceiling) ran out: the task lives on, so say how to pick it up later. */
/**
 * Waits for a task to end; one still running at the deadline fails with WaitTimeout, saying how to pick it up
 * later (`status`: what it was when last seen, if never queried).
 */
export async function waitUntilDone(
	client: DashScopeClient,
	taskId: string,
	options: WaitOptions,
	timeout: { status: string; howToResume: string },
): Promise<TaskSnapshot> {
	const waited = await waitForTask(client, taskId, options);
	if (!waited.done) throw waitTimeoutError(taskId, waited, timeout.status, timeout.howToResume);
	return waited.task;
}

export function waitTimeoutError(taskId: string, waited: { task?: TaskSnapshot; waitedMs: number; ranMs?: number }, fallbackStatus: string, howToResume: string): DashScopeCallError {
	const status = waited.task?.status ?? fallbackStatus;
	const minutes = (ms: number) => `${Math.round(ms / 6000) / 10} minutes`;
	const how = waited.ranMs === undefined ? `after waiting ${minutes(waited.waitedMs)}` : `after running ${minutes(waited.ranMs)}`;
	return new DashScopeCallError({
		code: 'WaitTimeout',
		message: `Task ${taskId} is still ${status} ${how}`,
		taskId,
		taskStatus: status,
		waitedSeconds: Math.round(waited.waitedMs / 1000),
		advice: `It keeps going on the service. ${howToResume}`,
	});
}
