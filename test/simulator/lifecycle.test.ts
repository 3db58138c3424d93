/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Task lifecycle over HTTP: states, result shapes per model generation, failures, queueing, cancel, list.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { formatListTime } from './util';
import { call, getTask, I2V_PATH, submitOk, TIME_RE, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({
		taskSeconds: 0.3,
		pendingSeconds: 0.15,
		queryQps: 1000,
		limits: { 'wan2.6-t2v': { rps: 100 }, 'wan2.2-t2v-plus': { rps: 100 } },
	});
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const animateBody = (model: string, mode: string) => ({
	model,
	input: { image_url: sim.fixtureUrl('person.png'), video_url: sim.fixtureUrl('dance.mp4') },
	parameters: { mode },
});

describe('text-to-video lifecycle', () => {
	it('goes PENDING → RUNNING → SUCCEEDED with wan2.6 result shape', async () => {
		const id = await submitOk(sim, {
			model: 'wan2.6-t2v',
			input: { prompt: 'a fox' },
			parameters: { size: '1280*720', duration: 10 },
		});
		const first = (await getTask(sim, id)).body;
		assert.equal(first.output.task_status, 'PENDING');
		assert.match(first.output.submit_time, TIME_RE);
		assert.equal(first.output.scheduled_time, undefined);
		assert.equal(first.usage, undefined);

		const running = await waitFor(sim, id, ['RUNNING']);
		assert.match(running.output.scheduled_time, TIME_RE);
		assert.equal(running.output.end_time, undefined);
		assert.equal(running.usage, undefined);

		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.match(done.request_id, /^[0-9a-f-]{36}$/);
		assert.equal(done.output.task_id, id);
		assert.match(done.output.end_time, TIME_RE);
		assert.equal(done.output.orig_prompt, 'a fox');
		assert.equal(done.output.actual_prompt, undefined, 'never for wan2.6');
		assert.match(done.output.video_url, /\/results\/.+\.mp4\?Expires=\d+&OSSAccessKeyId=.+&Signature=.+/);
		assert.deepEqual(done.usage, {
			duration: 10,
			size: '1280*720',
			input_video_duration: 0,
			output_video_duration: 10,
			video_count: 1,
			SR: 720,
		});
		assert.ok(
			done.output.submit_time <= done.output.scheduled_time && done.output.scheduled_time <= done.output.end_time,
		);
	});

	it('times are UTC+8', async () => {
		const before = Date.now();
		const id = await submitOk(sim, { model: 'wan2.6-t2v', input: { prompt: 'x' } });
		const body = (await getTask(sim, id)).body;
		const asUtc = Date.parse(`${body.output.submit_time.replace(' ', 'T')}Z`) - 8 * 3600_000;
		assert.ok(Math.abs(asUtc - before) < 2000, `${body.output.submit_time} vs ${new Date(before).toISOString()}`);
	});

	it('uses the older usage shape and actual_prompt for pre-2.6 models', async () => {
		const id = await submitOk(sim, { model: 'wan2.2-t2v-plus', input: { prompt: 'rain' } });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.output.orig_prompt, 'rain');
		assert.equal(typeof done.output.actual_prompt, 'string', 'prompt_extend defaults to true');
		assert.deepEqual(done.usage, { video_duration: 5, video_ratio: '1920*1080', video_count: 1 });

		const id2 = await submitOk(sim, {
			model: 'wan2.2-t2v-plus',
			input: { prompt: 'rain' },
			parameters: { prompt_extend: false, size: '832*480' },
		});
		const done2 = await waitFor(sim, id2, ['SUCCEEDED']);
		assert.equal(done2.output.actual_prompt, undefined);
		assert.equal(done2.usage.video_ratio, '832*480');
	});

	it('defaults size per model', async () => {
		const id = await submitOk(sim, { model: 'wanx2.1-t2v-turbo', input: { prompt: 'x' } });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.usage.video_ratio, '1280*720');
	});
});

describe('animate lifecycle', () => {
	it('nests the URL under output.results and reports the mode in usage', async () => {
		const id = await submitOk(sim, animateBody('wan2.2-animate-move', 'wan-std'), { path: I2V_PATH });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.output.video_url, undefined);
		assert.match(done.output.results.video_url, /\/results\/.+\.mp4\?Expires=/);
		assert.equal(done.output.orig_prompt, undefined);
		// dance.mp4 lasts 5.2 s; the output follows the input video.
		assert.deepEqual(done.usage, { video_duration: 5.2, video_ratio: 'standard' });

		const id2 = await submitOk(sim, animateBody('wan2.2-animate-mix', 'wan-pro'), { path: I2V_PATH });
		assert.equal((await waitFor(sim, id2, ['SUCCEEDED'])).usage.video_ratio, 'pro');
	});
});

describe('failures', () => {
	it('fails tasks whose prompt carries a [[fail:Code]] trigger', async () => {
		const id = await submitOk(sim, { model: 'wan2.6-t2v', input: { prompt: 'x [[fail:DataInspectionFailed]]' } });
		const done = await waitFor(sim, id, ['FAILED']);
		assert.equal(done.output.code, 'DataInspectionFailed');
		assert.equal(typeof done.output.message, 'string');
		assert.match(done.output.end_time, TIME_RE);
		assert.equal(done.output.video_url, undefined);
		assert.equal(done.usage, undefined);
	});
	it('lets the outcome hook fail chosen tasks', async () => {
		const hooked = await startSimulator({
			taskSeconds: 0.1,
			pendingSeconds: 0,
			outcome: (t) =>
				t.model === 'wan2.2-animate-mix'
					? { status: 'FAILED', code: 'InternalError.Timeout', message: 'late' }
					: undefined,
		});
		try {
			const bad = await submitOk(hooked, animateBody('wan2.2-animate-mix', 'wan-std'), { path: I2V_PATH });
			const good = await submitOk(hooked, { model: 'wan2.6-t2v', input: { prompt: 'ok' } });
			const failed = await waitFor(hooked, bad, ['FAILED', 'SUCCEEDED']);
			assert.deepEqual(
				[failed.output.task_status, failed.output.code, failed.output.message],
				['FAILED', 'InternalError.Timeout', 'late'],
			);
			assert.equal((await waitFor(hooked, good, ['FAILED', 'SUCCEEDED'])).output.task_status, 'SUCCEEDED');
		} finally {
			await hooked.close();
		}
	});
});

describe('queueing and cancel', () => {
	it('keeps tasks beyond the concurrency limit PENDING until a slot frees (FIFO)', async () => {
		const q = await startSimulator({
			taskSeconds: 0.5,
			pendingSeconds: 0,
			queryQps: 1000,
			limits: { 'wan2.6-t2v': { concurrency: 1 } },
		});
		try {
			const a = await submitOk(q, { model: 'wan2.6-t2v', input: { prompt: 'a' } });
			const b = await submitOk(q, { model: 'wan2.6-t2v', input: { prompt: 'b' } });
			const c = await submitOk(q, { model: 'wan2.6-t2v', input: { prompt: 'c' } });
			await waitFor(q, a, ['RUNNING']);
			assert.equal((await getTask(q, b)).body.output.task_status, 'PENDING');
			assert.equal((await getTask(q, c)).body.output.task_status, 'PENDING');
			const aDone = await waitFor(q, a, ['SUCCEEDED']);
			const bRun = await waitFor(q, b, ['RUNNING', 'SUCCEEDED']);
			assert.ok(bRun.output.scheduled_time >= aDone.output.end_time);
			assert.equal((await getTask(q, c)).body.output.task_status, 'PENDING', 'c waits behind b');
			const bDone = await waitFor(q, b, ['SUCCEEDED']);
			const cDone = await waitFor(q, c, ['SUCCEEDED']);
			assert.ok(cDone.output.scheduled_time >= bDone.output.end_time);
			// Other models are not blocked by this model's queue.
			const other = await submitOk(q, { model: 'wan2.2-t2v-plus', input: { prompt: 'x' } });
			await waitFor(q, other, ['RUNNING', 'SUCCEEDED'], 2000);
		} finally {
			await q.close();
		}
	});

	it('cancels PENDING tasks only', async () => {
		const q = await startSimulator({
			taskSeconds: 0.5,
			pendingSeconds: 0,
			queryQps: 1000,
			limits: { 'wan2.2-animate-move': { rps: 100 } },
		});
		try {
			// animate models run one task at a time, so the second one is PENDING.
			const running = await submitOk(q, animateBody('wan2.2-animate-move', 'wan-std'), { path: I2V_PATH });
			const queued = await submitOk(q, animateBody('wan2.2-animate-move', 'wan-std'), { path: I2V_PATH });
			await waitFor(q, running, ['RUNNING']);
			const bad = await call(q, 'POST', `/tasks/${running}/cancel`);
			assert.equal(bad.status, 400);
			assert.equal(bad.body.code, 'UnsupportedOperation');
			assert.equal(bad.body.message, 'Failed to cancel the task, please confirm if the task is in PENDING status.');
			const ok = await call(q, 'POST', `/tasks/${queued}/cancel`);
			assert.equal(ok.status, 200);
			assert.deepEqual(Object.keys(ok.body), ['request_id']);
			const canceled = (await getTask(q, queued)).body;
			assert.equal(canceled.output.task_status, 'CANCELED');
			assert.equal(canceled.output.scheduled_time, undefined);
			assert.equal((await call(q, 'POST', `/tasks/${queued}/cancel`)).status, 400, 'already canceled');
			assert.equal((await call(q, 'POST', '/tasks/no-such-task/cancel')).status, 400);
			await waitFor(q, running, ['SUCCEEDED']);
			assert.equal((await getTask(q, queued)).body.output.task_status, 'CANCELED', 'never started');
			assert.equal(q.stats.cancels, 4);
		} finally {
			await q.close();
		}
	});
});

describe('unknown and expired tasks', () => {
	it('answers 200 UNKNOWN for ids that never existed', async () => {
		const r = await getTask(sim, '1111');
		assert.equal(r.status, 200);
		assert.deepEqual(r.body.output, { task_id: '1111', task_status: 'UNKNOWN' });
	});
	it('answers UNKNOWN after the retention period', async () => {
		const short = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0, taskRetentionSeconds: 0.4 });
		try {
			const id = await submitOk(short, { model: 'wan2.6-t2v', input: { prompt: 'x' } });
			await waitFor(short, id, ['SUCCEEDED']);
			await new Promise((r) => setTimeout(r, 500));
			assert.equal((await getTask(short, id)).body.output.task_status, 'UNKNOWN');
			assert.equal((await call(short, 'GET', '/tasks')).body.total, 0);
		} finally {
			await short.close();
		}
	});
});

describe('batch query', () => {
	it('lists tasks flat, newest first, with paging and filters and without results', async () => {
		const ids: string[] = [];
		for (const prompt of ['1', '2', '3']) ids.push(await submitOk(sim, { model: 'wan2.6-t2v', input: { prompt } }));
		ids.push(await submitOk(sim, { model: 'wan2.2-t2v-plus', input: { prompt: '4' } }));
		await waitFor(sim, ids[0] as string, ['SUCCEEDED']);

		const all = (await call(sim, 'GET', '/tasks')).body;
		assert.deepEqual([all.total, all.total_page, all.page_no, all.page_size], [4, 1, 1, 10]);
		assert.equal(all.output, undefined, 'flat, not wrapped in output');
		assert.deepEqual(
			all.data.map((d: { task_id: string }) => d.task_id),
			[...ids].reverse(),
		);
		const item = all.data.find((d: { task_id: string }) => d.task_id === ids[0]);
		assert.equal(item.model_name, 'wan2.6-t2v');
		assert.equal(typeof item.gmt_create, 'number');
		assert.equal(typeof item.start_time, 'number');
		assert.equal(item.user_api_unique_key, 'apikey:v1:aigc:video-generation:video-synthesis:wan2.6-t2v');
		assert.equal(item.video_url, undefined);
		assert.equal(item.output, undefined);

		const page = (await call(sim, 'GET', '/tasks/?page_no=2&page_size=3')).body;
		assert.deepEqual([page.total, page.total_page, page.page_no, page.page_size, page.data.length], [4, 2, 2, 3, 1]);
		assert.equal(page.data[0].task_id, ids[0]);

		const byModel = (await call(sim, 'GET', '/tasks?model_name=wan2.2-t2v-plus')).body;
		assert.deepEqual(
			byModel.data.map((d: { task_id: string }) => d.task_id),
			[ids[3]],
		);
		const byId = (await call(sim, 'GET', `/tasks?task_id=${ids[1]}`)).body;
		assert.equal(byId.total, 1);
		const byStatus = (await call(sim, 'GET', '/tasks?status=SUCCEEDED')).body;
		assert.ok(byStatus.data.every((d: { status: string }) => d.status === 'SUCCEEDED'));
	});

	it('validates the time window (≤ 24 h, YYYYMMDDhhmmss)', async () => {
		const id = await submitOk(sim, { model: 'wan2.6-t2v', input: { prompt: 'x' } });
		const now = Date.now();
		const inWindow = await call(
			sim,
			'GET',
			`/tasks?start_time=${formatListTime(now - 60_000)}&end_time=${formatListTime(now + 60_000)}`,
		);
		assert.deepEqual(
			inWindow.body.data.map((d: { task_id: string }) => d.task_id),
			[id],
		);
		const before = await call(sim, 'GET', `/tasks?end_time=${formatListTime(now - 3600_000)}`);
		assert.equal(before.body.total, 0);
		const tooWide = await call(
			sim,
			'GET',
			`/tasks?start_time=${formatListTime(now - 25 * 3600_000)}&end_time=${formatListTime(now)}`,
		);
		assert.equal(tooWide.status, 400);
		assert.equal(tooWide.body.code, 'InvalidParameter');
		assert.equal((await call(sim, 'GET', '/tasks?start_time=2024-01-01')).status, 400);
		assert.equal((await call(sim, 'GET', '/tasks?page_size=0')).status, 400);
	});
});
