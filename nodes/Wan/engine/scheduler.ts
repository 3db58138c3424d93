import { QUERY_QPS_DEFAULT } from '../description/options';
import { pause, RateGate, Semaphore } from './pacing';
import { RunTimes } from './pollPlan';
import { CancelledError } from '../errors';

/** A task this execution created: kept so that no paid task is forgotten when the execution fails. */
export interface CreatedTask {
	taskId: string;
	itemIndex: number;
	model: string;
	status: string;
	resultUrl?: string;
}

/**
 * Shared pacing for one execution: every item's task queries go through one gate (under the account's
 * 20 QPS), submissions through one gate per model (its documented RPS), downloads through a small pool.
 * Nothing survives the execution, so the node works the same on queue-mode workers.
 */
export class ExecutionScheduler {
	readonly queryGate: RateGate;

	/** The execution's cancel signal, joined with halt(): waits, gates and downloads stop on either. */
	readonly signal: AbortSignal | undefined;

	private readonly halter = new AbortController();

	/** The item failure that stopped the execution (without continueOnFail), if any. */
	halted: { itemIndex: number; error: unknown } | undefined;

	/** Every task this execution created, by task ID, with its last known status. */
	readonly created = new Map<string, CreatedTask>();

	readonly downloads = new Semaphore(3);

	private readonly syncSemaphores = new Map<string, Semaphore>();

	private readonly submitGates = new Map<string, RateGate>();

	private readonly learnedRunTimes = new Map<string, RunTimes>();

	constructor(
		readonly executionSignal: AbortSignal | undefined,
		queryQps = QUERY_QPS_DEFAULT,
	) {
		this.queryGate = new RateGate(queryQps);
		this.signal = executionSignal ? AbortSignal.any([executionSignal, this.halter.signal]) : this.halter.signal;
	}

	/**
	 * One item failed for good and the node will fail: stop submitting (gates refuse), stop waiting and
	 * downloading. Submissions already on the wire are not cut off, so every task created is known.
	 */
	halt(itemIndex: number, error: unknown): void {
		if (this.halted) return;
		this.halted = { itemIndex, error };
		this.halter.abort();
	}

	/** Run times per model and mode (see RunTimes), learned within the execution. */
	runTimes(key: string, typicalMs: number, tablePerOutputSecondMs?: number): RunTimes {
		let times = this.learnedRunTimes.get(key);
		if (!times) {
			times = new RunTimes(typicalMs, tablePerOutputSecondMs);
			this.learnedRunTimes.set(key, times);
		}
		return times;
	}

	private readonly submitsInFlight = new Map<string, number>();

	private readonly locks = new Map<string, Promise<unknown>>();

	/** Runs one create-task call, counted per model (a lost answer is looked up only once the others settled). */
	async submitting<T>(model: string, call: () => Promise<T>): Promise<T> {
		this.submitsInFlight.set(model, (this.submitsInFlight.get(model) ?? 0) + 1);
		try {
			return await call();
		} finally {
			this.submitsInFlight.set(model, (this.submitsInFlight.get(model) ?? 1) - 1);
		}
	}

	submissionsInFlight(model: string): number {
		return this.submitsInFlight.get(model) ?? 0;
	}

	/** Runs `work` when no other work under the same key runs (e.g. one lost-task lookup per model at a time). */
	async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
		const before = this.locks.get(key) ?? Promise.resolve();
		const run = before.catch(() => undefined).then(work);
		this.locks.set(key, run);
		return await run;
	}

	/** A task this execution created (or adopted after a lost answer), for the failure report and cancel-on-stop. */
	noteCreated(task: CreatedTask): void {
		this.created.set(task.taskId, task);
	}

	noteStatus(taskId: string, status: string, resultUrl?: string): void {
		const task = this.created.get(taskId);
		if (!task) return;
		task.status = status;
		if (resultUrl) task.resultUrl = resultUrl;
	}

	private readonly sleepers = new Set<() => void>();

	/**
	 * Sleeps like pause(), but wakes early when replan() is called (the expected run time changed), so
	 * waiting tasks can move their next query. Throws CancelledError when the execution is cancelled.
	 */
	async nap(ms: number): Promise<void> {
		const timer = new AbortController();
		const wake = () => timer.abort();
		const onCancel = () => timer.abort();
		this.sleepers.add(wake);
		this.signal?.addEventListener('abort', onCancel, { once: true });
		try {
			await pause(ms, timer.signal).catch(() => undefined);
		} finally {
			this.sleepers.delete(wake);
			this.signal?.removeEventListener('abort', onCancel);
		}
		if (this.signal?.aborted) throw new CancelledError();
	}

	replan(): void {
		for (const wake of [...this.sleepers]) wake();
	}

	/**
	 * Synchronous generations of one model held open at once: at most the model's concurrency (the service's
	 * behaviour beyond it is not documented; a task would queue, a held-open call might be refused).
	 */
	syncSlots(modelId: string, concurrency: number): Semaphore {
		let slots = this.syncSemaphores.get(modelId);
		if (!slots) {
			slots = new Semaphore(Math.max(1, concurrency));
			this.syncSemaphores.set(modelId, slots);
		}
		return slots;
	}

	submitGate(modelId: string, submitRps: number): RateGate {
		let gate = this.submitGates.get(modelId);
		if (!gate) {
			gate = new RateGate(submitRps);
			this.submitGates.set(modelId, gate);
		}
		return gate;
	}
}

/**
 * Runs `worker` for every index with at most `concurrency` in flight and returns the settled results
 * in input order (so output items line up with input items).
 */
export async function runAll<T>(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<T>,
	onRejected?: (index: number, reason: unknown) => void,
): Promise<Array<PromiseSettledResult<T>>> {
	const results: Array<PromiseSettledResult<T>> = new Array(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await worker(index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
				onRejected?.(index, reason);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
	return results;
}
