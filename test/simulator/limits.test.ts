/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Rate limits: per-model submit RPS and the account-wide 20 QPS budget of query/list/cancel.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { call, getTask, submit } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 0.2, pendingSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('submit RPS per model', () => {
	it('answers 429 Throttling.RateQuota beyond the model RPS and creates no task', async () => {
		// wan2.2-t2v-plus: 2 RPS (api-platform.md §4.2).
		const body = { model: 'wan2.2-t2v-plus', input: { prompt: 'x' } };
		const replies = await Promise.all([submit(sim, body), submit(sim, body), submit(sim, body)]);
		assert.deepEqual(replies.map((r) => r.status).sort(), [200, 200, 429]);
		const limited = replies.find((r) => r.status === 429);
		assert.equal(limited?.body.code, 'Throttling.RateQuota');
		assert.equal(limited?.body.message, 'Requests rate limit exceeded, please try again later.');
		assert.equal(sim.stats.submits, 2);
		assert.equal(sim.stats.submitRequests, 3);
		assert.equal(sim.stats.rejected429, 1);
		// Windows are per model: another model still has budget.
		assert.equal((await submit(sim, { model: 'wan2.6-t2v', input: { prompt: 'x' } })).status, 200);
		await sleep(1050);
		assert.equal((await submit(sim, body)).status, 200, 'the sliding window has moved on');
	});

	it('honours limit overrides', async () => {
		const strict = await startSimulator({ limits: { 'wan2.6-t2v': { rps: 1 } } });
		try {
			const body = { model: 'wan2.6-t2v', input: { prompt: 'x' } };
			const headers = { 'X-DashScope-Async': 'enable' };
			assert.equal(
				(await call(strict, 'POST', '/services/aigc/video-generation/video-synthesis', { body, headers })).status,
				200,
			);
			assert.equal(
				(await call(strict, 'POST', '/services/aigc/video-generation/video-synthesis', { body, headers })).status,
				429,
			);
		} finally {
			await strict.close();
		}
	});
});

describe('query QPS shared by GET task, list and cancel', () => {
	it('allows 20 per second in total, then 429', async () => {
		const calls = [
			...Array.from({ length: 8 }, () => getTask(sim, 'x')),
			...Array.from({ length: 8 }, () => call(sim, 'GET', '/tasks')),
			...Array.from({ length: 4 }, () => call(sim, 'POST', '/tasks/x/cancel')),
		];
		const statuses = (await Promise.all(calls)).map((r) => r.status);
		assert.equal(statuses.filter((s) => s === 429).length, 0, String(statuses));
		const extra = await call(sim, 'GET', '/tasks');
		assert.equal(extra.status, 429);
		assert.equal(extra.body.code, 'Throttling.RateQuota');
		assert.equal((await getTask(sim, 'x')).status, 429);
		assert.equal((await call(sim, 'POST', '/tasks/x/cancel')).status, 429);
		assert.equal(sim.stats.queries, 9);
		assert.equal(sim.stats.lists, 9);
		assert.equal(sim.stats.cancels, 5);
		await sleep(1050);
		assert.equal((await getTask(sim, 'x')).status, 200);
	});

	it('does not charge submits to the query budget', async () => {
		const q = await startSimulator({ queryQps: 1, limits: { 'wan2.6-t2v': { rps: 50 } } });
		try {
			for (let i = 0; i < 5; i++) {
				const r = await call(q, 'POST', '/services/aigc/video-generation/video-synthesis', {
					body: { model: 'wan2.6-t2v', input: { prompt: 'x' } },
					headers: { 'X-DashScope-Async': 'enable' },
				});
				assert.equal(r.status, 200);
			}
			assert.equal((await getTask(q, 'x')).status, 200);
			assert.equal((await getTask(q, 'x')).status, 429);
		} finally {
			await q.close();
		}
	});
});
