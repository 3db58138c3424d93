import { createHash } from 'crypto';

import { RateGate, Semaphore } from './pacing';
import { RunTimes } from './pollPlan';
import { TaskWatch } from './taskWatch';

/**
 * Account-wide task queries allowed per second is 20, shared with every other client of the account. All
 * executions of one account in this n8n instance share one gate (engine/account.ts) at 15 per second (13.6 with
 * the gate's 10% margin): headroom for other clients of the key and other processes (queue-mode workers),
 * whose 429s lower the gate's rate further (AdaptiveRate).
 */
export const QUERY_QPS_DEFAULT = 15;

/** The map's entry for `key`, made by `make` the first time it is asked for. */
function getOrCreate<K, V>(map: Map<K, V>, key: K, make: () => V): V {
	let value = map.get(key);
	if (value === undefined) {
		value = make();
		map.set(key, value);
	}
	return value;
}

/**
 * What every execution of one account shares within this n8n instance (n8n runs many executions in one
 * instance: webhooks, schedules, a queue-mode worker's jobs). The DashScope limits are per account: 20 task
 * queries per second, each model's submissions per second and concurrency. Executions that paced
 * themselves alone would each spend the whole allowance and meet 429s as soon as two overlap.
 *
 * Shared: one task-query gate, one submit gate per model, the synchronous-call slots per model, the
 * learned run times, the tasks created (so a lost answer is never matched to another execution's task),
 * the submissions on the wire, and one task-list watcher per model (see TaskWatch).
 */
export class AccountPacing {
	readonly queryGate: RateGate;

	private readonly submitGates = new Map<string, RateGate>();

	private readonly syncSemaphores = new Map<string, Semaphore>();

	private readonly learnedRunTimes = new Map<string, RunTimes>();

	private readonly watches = new Map<string, TaskWatch>();

	/** Tasks any execution of this account created (or adopted) in this n8n instance: task ID → when it was noted. */
	private readonly knownTasks = new Map<string, number>();

	/** Create-task calls on the wire per model: when each was sent. */
	private readonly submitsInFlight = new Map<string, Set<{ sentAt: number }>>();

	private readonly locks = new Map<string, Promise<unknown>>();

	/** Waiting tasks of every execution: woken when a learned run time moves (they re-plan their next query). */
	readonly sleepers = new Set<() => void>();

	constructor(queryQps = QUERY_QPS_DEFAULT) {
		this.queryGate = new RateGate(queryQps);
	}

	submitGate(modelId: string, submitRps: number): RateGate {
		return getOrCreate(this.submitGates, modelId, () => new RateGate(submitRps));
	}

	/** The submit gate of a model if one was made (for inspection). */
	submitGateOf(modelId: string): RateGate | undefined {
		return this.submitGates.get(modelId);
	}

	syncSlots(modelId: string, concurrency: number): Semaphore {
		return getOrCreate(this.syncSemaphores, modelId, () => new Semaphore(Math.max(1, concurrency)));
	}

	runTimes(key: string, typicalMs: number, tablePerOutputSecondMs?: number): RunTimes {
		return getOrCreate(this.learnedRunTimes, key, () => new RunTimes(typicalMs, tablePerOutputSecondMs));
	}

	watch(modelId: string): TaskWatch {
		const activeWatches = () => [...this.watches.values()].filter((other) => other.size > 0).length;
		return getOrCreate(this.watches, modelId, () => new TaskWatch(modelId, this.queryGate, activeWatches));
	}

	noteTask(taskId: string): void {
		this.knownTasks.set(taskId, Date.now());
		// The service keeps tasks 24 hours; older IDs can no longer be confused with a new task.
		if (this.knownTasks.size > KNOWN_TASKS_PRUNE_AT) {
			const before = Date.now() - KNOWN_TASK_MS;
			for (const [id, at] of this.knownTasks) if (at < before) this.knownTasks.delete(id);
		}
	}

	/** Whether an execution of this account in this n8n instance created (or adopted) the task. */
	knows(taskId: string): boolean {
		return this.knownTasks.has(taskId);
	}

	async submitting<T>(model: string, call: () => Promise<T>): Promise<T> {
		const calls = getOrCreate(this.submitsInFlight, model, () => new Set<{ sentAt: number }>());
		const entry = { sentAt: Date.now() };
		calls.add(entry);
		try {
			return await call();
		} finally {
			calls.delete(entry);
		}
	}

	submissionsInFlight(model: string): number {
		return this.submitsInFlight.get(model)?.size ?? 0;
	}

	/** Create-task calls of the model still waiting for their answer that were sent before `at`. */
	submissionsSentBefore(model: string, at: number): number {
		let count = 0;
		for (const entry of this.submitsInFlight.get(model) ?? []) if (entry.sentAt < at) count++;
		return count;
	}

	async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
		const before = this.locks.get(key) ?? Promise.resolve();
		const run = before.catch(() => undefined).then(work);
		this.locks.set(key, run);
		try {
			return await run;
		} finally {
			if (this.locks.get(key) === run) this.locks.delete(key);
		}
	}

	replan(): void {
		for (const wake of [...this.sleepers]) wake();
	}
}

const KNOWN_TASK_MS = 24 * 3600_000;
const KNOWN_TASKS_PRUNE_AT = 10_000;

/** One entry per account (key and host) for as long as this n8n instance runs. */
const accounts = new Map<string, AccountPacing>();

/**
 * The registry key of an account: a SHA-256 of the API key and the host, so the key itself is never kept
 * (nor shown in a heap dump's map keys). The same key on another host (region, workspace, gateway) has
 * its own limits.
 */
export function accountId(apiKey: string, baseUrl: string): string {
	return createHash('sha256').update(`${apiKey}\n${baseUrl}`).digest('hex');
}

/** The shared pacing of one account in this n8n instance. */
export function accountPacing(id: string): AccountPacing {
	return getOrCreate(accounts, id, () => new AccountPacing());
}
