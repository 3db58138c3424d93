/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Shared bits of the benchmarks: result rows, statistics over the simulator's request log, load notes.
import { cpus, loadavg } from 'node:os';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { kit, TEXT_TO_VIDEO } from '../test/node/kit';
import type { RequestLogEntry, Simulator, TaskRecord } from '../test/simulator';

/** One line of the final summary table. `pass` undefined = informational (no target). */
export interface Row {
	benchmark: string;
	measured: string;
	target: string;
	pass?: boolean;
	command: string;
}

/** How to reproduce one benchmark (the lead adds the `bench` npm script). */
export const reproduce = (name: string): string => `npm run build && npm run build:test && node build/bench/run.js ${name}`;

export const MODEL = 'wan2.6-t2v';

/** Text to Video on wan2.6-t2v with the prompt taken from each item (`={{ $json.prompt }}`). */
export const T2V_FROM_ITEMS: INodeParameters = { ...TEXT_TO_VIDEO, model: MODEL, prompt: '={{ $json.prompt }}' };

export const promptItems = (n: number, label = 'scene'): INodeExecutionData[] =>
	Array.from({ length: n }, (_, i) => ({ json: { prompt: `${label} ${i + 1}: a paper boat on a river` } }));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values: number[]) => percentile(values, 50);

/** Largest number of events inside any sliding window [t, t + windowMs). */
export function peakInWindow(times: number[], windowMs = 1000): number {
	const sorted = [...times].sort((a, b) => a - b);
	let peak = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		peak = Math.max(peak, end - start + 1);
	}
	return peak;
}

const TASK_QUERY = /^\/api\/v1\/tasks\/([^/?]+)$/;

/** The task id of a GET /api/v1/tasks/{id} log entry (undefined for anything else). */
export function queriedTaskId(entry: RequestLogEntry): string | undefined {
	if (entry.host !== 'api' || entry.method !== 'GET') return undefined;
	return TASK_QUERY.exec(entry.path)?.[1];
}

/** Calls that count against the account's shared query budget: GET task, list tasks, cancel. */
export function isBudgetedQuery(entry: RequestLogEntry): boolean {
	if (entry.host !== 'api') return false;
	const path = entry.path.split('?')[0];
	return /^\/api\/v1\/tasks(\/|$)/.test(path);
}

export interface LagReport {
	/** Per task: first successful GET answered at/after the task ended, minus the end time (ms). */
	lagsMs: number[];
	/** GET /tasks/{id} calls per task (any status, including 429s). */
	queriesPerTask: number[];
	/** Peak budgeted queries (task, list, cancel) in any 1 s window. */
	peakQueriesPerSecond: number;
	/** Tasks whose end the node never observed (should be 0 when the run succeeded). */
	undetected: number;
	/** Per task id: its lag (undefined when undetected). */
	lagByTask: Map<string, number | undefined>;
}

/** Completion-detection lag from the simulator's own records: task end times vs. its request log. */
export function detectionLag(sim: Simulator): LagReport {
	const byTask = new Map<string, RequestLogEntry[]>();
	for (const entry of sim.stats.requests) {
		const id = queriedTaskId(entry);
		if (!id) continue;
		const list = byTask.get(id) ?? [];
		list.push(entry);
		byTask.set(id, list);
	}
	const lagsMs: number[] = [];
	const queriesPerTask: number[] = [];
	let undetected = 0;
	const lagByTask = new Map<string, number | undefined>();
	for (const task of sim.tasks.values() as Iterable<TaskRecord>) {
		const queries = (byTask.get(task.taskId) ?? []).sort((a, b) => a.at - b.at);
		queriesPerTask.push(queries.length);
		if (task.endedAt === undefined) {
			undetected++;
			lagByTask.set(task.taskId, undefined);
			continue;
		}
		const seen = queries.find((q) => q.status === 200 && q.at >= (task.endedAt as number));
		if (seen) lagsMs.push(seen.at - task.endedAt);
		else undetected++;
		lagByTask.set(task.taskId, seen && seen.at - task.endedAt);
	}
	const budgeted = sim.stats.requests.filter(isBudgetedQuery).map((r) => r.at);
	return { lagsMs, queriesPerTask, peakQueriesPerSecond: peakInWindow(budgeted), undetected, lagByTask };
}

export const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const fmtMB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** "load 3.1 on 2 cores" plus a warning when other processes compete for the CPU. */
export function loadNote(): { text: string; noisy: boolean } {
	const cores = cpus().length;
	const load = loadavg()[0];
	const noisy = load > cores * 0.75;
	return { text: `1-min load average ${load.toFixed(2)} on ${cores} cores${noisy ? ' — other processes compete for the CPU, timings may be noisy' : ''}`, noisy };
}

export function log(line = ''): void {
	process.stdout.write(`${line}\n`);
}

/** One tiny execution so n8n-core's lazy start-up (DI container, logger, axios) is not timed. */
export async function warmUp(): Promise<void> {
	const k = await kit({ taskSeconds: 0.05, pendingSeconds: 0 });
	try {
		const result = await k.run(T2V_FROM_ITEMS, { inputItems: promptItems(1, 'warm-up') });
		if (result.error) throw result.error;
	} finally {
		await k.close();
	}
}
