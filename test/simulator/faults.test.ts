/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Fault injection through sim.faults: each fault acts on the real connection and is consumed as it fires.
import assert from 'node:assert/strict';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { getTask, submit, submitOk, T2V_PATH, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 0.1, pendingSeconds: 0, limits: { 'wan2.6-t2v': { rps: 100 } } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const body = { model: 'wan2.6-t2v', input: { prompt: 'x' } };

describe('faults', () => {
	it('submit500: the next N submits get 500 and create nothing', async () => {
		sim.faults.submit500 = 2;
		assert.equal((await submit(sim, body)).status, 500);
		const second = await submit(sim, body);
		assert.deepEqual([second.status, second.body.code], [500, 'InternalError']);
		assert.equal(sim.stats.submits, 0);
		assert.equal((await submit(sim, body)).status, 200);
		assert.equal(sim.faults.submit500, 0);
	});

	it('queryStatus: the next N task queries answer that status', async () => {
		const id = await submitOk(sim, body);
		sim.faults.queryStatus = { status: 503, count: 2 };
		assert.equal((await getTask(sim, id)).status, 503);
		assert.equal((await getTask(sim, id)).status, 503);
		assert.equal((await getTask(sim, id)).status, 200);
		sim.faults.queryStatus = { status: 429, count: 1 };
		const limited = await getTask(sim, id);
		assert.deepEqual([limited.status, limited.body.code], [429, 'Throttling.RateQuota']);
	});

	it('dropSubmitResponseAfterCreate: the task exists but the socket dies unanswered', async () => {
		sim.faults.dropSubmitResponseAfterCreate = 1;
		await assert.rejects(submit(sim, body));
		assert.equal(sim.stats.submits, 1);
		assert.equal(sim.tasks.size, 1, 'the task was created');
		const [task] = [...sim.tasks.values()];
		assert.ok(sim.stats.requests.some((r) => r.host === 'api' && r.status === 0));
		await waitFor(sim, task?.taskId as string, ['SUCCEEDED']);
		assert.equal((await submit(sim, body)).status, 200, 'only once');
	});

	it('resetDownload: the connection is destroyed mid-body', async () => {
		const id = await submitOk(sim, body);
		const url = (await waitFor(sim, id, ['SUCCEEDED'])).output.video_url as string;
		sim.faults.resetDownload = 1;
		const partial = await rawGet(url);
		assert.equal(partial.error, true);
		assert.ok(partial.bytes > 0 && partial.bytes < partial.length, `${partial.bytes} of ${partial.length}`);
		const full = await rawGet(url);
		assert.deepEqual([full.error, full.bytes], [false, full.length]);
	});

	it('delaySubmitMs: submits answer late', async () => {
		sim.faults.delaySubmitMs = 300;
		const start = Date.now();
		assert.equal((await submit(sim, body)).status, 200);
		assert.ok(Date.now() - start >= 290);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(
			fetch(`${sim.apiBaseUrl}${T2V_PATH}`, {
				method: 'POST',
				headers: {
					Authorization: `Bearer ${sim.key}`,
					'X-DashScope-Async': 'enable',
					'Content-Type': 'application/json',
				},
				body: JSON.stringify(body),
				signal: controller.signal,
			}),
		);
	});
});

/** GET with undici's raw body stream, so a mid-body reset is observed byte-exactly. */
async function rawGet(url: string): Promise<{ bytes: number; length: number; error: boolean }> {
	const res = await request(url);
	const length = Number(res.headers['content-length']);
	let bytes = 0;
	try {
		for await (const chunk of res.body) bytes += (chunk as Buffer).length;
	} catch {
		return { bytes, length, error: true };
	}
	return { bytes, length, error: bytes !== length };
}
