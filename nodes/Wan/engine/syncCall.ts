import type { IDataObject } from 'n8n-workflow';

import { describeNetworkCode } from './dashscope';
import type { ApiResponse, DashScopeClient } from './dashscope';
import { DashScopeCallError, refusalClass } from '../errors';
import type { RefusalClass } from '../errors';
import { backoffMs, pause } from './pacing';
import type { RateGate } from './pacing';
import { afterRefusal } from './submit';

/**
 * A lost answer of a synchronous call is sent again this often. A sync call creates no task that could
 * be found and adopted; sending it again costs at most one more check (detect: 0.004 CNY per image).
 */
const LOST_ANSWER_ATTEMPTS = 2;

export interface SyncCallOptions {
	/** The model's own pacing (its documented RPS), shared with every item of the execution. */
	gate: RateGate;
	signal?: AbortSignal;
	/** How long one call may take (a synchronous generation runs as long as the task would). */
	timeoutMs?: number;
	/**
	 * Whether a call whose answer was lost after it reached DashScope is sent again. Yes for checks (cheap);
	 * no for paid generations: a second call could pay twice, and a sync call leaves no task to look up.
	 */
	resendLost: boolean;
	/** Epoch ms until which throttling (429) is retried however often it comes (the item's Max Wait). */
	retryUntil?: number;
}

function classOf(response: ApiResponse): RefusalClass {
	const code = typeof response.body.code === 'string' ? response.body.code : undefined;
	if (code) return refusalClass(response.status, code, String(response.body.message ?? ''));
	if (response.status === 429) return 'throttled';
	if (response.status >= 500) return 'internal';
	return 'final';
}

/**
 * One synchronous call (no X-DashScope-Async header): the HTTP 200 answer is returned as it came (the
 * caller checks its shape), unless it carries a code instead of an output. Refusals are retried by the same code table as task submissions; throttling
 * and capacity hold the model's gate so the other items back off too.
 */
export async function callSync(client: DashScopeClient, endpoint: string, body: IDataObject, options: SyncCallOptions): Promise<ApiResponse> {
	const tries: Record<string, number> = {};
	for (;;) {
		await options.gate.acquire(options.signal);
		const response = await client.callSync(endpoint, body, options.timeoutMs);
		// A refusal answered with HTTP 200 (a code instead of an output) is still a refusal.
		const refusedIn200 = typeof response.body.code === 'string' && response.body.code !== '' && !response.body.output;
		if (response.status === 200 && !response.transport && !refusedIn200) return response;
		if (response.transport?.delivered && !options.resendLost) {
			throw new DashScopeCallError({
				code: 'NoAnswer',
				message: `${String(body.model)} got no answer from DashScope after the request was sent (${describeNetworkCode(response.transport.code)})`,
				advice:
					'The image may have been generated and billed; a synchronous call leaves no task to look up, so it was not sent again. Check the network (or raise Max Wait), or turn off Wait for Completion to use the task API.',
			});
		}
		if (response.transport) {
			tries.lost = (tries.lost ?? 0) + 1;
			if (tries.lost >= LOST_ANSWER_ATTEMPTS) {
				throw new DashScopeCallError({
					code: 'NoAnswer',
					message: `${String(body.model)} got no answer from DashScope (${describeNetworkCode(response.transport.code)})`,
					advice: 'Check the region or base URL in the credential and the network between n8n and DashScope.',
				});
			}
			await pause(backoffMs(tries.lost - 1), options.signal);
			continue;
		}
		await afterRefusal(response, classOf(response), tries, options);
	}
}
