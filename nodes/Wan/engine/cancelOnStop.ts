import type { ApiResponse } from './dashscope';
import { backoffMs, pause, RateGate } from './pacing';
import { retryable } from './poll';
import { retryingCall } from './taskQuery';

/** Task cancels are limited to 20 per second per account (api-platform.md §4.1): the gate stays under it. */
export const CANCEL_PER_SECOND = 20;

/** Attempts per task before it is reported as not cancelled. */
const CANCEL_ATTEMPTS = 6;

export interface CancelReport {
	cancelled: string[];
	/** Tasks that could not be cancelled, with why (they may run and be billed). */
	notCancelled: Array<{ taskId: string; reason: string }>;
}

/**
 * Cancels the queued tasks of a stopped execution, paced under the account's cancel limit, retrying 429s,
 * server errors and lost answers with a backoff. A task the service refuses to cancel (it started running)
 * is reported, not retried.
 */
export async function cancelQueuedTasks(
	taskIds: readonly string[],
	cancel: (taskId: string) => Promise<ApiResponse>,
	backoff: (attempt: number) => number = backoffMs,
): Promise<CancelReport> {
	const gate = new RateGate(CANCEL_PER_SECOND);
	const report: CancelReport = { cancelled: [], notCancelled: [] };
	await Promise.all(
		taskIds.map(async (taskId) => {
			const response = await retryingCall(gate, async () => await cancel(taskId), { attempts: CANCEL_ATTEMPTS, wait: pause, backoff });
			if (response.status === 200) {
				report.cancelled.push(taskId);
				return;
			}
			const code = typeof response.body.code === 'string' ? response.body.code : undefined;
			const message = typeof response.body.message === 'string' ? response.body.message : `HTTP ${response.status}`;
			const reason =
				code === 'UnsupportedOperation'
					? 'it was no longer PENDING (already running or finished)'
					: `${code ? `${code}: ` : ''}${message}${retryable(response.status) ? ` (after ${CANCEL_ATTEMPTS} attempts)` : ''}`;
			report.notCancelled.push({ taskId, reason });
		}),
	);
	return report;
}
