import type { IDataObject } from 'n8n-workflow';

import { describeNetworkCode } from './dashscope';
import type { DashScopeClient } from './dashscope';
import { backoffMs, pause } from './pacing';
import type { RateGate } from './pacing';
import { DashScopeCallError, failureFromResponse } from './task';

/** Throttling codes that mean "too fast, try again"; quota and billing states are not among them. */
const RETRYABLE_THROTTLING = new Set(['Throttling', 'Throttling.RateQuota', 'Throttling.BurstRate', 'LimitRequests', 'limit_requests', 'limit_burst_rate']);

/** Throttling clears within about a minute (backoff 1, 2, 4 … 30 s); a refused connection is usually a wrong URL. */
const MAX_THROTTLED_ATTEMPTS = 8;
const MAX_REFUSED_ATTEMPTS = 3;

export interface Submitted {
	taskId: string;
	requestId?: string;
	status: string;
	submittedAt: number;
}

/**
 * Creates one task. Retries only when the service certainly created none: a throttling 429 or a
 * connection that was never established. Anything ambiguous (a timeout after sending, a reset, a 5xx)
 * is reported instead of retried, so a paid task is never created twice.
 */
export async function submitTask(
	client: DashScopeClient,
	endpoint: string,
	body: IDataObject,
	options: { ossResolve: boolean; gate: RateGate; signal?: AbortSignal },
): Promise<Submitted> {
	for (let attempt = 0; ; attempt++) {
		await options.gate.acquire(options.signal);
		const submittedAt = Date.now();
		const response = await client.submit(endpoint, body, options.ossResolve);
		const transport = response.transport;
		if (transport) {
			if (!transport.delivered && attempt + 1 < MAX_REFUSED_ATTEMPTS) {
				await pause(backoffMs(attempt), options.signal);
				continue;
			}
			throw new DashScopeCallError({
				code: transport.delivered ? 'SubmitOutcomeUnknown' : 'ConnectionFailed',
				message: transport.delivered
					? `The task submission got no answer (${describeNetworkCode(transport.code)}); the service may or may not have created the task`
					: `Could not connect to DashScope (${describeNetworkCode(transport.code)})`,
				advice: transport.delivered
					? 'It was not resubmitted, to avoid paying twice. Look for the task with Task → Get Many (filter by model and time) before submitting again.'
					: 'Check the region or base URL in the credential and the network between n8n and DashScope.',
			});
		}
		const output = (response.body.output ?? {}) as IDataObject;
		if (response.status === 200 && typeof output.task_id === 'string') {
			return {
				taskId: output.task_id,
				requestId: response.body.request_id as string | undefined,
				status: String(output.task_status ?? 'PENDING'),
				submittedAt,
			};
		}
		const code = response.body.code as string | undefined;
		if (response.status === 429 && (!code || RETRYABLE_THROTTLING.has(code)) && attempt + 1 < MAX_THROTTLED_ATTEMPTS) {
			const delay = backoffMs(attempt);
			options.gate.holdFor(delay);
			continue;
		}
		throw new DashScopeCallError(failureFromResponse(response));
	}
}
