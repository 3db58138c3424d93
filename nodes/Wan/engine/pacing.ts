import { sleepWithAbort } from 'n8n-workflow';

import { CancelledError } from './dashscope';

/** Waits, turning an abort into our CancelledError so callers can tell it from real failures. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	if (ms <= 0) return;
	// sleepWithAbort rejects only when aborted; that is reported as our CancelledError below.
	await sleepWithAbort(ms, signal).catch(() => undefined);
	if (signal?.aborted) throw new CancelledError();
}

/**
 * Spaces calls so that no sliding one-second window sees more than `perSecond` of them. Callers are
 * served in order and spacing counts from the moment each one was actually let through, so a late
 * timer cannot bunch two calls together; a 10% margin absorbs network jitter. A 429 pushes it back.
 */
export class RateGate {
	private lastGrant = -Infinity;

	private queue: Promise<void> = Promise.resolve();

	readonly spacingMs: number;

	constructor(readonly perSecond: number) {
		this.spacingMs = (1000 / perSecond) * 1.1;
	}

	acquire(signal?: AbortSignal): Promise<void> {
		const turn = this.queue.then(async () => {
			// Re-checked after waking: a 429 may have pushed the gate back meanwhile.
			for (let wait = this.lastGrant + this.spacingMs - Date.now(); wait > 0; wait = this.lastGrant + this.spacingMs - Date.now()) {
				await pause(wait, signal);
			}
			this.lastGrant = Date.now();
		});
		// A cancelled waiter must not block the ones behind it.
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	/** After a 429 nobody on this gate calls again before `ms` has passed. */
	holdFor(ms: number): void {
		this.lastGrant = Math.max(this.lastGrant, Date.now() + ms - this.spacingMs);
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
