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
 * Spaces calls evenly so that no sliding one-second window sees more than `perSecond` of them
 * (a 5% margin absorbs timer jitter). Shared by every item of an execution; a 429 pushes it back.
 */
export class RateGate {
	private nextSlot = 0;

	private readonly spacingMs: number;

	constructor(readonly perSecond: number) {
		this.spacingMs = (1000 / perSecond) * 1.05;
	}

	async acquire(signal?: AbortSignal): Promise<void> {
		const now = Date.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + this.spacingMs;
		await pause(slot - now, signal);
	}

	/** After a 429 nobody on this gate calls again before `ms` has passed. */
	holdFor(ms: number): void {
		this.nextSlot = Math.max(this.nextSlot, Date.now() + ms);
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
