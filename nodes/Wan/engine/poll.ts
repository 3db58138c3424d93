import type { DashScopeClient } from './dashscope';
import { backoffMs } from './pacing';
import { MIN_POLL_INTERVAL_MS, nextPollDelayMs, outputSecondsOf, queryUrgency, serviceTimeMs } from './pollPlan';
import type { ExecutionScheduler } from './scheduler';
import type { WatchHandle } from './taskWatch';
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

/**
 * While the list sweeps speak for a task (see TaskWatch), it is still queried on its own this often: a
 * safety net should the list stop showing changes the task query shows.
 */
export const COVERED_QUERY_INTERVAL_MS = 30_000;

/** Urgency of the query of a task the list showed ended: before any task that merely might have. */
const ENDED_URGENCY = 100;

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
	// Tasks sent by this execution are watched through the task list, account-wide per model (their sending
	// time bounds the list window); others (Task → Wait) poll on their own plan.
	const watch = options.model && options.submittedAt !== undefined ? options.scheduler.account.watch(options.model.id).add(taskId, options.submittedAt, client) : undefined;
	try {
		return await waitWatched(client, taskId, options, watch);
	} finally {
		watch?.stop();
	}
}

async function waitWatched(client: DashScopeClient, taskId: string, options: WaitOptions, watch: WatchHandle | undefined): Promise<WaitResult> {
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

	const listed = () => watch?.state();
	const listedEnded = () => {
		const state = listed();
		return Boolean(state && TERMINAL_STATUSES.has(state.status) && state.seenAt > lastQueryAt);
	};
	/** The list's start time on our clock (its gmt_create against our sending time gives the offset). */
	const listedStart = () => {
		const state = listed();
		if (!state?.startedAt) return undefined;
		const offset = state.createdAt !== undefined && options.submittedAt !== undefined ? options.submittedAt - state.createdAt : 0;
		return state.startedAt + offset;
	};
	const runningFor = (at: number) => (runningSince === undefined ? undefined : at - runningSince);
	const deadline = () => (runningSince === undefined ? options.ceiling : Math.min(options.ceiling, runningSince + options.maxRunMs));
	const dueAt = () => {
		if (retryDelay) return lastQueryAt + retryDelay;
		if (watch?.covered(Date.now())) {
			// The sweeps speak for this task: query it when the list shows it ended, else only as a safety net.
			return listedEnded() ? -Infinity : Math.max(lastQueryAt, since) + COVERED_QUERY_INTERVAL_MS;
		}
		return (
			lastQueryAt +
			nextPollDelayMs({
				status: last?.status ?? 'PENDING',
				ageMs: lastQueryAt - since,
				runningForMs: runningFor(lastQueryAt),
				expectedRunMs: expectedRunMs(),
				minMs: MIN_POLL_INTERVAL_MS,
			})
		);
	};
	const urgency = () => (listedEnded() ? ENDED_URGENCY : queryUrgency(last?.status ?? listed()?.status, runningFor(Date.now()), expectedRunMs()));

	for (;;) {
		for (;;) {
			// Read the wake-up signal before planning: news arriving after it wakes the nap at once.
			const news = watch?.signal;
			if (runningSince === undefined && listed()?.status === 'RUNNING') runningSince = listedStart();
			const wait = Math.min(dueAt(), deadline()) - Date.now();
			if (wait <= 0) break;
			await scheduler.nap(wait, news);
		}
		// At the deadline, give up only with an answer from after it: a task the list sweeps spoke for may not have
		// been queried for a while, and the error must say what state it is in now.
		if (lastQueryAt >= deadline() && Date.now() >= deadline()) {
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
				runningSince = scheduled && clockOffset !== undefined ? scheduled + clockOffset : (runningSince ?? listedStart() ?? lastQueryAt);
			}
		} else if (retryable(response.status)) {
			retryDelay = backoffMs(failures++);
			if (response.status === 429) scheduler.queryGate.throttled(retryDelay);
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
