/**
 * When to ask about a task next. The aim: notice completion within about a second, while spending
 * the execution's query budget where it matters — on running tasks near their expected end, not on
 * tasks still queued behind the model's concurrency limit.
 */

/** Service times look like `2025-09-29 14:18:52.331` (no zone); only differences between them are used. */
export function serviceTimeMs(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(value.trim());
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s, ms = '0'] = match;
	return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0'));
}

/**
 * Expected running time of one model (and mode), learned within the execution. Video models take
 * about a fixed time per second of output (animate: ~9 s standard, ~16 s pro per output second), so
 * when a task's output length is known the expectation is seconds-per-output-second × its length:
 * learned from finished tasks (end_time minus scheduled_time over the billed duration), else the
 * table's figure. Without a length it is the median observed run, else the table's typical time.
 */
export class RunTimes {
	private readonly observed: number[] = [];

	private readonly perOutputSecond: number[] = [];

	constructor(
		private readonly typicalMs: number,
		private readonly tablePerOutputSecondMs?: number,
	) {}

	/** Returns whether the expectation moved by more than 20% (waiting tasks should re-plan). */
	record(runMs: number, outputSeconds?: number): boolean {
		if (!Number.isFinite(runMs) || runMs <= 0) return false;
		const before = this.expectedMs(outputSeconds);
		this.observed.push(runMs);
		if (outputSeconds && outputSeconds > 0) this.perOutputSecond.push(runMs / outputSeconds);
		return Math.abs(this.expectedMs(outputSeconds) - before) > before * 0.2;
	}

	expectedMs(outputSeconds?: number): number {
		if (outputSeconds && outputSeconds > 0) {
			const perSecond = this.perOutputSecond.length ? median(this.perOutputSecond) : this.tablePerOutputSecondMs;
			if (perSecond) return perSecond * outputSeconds;
		}
		return this.observed.length ? median(this.observed) : this.typicalMs;
	}
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Seconds of video a finished task was billed for, from its `usage` (field names differ per family). */
export function outputSecondsOf(usage: Record<string, unknown> | undefined): number | undefined {
	for (const key of ['output_video_duration', 'video_duration', 'duration']) {
		const value = Number(usage?.[key]);
		if (Number.isFinite(value) && value > 0) return value;
	}
	return undefined;
}

export interface PollState {
	status: string;
	/** Since submission (or since we started waiting, for task actions). */
	ageMs: number;
	/** How long the task has been running, on our clock; undefined while unknown. */
	runningForMs?: number;
	expectedRunMs: number;
	/** Shortest interval this task may use, from the execution's share of the query budget. */
	minMs: number;
}

export const MAX_POLL_INTERVAL_MS = 15_000;

const FIRST_LOOKS_MS = 5_000;

const clamp = (ms: number, low: number, high: number) => Math.min(high, Math.max(low, ms));

export function nextPollDelayMs(state: PollState): number {
	const { expectedRunMs, minMs } = state;
	// The first seconds: quick looks catch instant failures and short tasks.
	if (state.ageMs < FIRST_LOOKS_MS) return clamp(1000, minMs, MAX_POLL_INTERVAL_MS);
	if (state.status === 'PENDING') {
		// Queued: it cannot finish sooner than a run takes once it starts.
		return clamp(expectedRunMs / 4, Math.max(minMs, 1000), MAX_POLL_INTERVAL_MS);
	}
	if (state.runningForMs === undefined) return clamp(1000, minMs, MAX_POLL_INTERVAL_MS);
	const remaining = expectedRunMs - state.runningForMs;
	// Steps shrink as the expected end approaches, so the end is seen soon after it happens.
	if (remaining > 0) return clamp(remaining / 3, minMs, MAX_POLL_INTERVAL_MS);
	// Overdue: stay close, backing off slowly.
	return clamp(minMs + -remaining / 10, minMs, MAX_POLL_INTERVAL_MS);
}

/** Shortest interval between two queries about one task; the shared gate bounds the total. */
export const MIN_POLL_INTERVAL_MS = 500;

/**
 * How likely a task is to have finished, for ordering queries when the budget is short: the share of
 * its expected run time already spent. Queued tasks come last.
 */
export function queryUrgency(status: string | undefined, runningForMs: number | undefined, expectedRunMs: number): number {
	if (status === 'PENDING') return 0;
	if (runningForMs === undefined) return 0.5;
	return Math.max(0.01, runningForMs / expectedRunMs);
}
