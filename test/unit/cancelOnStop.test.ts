/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { CANCEL_PER_SECOND, cancelQueuedTasks } from '../../nodes/Wan/engine/cancelOnStop';
import type { ApiResponse } from '../../nodes/Wan/engine/dashscope';

const answer = (status: number, code?: string, message?: string): ApiResponse => ({ status, body: code ? { code, message } : { request_id: 'r' } });

describe('cancel queued tasks after a stop', () => {
	it('retries throttled cancels, reports the tasks that could not be cancelled (started running; throttled every time)', async () => {
		const calls: string[] = [];
		const throttledOnce = new Set(['b', 'c']);
		const report = await cancelQueuedTasks(
			['a', 'b', 'c', 'running', 'stuck'],
			async (taskId) => {
				calls.push(taskId);
				if (taskId === 'running') return answer(400, 'UnsupportedOperation', 'Failed to cancel the task, please confirm if the task is in PENDING status.');
				if (taskId === 'stuck') return answer(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');
				if (throttledOnce.delete(taskId)) return answer(429, 'Throttling.RateQuota', 'Requests rate limit exceeded');
				return answer(200);
			},
			() => 0,
		);
		assert.deepEqual([...report.cancelled].sort(), ['a', 'b', 'c']);
		assert.deepEqual(report.notCancelled.map((t) => t.taskId).sort(), ['running', 'stuck']);
		assert.match(report.notCancelled.find((t) => t.taskId === 'running')!.reason, /no longer PENDING/);
		assert.match(report.notCancelled.find((t) => t.taskId === 'stuck')!.reason, /Throttling\.RateQuota.*after 6 attempts/);
		// Decided by the node: b and c twice, running once (final), stuck six times.
		assert.deepEqual(
			Object.fromEntries(['a', 'b', 'c', 'running', 'stuck'].map((id) => [id, calls.filter((c) => c === id).length])),
			{ a: 1, b: 2, c: 2, running: 1, stuck: 6 },
		);
		assert.equal(CANCEL_PER_SECOND, 20);
	});
});
