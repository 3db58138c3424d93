import { AccountPacing, accountPacing } from './account';
import { pause, RateGate, Semaphore } from './pacing';
import type { RunTimes } from './pollPlan';
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
 * Pacing for one execution, on top of its account's shared pacing (see AccountPacing): task queries go
 * through the account's query gate (under its 20 QPS), submissions through the account's gate per model,
 * downloads through a small pool of this execution. The account's share lives as long as the n8n instance;
 * across processes (queue-mode workers) the gates adapt to the 429s they meet.
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

	/** Shared with every execution of the same account in this n8n instance (a private one when not given). */
	readonly account: AccountPacing;

	constructor(
		readonly executionSignal: AbortSignal | undefined,
		account?: AccountPacing,
	) {
		this.account = account ?? new AccountPacing();
		this.queryGate = this.account.queryGate;
		this.signal = executionSignal ? AbortSignal.any([executionSignal, this.halter.signal]) : this.halter.signal;
	}

	/** The scheduler of one execution of the client's account, sharing that account's pacing in this n8n instance. */
	static of(executionSignal: AbortSignal | undefined, client: { account: string }): ExecutionScheduler {
		return new ExecutionScheduler(executionSignal, accountPacing(client.account));
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

	/** Run times per model and mode (see RunTimes), learned by every execution of the account. */
	runTimes(key: string, typicalMs: number, tablePerOutputSecondMs?: number): RunTimes {
		return this.account.runTimes(key, typicalMs, tablePerOutputSecondMs);
	}

	/** Runs one create-task call, counted per model (a lost answer is looked up only once the others settled). */
	async submitting<T>(model: string, call: () => Promise<T>): Promise<T> {
		return await this.account.submitting(model, call);
	}

	/** Create-task calls of the model on the wire, of every execution of the account. */
	submissionsInFlight(model: string): number {
		return this.account.submissionsInFlight(model);
	}

	/** Runs `work` when no other work under the same key runs, account-wide (e.g. one lost-task lookup per model). */
	async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
		return await this.account.exclusive(key, work);
	}

	/** A task this execution created (or adopted after a lost answer), for the failure report and cancel-on-stop. */
	noteCreated(task: CreatedTask): void {
		this.created.set(task.taskId, task);
		this.account.noteTask(task.taskId);
	}

	noteStatus(taskId: string, status: string, resultUrl?: string): void {
		const task = this.created.get(taskId);
		if (!task) return;
		task.status = status;
		if (resultUrl) task.resultUrl = resultUrl;
	}

	/**
	 * Sleeps like pause(), but wakes early when replan() is called (the expected run time changed) or `wake`
	 * aborts, so waiting tasks can move their next query. Throws CancelledError when the execution is cancelled.
	 */
	async nap(ms: number, wake?: AbortSignal): Promise<void> {
		const timer = new AbortController();
		const replanned = () => timer.abort();
		const onCancel = () => timer.abort();
		this.account.sleepers.add(replanned);
		this.signal?.addEventListener('abort', onCancel, { once: true });
		wake?.addEventListener('abort', onCancel, { once: true });
		try {
			if (!wake?.aborted) await pause(ms, timer.signal).catch(() => undefined);
		} finally {
			this.account.sleepers.delete(replanned);
			this.signal?.removeEventListener('abort', onCancel);
			wake?.removeEventListener('abort', onCancel);
		}
		if (this.signal?.aborted) throw new CancelledError();
	}

	replan(): void {
		this.account.replan();
	}

	/**
	 * Synchronous generations of one model held open at once, account-wide: at most the model's concurrency
	 * (the service's behaviour beyond it is not documented; a task would queue, a held-open call might be refused).
	 */
	syncSlots(modelId: string, concurrency: number): Semaphore {
		return this.account.syncSlots(modelId, concurrency);
	}

	submitGate(modelId: string, submitRps: number): RateGate {
		return this.account.submitGate(modelId, submitRps);
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
