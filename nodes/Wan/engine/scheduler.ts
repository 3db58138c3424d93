import { QUERY_QPS_DEFAULT } from '../options';
import { RateGate, Semaphore } from './pacing';
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

	/** Tasks of this execution currently seen RUNNING: they share the query budget. */
	private running = 0;

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

	/** Counts a task as running from start() until stop(), each at most once. */
	runningTracker(): { start(): void; stop(): void } {
		let counted = false;
		return {
			start: () => {
				if (!counted) this.running++;
				counted = true;
			},
			stop: () => {
				if (counted) this.running--;
				counted = false;
			},
		};
	}

	/** Running tasks split the query budget: each may be asked about once per this many ms. */
	minPollIntervalMs(): number {
		return Math.max(250, this.running * this.queryGate.spacingMs);
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
