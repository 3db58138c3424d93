import type { IDataObject } from 'n8n-workflow';

import { answerProblem, listAnswer } from './answers';
import type { DashScopeClient } from './dashscope';
import { backoffMs, pause } from './pacing';
import type { RateGate } from './pacing';
import { TERMINAL_STATUSES, toServiceTime } from './taskAnswer';

/**
 * Completion detection whose cost does not grow with the tasks in flight. Querying every task about once a
 * second would need as many queries per second as tasks in flight; the account allows 20. The batch query
 * (api-platform.md §1.2, `GET /tasks` by model and creation time) returns many tasks' states in one call, so
 * one sweep per second (a page per LIST_PAGE_SIZE tasks) tells every waiting task of the model whether it
 * ended; only those that did are then queried one by one, for their results (the list carries none).
 *
 * The list is a hint, never the verdict: a waiting task trusts only its own task query. A task the sweeps
 * do not show (the list lags, or reads the time window in another time zone than assumed) is "not covered"
 * and polls on its own plan as before.
 */

/**
 * Two sweeps per second while one model is watched: the end of a task is seen within about half a second
 * (plus the page's round trip). With several models watched at once each sweeps less often (the interval
 * grows with their number, up to MAX_SWEEP_INTERVAL_MS), so the sweeps together stay near 2 queries per second.
 */
export const SWEEP_INTERVAL_MS = 500;
const MAX_SWEEP_INTERVAL_MS = 2000;

/**
 * Tasks per list page. The maximum page size is not documented (api-platform.md §1.2, default 10); 100 is
 * the common ceiling of Alibaba Cloud list APIs. A 400 for it makes the watch fall back to the default 10.
 */
export const LIST_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;
/**
 * At most this many pages per sweep (500 tasks of the model in the window, ours and other clients'). Tasks
 * not seen by then are not covered and poll on their own; the next sweep waits a interval per page read,
 * so the sweeps of one model cost about two queries per second however many pages they need.
 */
const MAX_PAGES = 5;

/** The window starts this long before the oldest watched task was sent (clock skew, the assumed time zone). */
const WINDOW_MARGIN_MS = 60_000;
/** The list refuses windows over 24 hours. */
const MAX_WINDOW_MS = 24 * 3600_000 - 60_000;

/** A task counts as covered while a sweep that started this long after the interval ago showed it. */
export const COVERED_FOR_MS = 2_500;
/** A newly watched task counts as covered this long before any sweep has shown it (the next sweep is due). */
const FIRST_SWEEP_GRACE_MS = 2_500;

/** A list sweep goes before any single task's query: it speaks for all of them. */
export const SWEEP_PRIORITY = 1000;

/** What the last sweep said of one task (times on the service's clock, epoch ms). */
export interface ListedState {
	status: string;
	createdAt?: number;
	startedAt?: number;
	endedAt?: number;
	/** When the sweep that showed it started (our clock). */
	seenAt: number;
}

interface Watched {
	taskId: string;
	sentAt: number;
	registeredAt: number;
	client: DashScopeClient;
	state?: ListedState;
	wake: AbortController;
}

/** One waiting task's view of the watch. */
export interface WatchHandle {
	/** What the list said of the task last, if it showed it. */
	state(): ListedState | undefined;
	/** Whether the sweeps speak for this task now (else it polls on its own plan). */
	covered(now: number): boolean;
	/** Aborts when a sweep brings news of the task (a new status); read it before planning the next nap. */
	readonly signal: AbortSignal;
	stop(): void;
}

/** The watch of one model of one account (see AccountPacing.watch). */
export class TaskWatch {
	private readonly watched = new Map<string, Watched>();

	private running = false;

	private pageSize = LIST_PAGE_SIZE;

	private failures = 0;

	/** Pages the last complete sweep read (the next one waits an interval per page). */
	private lastPages = 1;

	/** When the last complete sweep started (our clock); -Infinity before the first. */
	lastSweepAt = -Infinity;

	/** List calls made and sweeps completed (for tests and benchmarks). */
	listCalls = 0;

	sweeps = 0;

	constructor(
		readonly model: string,
		private readonly gate: RateGate,
		/** How many models of the account are watched now (this one included). */
		private readonly activeWatches: () => number = () => 1,
	) {}

	private get intervalMs(): number {
		return Math.min(MAX_SWEEP_INTERVAL_MS, SWEEP_INTERVAL_MS * Math.max(1, this.activeWatches()));
	}

	/** Starts watching a task sent at `sentAt` (our clock) with `client` (a live execution's). */
	add(taskId: string, sentAt: number, client: DashScopeClient): WatchHandle {
		const entry: Watched = { taskId, sentAt, registeredAt: Date.now(), client, wake: new AbortController() };
		this.watched.set(taskId, entry);
		void this.loop();
		return {
			state: () => entry.state,
			covered: (now) => this.covers(entry, now),
			get signal() {
				return entry.wake.signal;
			},
			stop: () => {
				if (this.watched.get(taskId) === entry) this.watched.delete(taskId);
			},
		};
	}

	get size(): number {
		return this.watched.size;
	}

	private covers(entry: Watched, now: number): boolean {
		const fresh = now - this.lastSweepAt < this.intervalMs * this.lastPages + COVERED_FOR_MS;
		if (!fresh) return false;
		if (entry.state && entry.state.seenAt >= this.lastSweepAt) return true;
		return now - entry.registeredAt < FIRST_SWEEP_GRACE_MS;
	}

	private async loop(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			while (this.watched.size) {
				const started = Date.now();
				const pages = await this.sweep();
				const ok = pages > 0;
				if (ok) this.lastPages = pages;
				this.failures = ok ? 0 : this.failures + 1;
				const wait = ok ? this.intervalMs * pages - (Date.now() - started) : backoffMs(this.failures - 1, 1000, 15_000);
				if (wait > 0 && this.watched.size) await pause(wait);
			}
		} finally {
			this.running = false;
		}
	}

	/** One pass over the list pages until every watched task was seen. Returns the pages read, 0 when it failed. */
	private async sweep(): Promise<number> {
		const startedAt = Date.now();
		const live = [...this.watched.values()];
		if (!live.length) return 1;
		const client = live[live.length - 1].client;
		const oldest = Math.min(...live.map((entry) => entry.sentAt));
		const to = startedAt + WINDOW_MARGIN_MS;
		const from = Math.max(oldest - WINDOW_MARGIN_MS, to - MAX_WINDOW_MS);
		let seen = 0;
		let page = 1;
		for (; page <= MAX_PAGES; page++) {
			await this.gate.acquire(undefined, SWEEP_PRIORITY);
			this.listCalls++;
			const qs = { model_name: this.model, start_time: toServiceTime(from), end_time: toServiceTime(to), page_no: page, page_size: this.pageSize };
			let response;
			try {
				response = await client.listTasks(qs);
			} catch {
				// The execution whose client this was got cancelled (the client turns every other failure into
				// an answer): skip this sweep; the next one takes a live execution's client.
				return 0;
			}
			if (response.status === 429) {
				this.gate.throttled(backoffMs(this.failures));
				return 0;
			}
			if (response.status === 400 && this.pageSize !== DEFAULT_PAGE_SIZE) {
				this.pageSize = DEFAULT_PAGE_SIZE;
				return 0;
			}
			if (response.status !== 200 || answerProblem(listAnswer, response.body)) return 0;
			const data = response.body.data as IDataObject[];
			for (const item of data) {
				const entry = this.watched.get(String(item.task_id));
				if (!entry) continue;
				seen++;
				this.update(entry, item, startedAt);
			}
			if (seen >= live.length || !data.length || page >= Number(response.body.total_page ?? page)) break;
		}
		this.lastSweepAt = startedAt;
		this.sweeps++;
		return Math.min(page, MAX_PAGES);
	}

	private update(entry: Watched, item: IDataObject, seenAt: number): void {
		const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
		const status = String(item.status ?? '');
		const before = entry.state?.status;
		entry.state = { status, createdAt: number(item.gmt_create), startedAt: number(item.start_time), endedAt: number(item.end_time), seenAt };
		// A new status is news; an ended task stays news until its waiter has queried it and stopped watching.
		if (status !== before || TERMINAL_STATUSES.has(status)) {
			entry.wake.abort();
			entry.wake = new AbortController();
		}
	}
}
