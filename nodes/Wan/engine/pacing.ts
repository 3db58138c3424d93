import * as workflow from 'n8n-workflow';
import { CancelledError } from '../errors';


/**
 * n8n-workflow's sleepWithAbort, where the host n8n has it: n8n 2.8 does, n8n 2.41 ships only `sleep`
 * (the package runs on the host's n8n-workflow, a peer dependency). Without it, `sleep` is raced against
 * the signal; the timer then runs out on its own, which is harmless.
 */
const hostSleepWithAbort = (workflow as { sleepWithAbort?: (ms: number, signal?: AbortSignal) => Promise<void> }).sleepWithAbort;

async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
	if (hostSleepWithAbort) {
		// It rejects only when aborted; the caller reports that.
		await hostSleepWithAbort(ms, signal).catch(() => undefined);
		return;
	}
	await new Promise<void>((resolve) => {
		const done = () => {
			signal?.removeEventListener('abort', done);
			resolve();
		};
		signal?.addEventListener('abort', done, { once: true });
		void workflow.sleep(ms).then(done);
	});
}

/** Waits, turning an abort into our CancelledError so callers can tell it from real failures. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	if (ms <= 0) return;
	await sleepUnlessAborted(ms, signal);
	if (signal?.aborted) throw new CancelledError();
}

/** A fixed priority, or one evaluated when a slot frees (e.g. how overdue a task is by then). */
export type Priority = number | (() => number);

interface Waiter {
	priority: Priority;
	resolve: () => void;
	reject: (error: unknown) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
}

/**
 * Spaces calls so that no sliding one-second window sees more than `perSecond` of them. Spacing counts
 * from the moment each caller was actually let through (a late timer cannot bunch two calls), with a
 * 10% margin for network jitter. Among waiting callers the highest priority goes first, then the
 * earliest: when the budget is short, the task most likely to have finished is asked about first.
 * A 429 pushes the whole gate back.
 */
export class RateGate {
	private lastGrant = -Infinity;

	private readonly waiters: Waiter[] = [];

	private dispatching = false;

	readonly spacingMs: number;

	constructor(readonly perSecond: number) {
		this.spacingMs = (1000 / perSecond) * 1.1;
	}

	acquire(signal?: AbortSignal, priority: Priority = 0): Promise<void> {
		if (signal?.aborted) return Promise.reject(new CancelledError());
		return new Promise<void>((resolve, reject) => {
			const waiter: Waiter = { priority, resolve, reject, signal };
			if (signal) {
				waiter.onAbort = () => {
					this.remove(waiter);
					reject(new CancelledError());
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			this.waiters.push(waiter);
			void this.dispatch();
		});
	}

	/** After a 429 nobody on this gate calls again before `ms` has passed. */
	holdFor(ms: number): void {
		this.lastGrant = Math.max(this.lastGrant, Date.now() + ms - this.spacingMs);
	}

	private remove(waiter: Waiter) {
		const index = this.waiters.indexOf(waiter);
		if (index >= 0) this.waiters.splice(index, 1);
	}

	/** One loop hands out slots while anyone waits; aborted waiters leave the queue on their own. */
	private async dispatch() {
		if (this.dispatching) return;
		this.dispatching = true;
		try {
			while (this.waiters.length) {
				const wait = this.lastGrant + this.spacingMs - Date.now();
				if (wait > 0) {
					await pause(wait);
					continue;
				}
				const value = (waiter: Waiter) => (typeof waiter.priority === 'function' ? waiter.priority() : waiter.priority);
				let next = 0;
				let best = value(this.waiters[0]);
				for (let i = 1; i < this.waiters.length; i++) {
					const candidate = value(this.waiters[i]);
					if (candidate > best) [next, best] = [i, candidate];
				}
				const [waiter] = this.waiters.splice(next, 1);
				if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
				this.lastGrant = Date.now();
				waiter.resolve();
			}
		} finally {
			this.dispatching = false;
		}
	}
}

/** Exponential backoff with full jitter: attempt 0 → up to base, doubling up to cap. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 30_000, random: () => number = Math.random): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A counting semaphore: at most `size` holders at once (e.g. concurrent downloads). */
export class Semaphore {
	private active = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly size: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.active++;
		try {
			return await task();
		} finally {
			this.active--;
			this.waiting.shift()?.();
		}
	}
}
