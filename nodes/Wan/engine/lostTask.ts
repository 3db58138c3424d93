import type { IDataObject } from 'n8n-workflow';

import { answerProblem, listAnswer } from './answers';
import type { DashScopeClient } from './dashscope';
import { backoffMs, pause } from './pacing';
import type { ExecutionScheduler } from './scheduler';
import { toServiceTime } from './taskAnswer';

/**
 * Finds the task of a submission whose answer was lost (a timeout or reset after the request was
 * sent): the service may have created it, and creating it again would be paid twice. The batch query
 * (api-platform.md §1.2) lists the account's tasks by model and time. A candidate is a listed task created
 * between sending and the lost answer that no execution of this account in this n8n instance created (the
 * shared registry, AccountPacing), under our API key (the list names each task's key; ours is the one of
 * tasks we know). Every candidate's task query is compared with what was sent (the prompt it echoes, the
 * size it bills); one that differs is not ours.
 *
 * Adopted only when exactly one candidate is left and no other submission of the model in this n8n instance,
 * sent before our answer was lost, is still waiting for its answer (its task would look like ours). While
 * it is ambiguous — several candidates, or the prompt not echoed until a candidate finishes — the lookup
 * keeps looking, until `lookUntil` (the item's Max Wait), then names the candidates.
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
/** While ambiguous, look again this often (candidates finish and echo their prompt; others' answers arrive). */
const LOOK_AGAIN_MS = 5_000;
/** Without a Max Wait from the caller, an ambiguous lookup keeps looking this long. */
const DEFAULT_LOOK_MS = 120_000;
const PAGE_SIZE = 10;
const MAX_PAGES = 20;
const MAX_QUERY_TRIES = 4;
/** Throttled list or task queries are retried, but not past this long without any answer. */
const MAX_THROTTLED_MS = 120_000;

interface Listed {
	taskId: string;
	status: string;
	createdAt?: number;
	apiKeyId?: string;
}

export interface LostSubmission {
	model: string;
	body: IDataObject;
	sentAt: number;
	answeredAt: number;
	itemIndex: number;
	/** Epoch ms: keep looking while ambiguous until then (the item's Max Wait). */
	lookUntil?: number;
}

export async function findLostTask(client: DashScopeClient, scheduler: ExecutionScheduler, lost: LostSubmission): Promise<LostTaskLookup> {
	const lookUntil = lost.lookUntil ?? Date.now() + DEFAULT_LOOK_MS;
	/** Candidates whose answer showed another input: never ours, not asked again. */
	const excluded = new Set<string>();
	let candidates: Listed[] = [];
	for (let round = 0; ; round++) {
		const looks = round === 0 ? LOOKS_AFTER_MS : [LOOK_AGAIN_MS];
		for (const delay of looks) {
			await pause(delay, scheduler.signal);
			const listed = await candidatesOf(client, scheduler, lost);
			if (typeof listed === 'string') return { kind: 'lookupFailed', reason: listed };
			candidates = listed.filter((candidate) => !excluded.has(candidate.taskId));
			if (candidates.length) break;
		}
		for (const candidate of candidates) {
			const verdict = await compareInput(client, scheduler, candidate.taskId, lost.body);
			if (verdict === 'differs') excluded.add(candidate.taskId);
		}
		candidates = candidates.filter((candidate) => !excluded.has(candidate.taskId) && !scheduler.account.knows(candidate.taskId));
		if (!candidates.length && !othersPending(scheduler, lost)) return { kind: 'none' };
		if (candidates.length === 1 && !othersPending(scheduler, lost)) {
			const [task] = candidates;
			// The claim under the account-wide lock: two lost answers never adopt one task.
			const claimed = await scheduler.exclusive(`lost-task:${lost.model}`, async () => {
				if (scheduler.account.knows(task.taskId)) return false;
				scheduler.noteCreated({ taskId: task.taskId, itemIndex: lost.itemIndex, model: lost.model, status: task.status });
				return true;
			});
			if (claimed) return { kind: 'found', taskId: task.taskId, status: task.status, createdAt: task.createdAt };
			continue;
		}
		if (Date.now() + LOOK_AGAIN_MS >= lookUntil) {
			return candidates.length ? { kind: 'ambiguous', taskIds: candidates.map((c) => c.taskId) } : { kind: 'none' };
		}
	}
}

/**
 * Whether another submission of the model in this n8n instance, sent before our answer was lost (plus skew), is
 * still on the wire: the task it created would be a candidate until its answer names it.
 */
function othersPending(scheduler: ExecutionScheduler, lost: LostSubmission): boolean {
	return scheduler.account.submissionsSentBefore(lost.model, lost.answeredAt + CLOCK_SKEW_MS) > 0;
}

async function candidatesOf(client: DashScopeClient, scheduler: ExecutionScheduler, lost: LostSubmission): Promise<Listed[] | string> {
	const tight = await listWindow(client, scheduler, lost.model, lost.sentAt - WINDOW_MARGIN_MS, lost.answeredAt + WINDOW_MARGIN_MS);
	if (typeof tight === 'string') return tight;
	// The window's time zone is assumed (UTC+8); if it showed nothing at all, look around the submission wide.
	const entries = tight.length
		? tight
		: await listWindow(client, scheduler, lost.model, lost.sentAt - WIDE_WINDOW_HALF_MS, lost.sentAt + WIDE_WINDOW_HALF_MS);
	if (typeof entries === 'string') return entries;
	// Our key's ID in the list: the one on tasks we know we created. A task under another key of the account is not ours.
	const ourKeys = new Set(
		entries.filter((entry) => typeof entry.task_id === 'string' && scheduler.account.knows(entry.task_id) && typeof entry.api_key_id === 'string').map((entry) => String(entry.api_key_id)),
	);
	return entries
		.filter((entry) => entry.model_name === undefined || entry.model_name === lost.model)
		.filter((entry) => typeof entry.task_id === 'string' && !scheduler.account.knows(entry.task_id))
		.filter((entry) => !ourKeys.size || typeof entry.api_key_id !== 'string' || ourKeys.has(entry.api_key_id))
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

/**
 * What a candidate's task query says of its input against what this item sent: the prompt it echoes
 * (`orig_prompt`, in `output` or in each of `output.results`) and, once it succeeded, the size it bills
 * (`usage.size`). 'unknown' while it echoes nothing to compare (a running task shows no prompt).
 */
export async function compareInput(client: DashScopeClient, scheduler: ExecutionScheduler, taskId: string, sent: IDataObject): Promise<'same' | 'differs' | 'unknown'> {
	const body = await queryWithRetries(scheduler, async () => await client.getTask(taskId));
	if (typeof body === 'string') return 'unknown';
	return inputVerdict(body, sent);
}

/** The comparison of compareInput on an answer already read. */
export function inputVerdict(answer: IDataObject, sent: IDataObject): 'same' | 'differs' | 'unknown' {
	const output = (answer.output ?? {}) as IDataObject;
	const usage = (answer.usage ?? {}) as IDataObject;
	const input = (sent.input ?? {}) as IDataObject;
	const parameters = (sent.parameters ?? {}) as IDataObject;
	const results = Array.isArray(output.results) ? (output.results as IDataObject[]) : [];
	const echoed = [output.orig_prompt, ...results.map((result) => result?.orig_prompt)].filter((value): value is string => typeof value === 'string');
	let compared = false;
	if (echoed.length) {
		compared = true;
		const prompt = typeof input.prompt === 'string' ? input.prompt.trim() : '';
		if (echoed.some((value) => value.trim() !== prompt)) return 'differs';
	}
	if (typeof usage.size === 'string' && typeof parameters.size === 'string') {
		compared = true;
		if (usage.size.replace(/\s/g, '') !== parameters.size.replace(/\s/g, '')) return 'differs';
	}
	return compared ? 'same' : 'unknown';
}

async function queryWithRetries(
	scheduler: ExecutionScheduler,
	call: () => Promise<{ status: number; body: IDataObject }>,
): Promise<IDataObject | string> {
	let reason = '';
	const giveUpAt = Date.now() + MAX_THROTTLED_MS;
	for (let attempt = 0, failures = 0; ; attempt++) {
		await scheduler.queryGate.acquire(scheduler.signal);
		const response = await call();
		if (response.status === 200) return response.body;
		reason = String(response.body.code ?? response.body.message ?? `HTTP ${response.status}`);
		if (response.status !== 0 && response.status !== 429 && response.status < 500) break;
		const delay = backoffMs(Math.min(attempt, 5));
		if (response.status === 429) {
			// Throttling says "later": keep trying (bounded), slowing the account's queries down.
			scheduler.queryGate.throttled(delay);
			if (Date.now() < giveUpAt) continue;
			break;
		}
		if (++failures >= MAX_QUERY_TRIES) break;
		await pause(delay, scheduler.signal);
	}
	return reason;
}
