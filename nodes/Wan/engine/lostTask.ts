import type { IDataObject } from 'n8n-workflow';

import { answerProblem, listAnswer } from './answers';
import type { DashScopeClient } from './dashscope';
import { backoffMs, pause } from './pacing';
import type { ExecutionScheduler } from './scheduler';
import { toServiceTime } from './taskAnswer';

/**
 * Finds the task of a submission whose answer was lost (a timeout or reset after the request was
 * sent): the service may have created it, and creating it again would be paid twice. The batch query
 * (api-platform.md §1.2) lists the account's tasks by model and time; a task this execution does not
 * already own, created between sending and the lost answer, is a candidate; where the task query
 * echoes the prompt (`orig_prompt`), candidates with another prompt are dropped.
 */

export type LostTaskLookup =
	| { kind: 'found'; taskId: string; status: string; createdAt?: number }
	| { kind: 'none' }
	| { kind: 'ambiguous'; taskIds: string[] }
	| { kind: 'lookupFailed'; reason: string };

/** Our clock against the service's `gmt_create` (epoch ms): NTP-synced hosts differ by far less. */
const CLOCK_SKEW_MS = 10_000;
/** The list window around the submission; wider than the skew, since its time zone is a guess. */
const WINDOW_MARGIN_MS = 60_000;
/** Half of the 24-hour maximum window: around the submission, it covers any time-zone reading. */
const WIDE_WINDOW_HALF_MS = 11.5 * 3600_000;
/** A newly created task may appear in the list a moment late: look twice before concluding "none". */
const LOOKS_AFTER_MS = [1_000, 4_000];
const PAGE_SIZE = 10;
const MAX_PAGES = 20;
const MAX_PROMPT_CHECKS = 10;
const MAX_QUERY_TRIES = 4;
/** Other submissions of the model still on the wire would look like ours: let them settle first. */
const WAIT_FOR_OTHER_SUBMITS_MS = 70_000;

interface Listed {
	taskId: string;
	status: string;
	createdAt?: number;
}

export async function findLostTask(
	client: DashScopeClient,
	scheduler: ExecutionScheduler,
	lost: { model: string; body: IDataObject; sentAt: number; answeredAt: number; itemIndex: number },
): Promise<LostTaskLookup> {
	const settleBy = Date.now() + WAIT_FOR_OTHER_SUBMITS_MS;
	while (scheduler.submissionsInFlight(lost.model) > 0 && Date.now() < settleBy) await pause(200, scheduler.signal);
	// One lookup per model at a time, and the claim inside it: two lost answers never adopt one task.
	return await scheduler.exclusive(`lost-task:${lost.model}`, async () => {
		let candidates: Listed[] = [];
		for (const delay of LOOKS_AFTER_MS) {
			await pause(delay, scheduler.signal);
			const listed = await candidatesOf(client, scheduler, lost);
			if (typeof listed === 'string') return { kind: 'lookupFailed', reason: listed };
			candidates = listed;
			if (candidates.length) break;
		}
		candidates = await samePrompt(client, scheduler, candidates, (lost.body.input as IDataObject | undefined)?.prompt);
		if (candidates.length > 1) return { kind: 'ambiguous', taskIds: candidates.map((c) => c.taskId) };
		const [task] = candidates;
		if (!task) return { kind: 'none' };
		scheduler.noteCreated({ taskId: task.taskId, itemIndex: lost.itemIndex, model: lost.model, status: task.status });
		return { kind: 'found', ...task };
	});
}

async function candidatesOf(
	client: DashScopeClient,
	scheduler: ExecutionScheduler,
	lost: { model: string; sentAt: number; answeredAt: number },
): Promise<Listed[] | string> {
	const tight = await listWindow(client, scheduler, lost.model, lost.sentAt - WINDOW_MARGIN_MS, lost.answeredAt + WINDOW_MARGIN_MS);
	if (typeof tight === 'string') return tight;
	// The window's time zone is assumed (UTC+8); if it showed nothing at all, look around the submission wide.
	const entries = tight.length
		? tight
		: await listWindow(client, scheduler, lost.model, lost.sentAt - WIDE_WINDOW_HALF_MS, lost.sentAt + WIDE_WINDOW_HALF_MS);
	if (typeof entries === 'string') return entries;
	return entries
		.filter((entry) => entry.model_name === undefined || entry.model_name === lost.model)
		.filter((entry) => typeof entry.task_id === 'string' && !scheduler.created.has(entry.task_id))
		.filter((entry) => {
			const created = entry.gmt_create;
			return typeof created !== 'number' || (created >= lost.sentAt - CLOCK_SKEW_MS && created <= lost.answeredAt + CLOCK_SKEW_MS);
		})
		.map((entry) => ({
			taskId: String(entry.task_id),
			status: String(entry.status ?? 'PENDING'),
			createdAt: typeof entry.gmt_create === 'number' ? entry.gmt_create : undefined,
		}));
}

/** All tasks of one model in a time window (every page), or why the list could not be read. */
async function listWindow(client: DashScopeClient, scheduler: ExecutionScheduler, model: string, from: number, to: number): Promise<IDataObject[] | string> {
	const entries: IDataObject[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const qs = { model_name: model, start_time: toServiceTime(from), end_time: toServiceTime(to), page_no: page, page_size: PAGE_SIZE };
		const body = await queryWithRetries(scheduler, async () => await client.listTasks(qs));
		if (typeof body === 'string') return body;
		const problem = answerProblem(listAnswer, body);
		if (problem) return `unexpected answer: ${problem}`;
		const data = body.data as IDataObject[];
		entries.push(...data);
		if (!data.length || page >= Number(body.total_page ?? page)) break;
	}
	return entries;
}

/** Drops candidates whose task query shows another prompt than the one this item sent. */
async function samePrompt(client: DashScopeClient, scheduler: ExecutionScheduler, candidates: Listed[], prompt: unknown): Promise<Listed[]> {
	if (typeof prompt !== 'string' || !candidates.length || candidates.length > MAX_PROMPT_CHECKS) return candidates;
	const kept: Listed[] = [];
	for (const candidate of candidates) {
		const body = await queryWithRetries(scheduler, async () => await client.getTask(candidate.taskId));
		const echoed = typeof body === 'string' ? undefined : (body.output as IDataObject | undefined)?.orig_prompt;
		if (typeof echoed !== 'string' || echoed.trim() === prompt.trim()) kept.push(candidate);
	}
	return kept;
}

async function queryWithRetries(
	scheduler: ExecutionScheduler,
	call: () => Promise<{ status: number; body: IDataObject }>,
): Promise<IDataObject | string> {
	let reason = '';
	for (let attempt = 0; attempt < MAX_QUERY_TRIES; attempt++) {
		await scheduler.queryGate.acquire(scheduler.signal);
		const response = await call();
		if (response.status === 200) return response.body;
		reason = String(response.body.code ?? response.body.message ?? `HTTP ${response.status}`);
		if (response.status !== 0 && response.status !== 429 && response.status < 500) break;
		await pause(backoffMs(attempt), scheduler.signal);
	}
	return reason;
}
