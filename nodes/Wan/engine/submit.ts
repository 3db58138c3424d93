import type { IDataObject } from 'n8n-workflow';

import { answerProblem, requestIdOf, submitAnswer } from './answers';
import { describeNetworkCode } from './dashscope';
import type { ApiResponse, DashScopeClient } from './dashscope';
import { DashScopeCallError, refusalClass } from '../errors';
import type { RefusalClass } from '../errors';
import { findLostTask } from './lostTask';
import { backoffMs, pause } from './pacing';
import type { RateGate } from './pacing';
import type { ExecutionScheduler } from './scheduler';
import { failureFromResponse } from './taskAnswer';

/**
 * Attempts per kind of definite refusal. Throttling clears within about a minute (backoff 1, 2, 4 …
 * 30 s: eight attempts span 1–1.5 minutes); capacity (503) likewise; internal errors get a few tries, as
 * the SDK gives 503/504; a refused connection is usually a wrong URL.
 */
export const ATTEMPTS: Record<Exclude<RefusalClass, 'final'>, number> = { throttled: 8, capacity: 8, internal: 4, once: 2 };
const MAX_REFUSED_CONNECTIONS = 3;
/** A submission whose outcome is unknown and whose task was not found is sent again at most this often. */
const MAX_RESUBMITS = 1;

/**
 * One refused call of class `kind` (the code table's retry class): throws when it is final or out of tries (a
 * throttled one is retried until `retryUntil`, the item's Max Wait), else waits before the next try.
 * Throttling and capacity are account- or model-wide trouble: the model's gate holds every item, not only this one.
 */
export async function afterRefusal(
	response: ApiResponse,
	kind: RefusalClass,
	tries: Partial<Record<RefusalClass, number>>,
	options: { gate: RateGate; retryUntil?: number; signal?: AbortSignal },
): Promise<void> {
	tries[kind] = (tries[kind] ?? 0) + 1;
	const patient = kind === 'throttled' && options.retryUntil !== undefined && Date.now() < options.retryUntil;
	if (kind === 'final' || (tries[kind] >= ATTEMPTS[kind] && !patient)) throw new DashScopeCallError(failureFromResponse(response));
	const delay = backoffMs(Math.min(tries[kind], ATTEMPTS.throttled) - 1);
	if (kind === 'throttled') options.gate.throttled(delay);
	else if (kind === 'capacity') options.gate.holdFor(delay);
	else await pause(delay, options.signal);
}

export interface Submitted {
	taskId: string;
	requestId?: string;
	status: string;
	submittedAt: number;
	/** True when the answer was lost and the task was found in the task list instead. */
	recovered?: boolean;
}

export interface SubmitOptions {
	/** Headers a family's documented request carries besides the async one (erase & completion: data inspection). */
	headers?: Readonly<Record<string, string>>;
	gate: RateGate;
	/** The execution's pacing and ledger: lost answers are looked up there and in the task list. */
	scheduler: ExecutionScheduler;
	itemIndex: number;
	/**
	 * Epoch ms until which throttling (429) is retried however often it comes (the item's Max Wait): several
	 * executions or processes on one account meet 429s that say "later", not "never".
	 */
	retryUntil?: number;
}

/** What an answer tells about whether a task was created. */
type Verdict =
	| { kind: 'created'; taskId: string; status: string; requestId?: string }
	| { kind: 'refused'; retry: RefusalClass }
	| { kind: 'unknown'; why: string };

/**
 * An HTTP answer carrying a DashScope error code is definite: no task came back, none was created.
 * No answer after sending (a timeout, a reset) or an answer without a code (a gateway's 502 page) is not.
 */
function verdictOf(response: ApiResponse): Verdict {
	const transport = response.transport;
	if (transport) return { kind: 'unknown', why: `no answer (${describeNetworkCode(transport.code)})` };
	const output = (response.body.output ?? {}) as IDataObject;
	const malformed = response.status === 200 ? answerProblem(submitAnswer, response.body) : undefined;
	if (response.status === 200 && !malformed) {
		return {
			kind: 'created',
			taskId: String(output.task_id),
			status: String(output.task_status ?? 'PENDING'),
			requestId: requestIdOf(response.body),
		};
	}
	// A 200 is never a refusal: without a task ID nobody knows whether a task exists.
	if (malformed) return { kind: 'unknown', why: `HTTP 200 with an unexpected answer (${malformed})` };
	const code = typeof response.body.code === 'string' ? response.body.code : undefined;
	if (code) return { kind: 'refused', retry: refusalClass(response.status, code, String(response.body.message ?? '')) };
	if (response.status === 429) return { kind: 'refused', retry: 'throttled' };
	if (response.status >= 500) return { kind: 'unknown', why: `HTTP ${response.status} without an error code` };
	return { kind: 'refused', retry: 'final' };
}

/**
 * Creates one task, never two. Definite refusals are retried by kind (throttling and capacity hold the
 * model's submit gate so the other items back off too). When the outcome is unknown the task is looked
 * up in the task list and adopted if exactly one matches; only when none does is the request sent again.
 */
export async function submitTask(client: DashScopeClient, endpoint: string, body: IDataObject, options: SubmitOptions): Promise<Submitted> {
	const { scheduler } = options;
	const tries: Record<string, number> = {};
	let refusedConnections = 0;
	let resubmits = 0;
	for (;;) {
		await options.gate.acquire(scheduler.signal);
		const submittedAt = Date.now();
		const model = String(body.model);
		const response = await scheduler.submitting(model, async () => await client.submit(endpoint, body, options.headers));
		if (response.transport && !response.transport.delivered) {
			// The connection was never made: nothing reached the service.
			if (++refusedConnections < MAX_REFUSED_CONNECTIONS) {
				await pause(backoffMs(refusedConnections - 1), scheduler.signal);
				continue;
			}
			throw new DashScopeCallError({
				code: 'ConnectionFailed',
				message: `Could not connect to DashScope (${describeNetworkCode(response.transport.code)})`,
				advice: 'Check the region or base URL in the credential and the network between n8n and DashScope.',
			});
		}
		const verdict = verdictOf(response);
		if (verdict.kind === 'created') {
			scheduler.noteCreated({ taskId: verdict.taskId, itemIndex: options.itemIndex, model, status: verdict.status });
			return { taskId: verdict.taskId, status: verdict.status, requestId: verdict.requestId, submittedAt };
		}
		if (verdict.kind === 'refused') {
			await afterRefusal(response, verdict.retry, tries, { ...options, signal: scheduler.signal });
			continue;
		}
		const found = await findLostTask(client, scheduler, {
			model,
			body,
			sentAt: submittedAt,
			answeredAt: Date.now(),
			itemIndex: options.itemIndex,
			lookUntil: options.retryUntil,
		});
		// findLostTask has noted an adopted task as created (inside its lock, so no other lookup takes it).
		if (found.kind === 'found') return { taskId: found.taskId, status: found.status, submittedAt: found.createdAt ?? submittedAt, recovered: true };
		if (found.kind === 'none' && resubmits++ < MAX_RESUBMITS) continue;
		throw new DashScopeCallError(lostAnswerFailure(verdict.why, found));
	}
}

function lostAnswerFailure(why: string, found: Exclude<Awaited<ReturnType<typeof findLostTask>>, { kind: 'found' }>) {
	const base = `The task submission got ${why}; the service may or may not have created the task`;
	if (found.kind === 'ambiguous') {
		return {
			code: 'SubmitOutcomeUnknown',
			message: `${base}, and ${found.taskIds.length} matching tasks were found`,
			advice: `It was not resubmitted, to avoid paying twice. One of these tasks is probably this item's: ${found.taskIds.join(', ')}. Check them with Task → Get, then pick the right one up with Task → Wait.`,
		};
	}
	if (found.kind === 'lookupFailed') {
		return {
			code: 'SubmitOutcomeUnknown',
			message: `${base}, and the task list could not be read to find out (${found.reason})`,
			advice: 'It was not resubmitted, to avoid paying twice. Look for the task with Task → Get Many (filter by model and time) before submitting again.',
		};
	}
	return {
		code: 'SubmitOutcomeUnknown',
		message: `${base}; it was sent again and that answer was lost too`,
		advice: 'Look for the task with Task → Get Many (filter by model and time) before submitting again, and check the network between n8n and DashScope.',
	};
}
