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
 * Additive increase, multiplicative decrease of a gate's rate, so that several processes sharing one account
 * (queue-mode workers, other instances on the key) converge on the account's limit instead of storming it.
 * A 429 halves the rate (at most once per second: the answers to calls already on the wire say the same
 * thing); then the rate climbs back by a twentieth of the ceiling per second while no 429 comes (from half
 * to full in about ten seconds). Pure arithmetic over the times given, so it can be checked without a clock.
 */
export class AdaptiveRate {
	/** The rate right after the last decrease, and when that was. */
	private base: number;

	private since = -Infinity;

	/** Multiplicative decrease on a 429. */
	static readonly DECREASE = 0.5;

	/** Share of the ceiling regained per second without a 429. */
	static readonly INCREASE_PER_SECOND = 0.05;

	/** Never below this share of the ceiling (nor 0.2 per second): a gate that stops helps nobody. */
	static readonly FLOOR = 0.05;

	constructor(readonly ceiling: number) {
		this.base = ceiling;
	}

	private get floor(): number {
		return Math.min(this.ceiling, Math.max(0.2, this.ceiling * AdaptiveRate.FLOOR));
	}

	/** Calls per second allowed at `now`. */
	at(now: number): number {
		if (this.since === -Infinity) return this.ceiling;
		const regained = (Math.max(0, now - this.since) / 1000) * this.ceiling * AdaptiveRate.INCREASE_PER_SECOND;
		return Math.min(this.ceiling, this.base + regained);
	}

	/** A 429 came back at `now`: halve the rate (once per second at most). Returns the new rate. */
	throttled(now: number): number {
		if (now - this.since < 1000) return this.at(now);
		this.base = Math.max(this.floor, this.at(now) * AdaptiveRate.DECREASE);
		this.since = now;
		return this.base;
	}
}

/** How many grant decisions a gate keeps for inspection (tests, benchmarks): the most recent ones. */
const GRANT_LOG_SIZE = 2000;

/**
 * Spaces calls so that no sliding one-second window sees more than the gate's current rate of them.
 * Spacing counts from the moment each caller was actually let through (a late timer cannot bunch two
 * calls), with a 10% margin for network jitter. Among waiting callers the highest priority goes first,
 * then the earliest: when the budget is short, the task most likely to have finished is asked about first.
 * A 429 pushes the whole gate back (holdFor) and lowers its rate (throttled, see AdaptiveRate).
 */
export class RateGate {
	private lastGrant = -Infinity;

	private readonly waiters: Waiter[] = [];

	private dispatching = false;

	readonly rate: AdaptiveRate;

	/**
	 * The gate's own decisions: when each caller was let through and the spacing then required from the
	 * previous grant (epoch ms). What the node decided, independent of when the request reached the service.
	 */
	readonly grants: Array<{ at: number; spacingMs: number }> = [];

	/** 429s reported to this gate. */
	throttles = 0;

	constructor(readonly perSecond: number) {
		this.rate = new AdaptiveRate(perSecond);
	}

	/** Time between two grants at the rate allowed now (the rate's ceiling when nothing was throttled). */
	get spacingMs(): number {
		return (1000 / this.rate.at(Date.now())) * 1.1;
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

	/** After a 429 (or a capacity refusal) nobody on this gate calls again before `ms` has passed. */
	holdFor(ms: number): void {
		this.lastGrant = Math.max(this.lastGrant, Date.now() + ms - this.spacingMs);
	}

	/** The service answered 429 to a call through this gate: slow down for everyone on it, and hold for `ms`. */
	throttled(ms: number): void {
		this.throttles++;
		this.rate.throttled(Date.now());
		this.holdFor(ms);
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
				const spacing = this.spacingMs;
				const wait = this.lastGrant + spacing - Date.now();
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
				this.grants.push({ at: this.lastGrant, spacingMs: spacing });
				if (this.grants.length > GRANT_LOG_SIZE) this.grants.splice(0, this.grants.length - GRANT_LOG_SIZE);
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
