/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Create-task contract: auth, headers, body errors, model routing, per-model validation.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { call, I2V_PATH, submit, T2V_PATH } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05, limits: rpsUnlimited() });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function rpsUnlimited(): Record<string, { rps: number }> {
	const models = [
		'wan2.6-t2v',
		'wan2.6-t2v-us',
		'wan2.5-t2v-preview',
		'wan2.2-t2v-plus',
		'wanx2.1-t2v-turbo',
		'wanx2.1-t2v-plus',
	];
	return Object.fromEntries([...models, 'wan2.2-animate-move', 'wan2.2-animate-mix'].map((m) => [m, { rps: 1000 }]));
}

const t2v = (model: string, input: object = { prompt: 'a cat' }, parameters?: object): object =>
	parameters ? { model, input, parameters } : { model, input };

async function expectError(
	p: Promise<{ status: number; body: { code: string; message: string; request_id: string } }>,
	status: number,
	code: string,
	messagePart?: string | RegExp,
): Promise<void> {
	const r = await p;
	assert.equal(r.status, status, JSON.stringify(r.body));
	assert.equal(r.body.code, code);
	assert.match(r.body.request_id, /^[0-9a-f-]{36}$/);
	if (messagePart instanceof RegExp) assert.match(r.body.message, messagePart);
	else if (messagePart) assert.ok(r.body.message.includes(messagePart), r.body.message);
}

describe('authentication', () => {
	it('rejects a missing key with 401 InvalidApiKey', async () => {
		await expectError(call(sim, 'GET', '/tasks/x', { key: null }), 401, 'InvalidApiKey', 'No API-key provided.');
		const headers = { 'X-DashScope-Async': 'enable' };
		await expectError(
			call(sim, 'POST', T2V_PATH, { key: null, body: t2v('wan2.6-t2v'), headers }),
			401,
			'InvalidApiKey',
		);
		await expectError(
			call(sim, 'GET', '/tasks/x', { key: null, headers: { Authorization: sim.key } }),
			401,
			'InvalidApiKey',
		);
		assert.equal(sim.stats.submitRequests, 0, 'rejected before reaching the endpoint');
	});
	it('rejects an unknown key with the documented message and counts it', async () => {
		const r = await call(sim, 'GET', '/tasks', { key: 'sk-wrong' });
		assert.equal(r.status, 401);
		assert.deepEqual([r.body.code, r.body.message], ['InvalidApiKey', 'Invalid API-key provided.']);
		assert.equal(r.headers.get('x-request-id'), r.body.request_id);
		assert.equal(sim.stats.authFailures, 1);
	});
	it('accepts any configured key', async () => {
		const other = await startSimulator({ apiKeys: ['sk-a', 'sk-b'] });
		try {
			assert.equal(other.key, 'sk-a');
			const r = await call(other, 'GET', '/tasks/none', { key: 'sk-b' });
			assert.equal(r.status, 200);
		} finally {
			await other.close();
		}
	});
});

describe('create task: request-level errors', () => {
	it('needs X-DashScope-Async: enable (403 AccessDenied)', async () => {
		await expectError(
			call(sim, 'POST', T2V_PATH, { body: t2v('wan2.6-t2v') }),
			403,
			'AccessDenied',
			'current user api does not support synchronous calls',
		);
		assert.equal(sim.stats.submits, 0);
		assert.equal(sim.stats.submitRequests, 1);
	});
	it('rejects non-JSON bodies, missing model and missing input', async () => {
		const h = { 'X-DashScope-Async': 'enable', 'Content-Type': 'application/json' };
		await expectError(call(sim, 'POST', T2V_PATH, { raw: '{nope', headers: h }), 400, 'BadRequest.IllegalInput');
		await expectError(submit(sim, { input: { prompt: 'x' } }), 400, 'BadRequest.EmptyModel');
		await expectError(submit(sim, { model: 'wan2.6-t2v' }), 400, 'BadRequest.EmptyInput');
	});
	it('answers 404 ModelNotFound for unknown models', async () => {
		await expectError(submit(sim, t2v('wan9-t2v')), 404, 'ModelNotFound', 'Model not exist.');
		await expectError(submit(sim, t2v('constructor')), 404, 'ModelNotFound');
	});
	it('rejects a model sent to the wrong endpoint path', async () => {
		await expectError(submit(sim, t2v('wan2.6-t2v'), { path: I2V_PATH }), 400, 'InvalidParameter');
		const animate = {
			model: 'wan2.2-animate-move',
			input: { image_url: 'https://x/a.png', video_url: 'https://x/a.mp4' },
			parameters: { mode: 'wan-std' },
		};
		await expectError(submit(sim, animate), 400, 'InvalidParameter');
	});
	it('accepts the trailing-slash variant only where it is documented (image2video)', async () => {
		const animate = {
			model: 'wan2.2-animate-mix',
			input: { image_url: 'https://x/a.png', video_url: 'https://x/a.mp4' },
			parameters: { mode: 'wan-pro' },
		};
		assert.equal((await submit(sim, animate, { path: `${I2V_PATH}/` })).status, 200);
		assert.equal((await submit(sim, t2v('wan2.6-t2v'), { path: `${T2V_PATH}/` })).status, 404);
	});
	it('returns PENDING with a uuid task id on success', async () => {
		const r = await submit(sim, t2v('wan2.6-t2v'));
		assert.equal(r.status, 200);
		assert.equal(r.body.output.task_status, 'PENDING');
		assert.match(r.body.output.task_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		assert.match(r.body.request_id, /^[0-9a-f-]{36}$/);
		assert.equal(sim.stats.submits, 1);
		assert.equal(sim.stats.submissions.length, 1);
		const [record] = sim.stats.submissions;
		assert.deepEqual(record?.body, t2v('wan2.6-t2v'));
		assert.equal(record?.taskId, r.body.output.task_id);
		assert.equal(record?.path, `/api/v1${T2V_PATH}`);
		assert.equal(record?.headers['x-dashscope-async'], 'enable');
		assert.equal(record?.headers.authorization, undefined, 'the key is not kept');
	});
	it('hides region-less models when a region is configured', async () => {
		const us = await startSimulator({ region: 'us-east-1' });
		try {
			const h = { 'X-DashScope-Async': 'enable' };
			let r = await call(us, 'POST', T2V_PATH, { body: t2v('wan2.6-t2v-us'), headers: h });
			assert.equal(r.status, 200);
			r = await call(us, 'POST', T2V_PATH, { body: t2v('wan2.5-t2v-preview'), headers: h });
			assert.equal(r.status, 404);
			assert.equal(r.body.code, 'ModelNotFound');
		} finally {
			await us.close();
		}
	});
});

describe('create task: per-model validation', () => {
	it('checks size against the model tiers', async () => {
		assert.equal((await submit(sim, t2v('wan2.6-t2v', undefined, { size: '1632*1248' }))).status, 200);
		await expectError(
			submit(sim, t2v('wan2.6-t2v', undefined, { size: '832*480' })),
			400,
			'InvalidParameter',
			'parameters.size',
		);
		assert.equal((await submit(sim, t2v('wan2.5-t2v-preview', undefined, { size: '832*480' }))).status, 200);
		await expectError(
			submit(sim, t2v('wan2.2-t2v-plus', undefined, { size: '1280*720' })),
			400,
			'InvalidParameter',
			'parameters.size',
		);
		await expectError(submit(sim, t2v('wanx2.1-t2v-plus', undefined, { size: '832*480' })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wanx2.1-t2v-turbo', undefined, { size: '1920*1080' })), 400, 'InvalidParameter');
		// Tier names and ratios are not sizes.
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { size: '720P' })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { size: '1280x720' })), 400, 'InvalidParameter');
	});
	it('checks duration per model', async () => {
		for (const d of [2, 15])
			assert.equal((await submit(sim, t2v('wan2.6-t2v', undefined, { duration: d }))).status, 200);
		await expectError(
			submit(sim, t2v('wan2.6-t2v', undefined, { duration: 16 })),
			400,
			'InvalidParameter',
			'parameters.duration',
		);
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { duration: 1 })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { duration: 5.5 })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { duration: '5' })), 400, 'InvalidParameter');
		assert.equal((await submit(sim, t2v('wan2.6-t2v-us', undefined, { duration: 10 }))).status, 200);
		await expectError(submit(sim, t2v('wan2.6-t2v-us', undefined, { duration: 7 })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wan2.5-t2v-preview', undefined, { duration: 15 })), 400, 'InvalidParameter');
		// Fixed-5 s models: a different value is rejected rather than silently ignored (strictest reading).
		await expectError(submit(sim, t2v('wan2.2-t2v-plus', undefined, { duration: 10 })), 400, 'InvalidParameter');
		assert.equal((await submit(sim, t2v('wanx2.1-t2v-turbo', undefined, { duration: 5 }))).status, 200);
	});
	it('checks types and ranges of the other parameters', async () => {
		await expectError(
			submit(sim, t2v('wan2.6-t2v', undefined, { seed: -1 })),
			400,
			'InvalidParameter',
			'parameters.seed',
		);
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { seed: 2147483648 })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { prompt_extend: 'true' })), 400, 'InvalidParameter');
		await expectError(submit(sim, t2v('wan2.6-t2v', undefined, { watermark: 1 })), 400, 'InvalidParameter');
		await expectError(
			submit(sim, t2v('wan2.6-t2v', undefined, { shot_type: 'double' })),
			400,
			'InvalidParameter',
			'shot_type',
		);
		await expectError(
			submit(sim, { model: 'wan2.6-t2v', input: { prompt: 'x' }, parameters: [] }),
			400,
			'InvalidParameter',
		);
	});
	it('requires the prompt for text-to-video', async () => {
		await expectError(submit(sim, t2v('wan2.6-t2v', {})), 400, 'InvalidParameter', 'input.prompt');
		await expectError(submit(sim, t2v('wan2.2-t2v-plus', { prompt: '' })), 400, 'InvalidParameter', 'input.prompt');
		await expectError(submit(sim, t2v('wan2.2-t2v-plus', { prompt: 42 })), 400, 'InvalidParameter', 'input.prompt');
	});
	it('ignores but records shot_type and audio_url on models that do not document them', async () => {
		// The reference lists shot_type for wan2.6 only and audio_url for wan2.5/2.6 only, without an error for
		// other models; the service ignores unknown fields, so the simulator accepts and records them.
		const r = await submit(sim, t2v('wan2.5-t2v-preview', { prompt: 'x' }, { shot_type: 'multi' }));
		assert.equal(r.status, 200);
		const r2 = await submit(sim, t2v('wan2.2-t2v-plus', { prompt: 'x', audio_url: 'https://x/a.mp3', invented: 1 }));
		assert.equal(r2.status, 200);
		assert.deepEqual(
			sim.stats.unknownFields.map((u) => `${u.model}:${u.field}`),
			['wan2.5-t2v-preview:parameters.shot_type', 'wan2.2-t2v-plus:input.audio_url', 'wan2.2-t2v-plus:input.invented'],
		);
		assert.equal(sim.stats.unknownFields[0]?.taskId, r.body.output.task_id);
		assert.equal((await submit(sim, t2v('wan2.6-t2v', { prompt: 'x' }, { shot_type: 'multi' }))).status, 200);
		assert.equal(sim.stats.unknownFields.length, 3, 'shot_type is documented for wan2.6');
	});
	it('silently truncates over-long prompts and records it', async () => {
		const long = '猫'.repeat(900);
		const r = await submit(sim, t2v('wan2.2-t2v-plus', { prompt: long, negative_prompt: 'n'.repeat(600) }));
		assert.equal(r.status, 200);
		assert.deepEqual(
			sim.stats.truncations.map((t) => [t.field, t.length, t.max]),
			[
				['input.prompt', 900, 800],
				['input.negative_prompt', 600, 500],
			],
		);
		const task = sim.tasks.get(r.body.output.task_id);
		assert.equal([...String(task?.input.prompt)].length, 800);
		assert.equal((await submit(sim, t2v('wan2.6-t2v', { prompt: 'a'.repeat(1500) }))).status, 200);
		assert.equal(sim.stats.truncations.length, 2, '1500 chars fit wan2.6');
	});
	it('requires parameters and parameters.mode for animate models', async () => {
		const input = { image_url: 'https://x/a.png', video_url: 'https://x/a.mp4' };
		const path = I2V_PATH;
		await expectError(
			submit(sim, { model: 'wan2.2-animate-move', input }, { path }),
			400,
			'BadRequest.EmptyParameters',
		);
		await expectError(
			submit(sim, { model: 'wan2.2-animate-move', input, parameters: {} }, { path }),
			400,
			'InvalidParameter',
			'parameters.mode',
		);
		await expectError(
			submit(sim, { model: 'wan2.2-animate-mix', input, parameters: { mode: 'wan-max' } }, { path }),
			400,
			'InvalidParameter',
			'parameters.mode',
		);
		await expectError(
			submit(
				sim,
				{ model: 'wan2.2-animate-mix', input: { image_url: 'https://x/a.png' }, parameters: { mode: 'wan-std' } },
				{ path },
			),
			400,
			'InvalidParameter',
			'input.video_url',
		);
		await expectError(
			submit(
				sim,
				{
					model: 'wan2.2-animate-mix',
					input: { ...input, image_url: 'https://x/照片.png' },
					parameters: { mode: 'wan-std' },
				},
				{ path },
			),
			400,
			'InvalidParameter',
			'input.image_url',
		);
		// watermark belongs in input for animate; in parameters it is an unknown (ignored) field.
		const ok = await submit(
			sim,
			{
				model: 'wan2.2-animate-move',
				input: { ...input, watermark: true },
				parameters: { mode: 'wan-std', watermark: true },
			},
			{ path },
		);
		assert.equal(ok.status, 200);
		assert.deepEqual(
			sim.stats.unknownFields.map((u) => u.field),
			['parameters.watermark'],
		);
	});
});

describe('media URLs', () => {
	const animate = (input: object, headers?: Record<string, string>) =>
		submit(
			sim,
			{ model: 'wan2.2-animate-move', input, parameters: { mode: 'wan-std' } },
			{ path: I2V_PATH, ...(headers ? { headers } : {}) },
		);

	it('accepts external http(s) URLs unfetched and rejects other schemes', async () => {
		assert.equal(
			(await animate({ image_url: 'https://example.com/a.png', video_url: 'http://example.com/a.mp4' })).status,
			200,
		);
		await expectError(
			animate({ image_url: 'ftp://example.com/a.png', video_url: 'https://x/a.mp4' }),
			400,
			'InvalidParameter',
			'input.image_url',
		);
		await expectError(animate({ image_url: 'not a url', video_url: 'https://x/a.mp4' }), 400, 'InvalidParameter');
	});
	it('really fetches files on its own file host', async () => {
		const good = await animate({ image_url: sim.fixtureUrl('person.png'), video_url: sim.fixtureUrl('dance.mp4') });
		assert.equal(good.status, 200, good.text);
		assert.ok(
			sim.stats.requests.some((r) => r.host === 'file' && r.path === '/fixtures/dance.mp4' && r.status === 200),
		);
		await expectError(
			animate({ image_url: sim.fixtureUrl('missing.png'), video_url: sim.fixtureUrl('dance.mp4') }),
			400,
			'InvalidParameter.DataInspection',
			'404',
		);
		// A PNG where a video is expected fails the format check.
		await expectError(
			animate({ image_url: sim.fixtureUrl('person.png'), video_url: sim.fixtureUrl('person.png') }),
			400,
			'InvalidParameter.DataInspection',
			'media format',
		);
		const audio = await submit(sim, t2v('wan2.6-t2v', { prompt: 'x', audio_url: sim.fixtureUrl('voice.mp3') }));
		assert.equal(audio.status, 200);
		await expectError(
			submit(sim, t2v('wan2.6-t2v', { prompt: 'x', audio_url: sim.fixtureUrl('person.png') })),
			400,
			'InvalidParameter.DataInspection',
		);
		assert.equal(sim.stats.authHeadersOnFileHost, 0);
	});
	it('rejects oss:// without X-DashScope-OssResourceResolve', async () => {
		await expectError(
			animate({ image_url: 'oss://dashscope-instant/abc/2025-01-01/x/a.png', video_url: 'https://x/a.mp4' }),
			400,
			'InvalidParameter.DataInspection',
		);
		await expectError(
			animate(
				{ image_url: 'oss://dashscope-instant/abc/2025-01-01/x/a.png', video_url: 'https://x/a.mp4' },
				{ 'X-DashScope-OssResourceResolve': 'enable' },
			),
			400,
			'InvalidParameter.DataInspection',
			'not found',
		);
	});
	it('counts the resolve header sent without any oss:// input', async () => {
		await animate(
			{ image_url: 'https://x/a.png', video_url: 'https://x/a.mp4' },
			{ 'X-DashScope-OssResourceResolve': 'enable' },
		);
		assert.equal(sim.stats.resolveHeaderWithoutOss, 1);
	});
});

describe('routing', () => {
	it('answers unknown paths with 404 JSON', async () => {
		const r = await call(sim, 'GET', '/services/nothing');
		assert.equal(r.status, 404);
		assert.equal(typeof r.body.request_id, 'string');
	});
	it('survives malformed escapes in ids', async () => {
		const r = await call(sim, 'GET', '/tasks/%E0%A4%A');
		assert.equal(r.status, 200);
		assert.equal(r.body.output.task_status, 'UNKNOWN');
		assert.equal((await fetch(`${sim.fileBaseUrl}/fixtures/%E0%A4%A`)).status, 404);
	});
});
