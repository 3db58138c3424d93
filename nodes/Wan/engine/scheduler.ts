import { QUERY_QPS_DEFAULT } from '../options';
import { CancelledError } from './dashscope';
import { pause, RateGate, Semaphore } from './pacing';
import { RunTimes } from './pollPlan';

/**
 * Shared pacing for one execution: every item's task queries go through one gate (under the account's
 * 20 QPS), submissions through one gate per model (its documented RPS), downloads through a small pool.
 * Nothing survives the execution, so the node works the same on queue-mode workers.
 */
export class ExecutionScheduler {
	readonly queryGate: RateGate;

	readonly downloads = new Semaphore(3);

	private readonly submitGates = new Map<string, RateGate>();

	private readonly learnedRunTimes = new Map<string, RunTimes>();

	constructor(
		readonly signal: AbortSignal | undefined,
		queryQps = QUERY_QPS_DEFAULT,
	) {
		this.queryGate = new RateGate(queryQps);
	}

	runTimes(modelId: string, typicalMs: number): RunTimes {
		let times = this.learnedRunTimes.get(modelId);
		if (!times) {
			times = new RunTimes(typicalMs);
			this.learnedRunTimes.set(modelId, times);
		}
		return times;
	}

	/** Tasks this execution created and still waits for, with their last known status. */
	readonly inFlight = new Map<string, string>();

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
export async function runAll<T>(count: number, concurrency: number, worker: (index: number) => Promise<T>): Promise<Array<PromiseSettledResult<T>>> {
	const results: Array<PromiseSettledResult<T>> = new Array(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await worker(index) };
			} catch (reason) {
				results[index] = { status: 'rejected', reason };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
	return results;
}
