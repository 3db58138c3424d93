/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Legacy Wan text-to-image (api-gaps.md §1.2, routing §0, cross-cutting §6): wan2.5-t2i-preview, wan2.2-t2i-plus/flash,
// wanx2.1-t2i-plus/turbo (Singapore: wan2.1-t2i-*), wanx2.0-t2i-turbo on the text2image path — prompt lengths, free
// W*H sizes, n, defaults, the results[] shape with task_metrics and per-image failures, PNGs on the signed file host,
// regions and rate limits (api-platform.md §4.1).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { MODELS } from './models';
import { call, expectError, type Json, ok, startUnthrottledSimulator, submit, submitOk, T2V_PATH, waitFor } from './testkit';

const T2I_PATH = '/services/aigc/text2image/image-synthesis';
const T2I_MODELS = [
	'wan2.5-t2i-preview',
	'wan2.2-t2i-plus',
	'wan2.2-t2i-flash',
	'wanx2.1-t2i-plus',
	'wanx2.1-t2i-turbo',
	'wanx2.0-t2i-turbo',
];

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.1, pendingSeconds: 0.02 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const t2i = (model: string, input: object = {}, parameters?: object): object => ({
	model,
	input: { prompt: 'a small white chapel under the aurora', ...input },
	...(parameters ? { parameters } : {}),
});
const send = (body: object) => submit(sim, body, { path: T2I_PATH });

async function finished(body: object, statuses = ['SUCCEEDED']): Promise<Json> {
	const id = await submitOk(sim, body, { path: T2I_PATH });
	return waitFor(sim, id, statuses);
}

/** Width and height from a PNG's IHDR; throws when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } {
	assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
	assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function ossCode(xml: string): string | undefined {
	return /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
}

describe('text to image: request validation', () => {
	it('lives on the text2image path, async only, and takes every documented field', async () => {
		for (const model of T2I_MODELS) {
			await ok(
				send(
					t2i(model, { negative_prompt: 'people' }, { size: '1280*1280', n: 1, prompt_extend: false, watermark: true, seed: 12345 }),
				),
			);
		}
		assert.deepEqual(sim.stats.unknownFields, []);
		await expectError(submit(sim, t2i('wan2.2-t2i-flash'), { path: T2V_PATH }), 'InvalidParameter', 'not supported by the API');
		const sync = await call(sim, 'POST', T2I_PATH, { body: t2i('wan2.2-t2i-flash') });
		assert.equal(sync.status, 403);
		assert.match(sync.body.message, /does not support synchronous calls/);
	});

	it('requires input.prompt and truncates it per model (2000 / 500 / 800); negative_prompt beyond 500', async () => {
		await expectError(send({ model: 'wan2.2-t2i-plus', input: {} }), 'InvalidParameter', 'input.prompt');
		await ok(send(t2i('wan2.5-t2i-preview', { prompt: 'a'.repeat(2000) })));
		await ok(send(t2i('wan2.2-t2i-plus', { prompt: 'a'.repeat(500) })));
		await ok(send(t2i('wanx2.0-t2i-turbo', { prompt: 'a'.repeat(800) })));
		assert.equal(sim.stats.truncations.length, 0);
		await ok(send(t2i('wan2.5-t2i-preview', { prompt: '雪'.repeat(2001) })));
		await ok(send(t2i('wanx2.1-t2i-turbo', { prompt: 'a'.repeat(501), negative_prompt: 'b'.repeat(501) })));
		await ok(send(t2i('wanx2.0-t2i-turbo', { prompt: 'a'.repeat(801) })));
		assert.deepEqual(
			sim.stats.truncations.map((t) => [t.model, t.field, t.max]),
			[
				['wan2.5-t2i-preview', 'input.prompt', 2000],
				['wanx2.1-t2i-turbo', 'input.prompt', 500],
				['wanx2.1-t2i-turbo', 'input.negative_prompt', 500],
				['wanx2.0-t2i-turbo', 'input.prompt', 800],
			],
		);
	});

	it('wan2.2 and older: any W*H with each side 512–1440', async () => {
		for (const size of ['512*512', '1024*1024', '1440*1440', '512*1440', '1280*720', '1344*576', '768*1152']) {
			await ok(send(t2i('wan2.2-t2i-flash', {}, { size })));
		}
		for (const size of ['511*1024', '1024*1441', '1536*1536', '1024x1024', '1:1', '1024*']) {
			await expectError(send(t2i('wanx2.1-t2i-plus', {}, { size })), 'InvalidParameter', 'parameters.size');
		}
		await expectError(send(t2i('wan2.2-t2i-plus', {}, { size: 1024 })), 'InvalidParameter', 'parameters.size');
	});

	it('wan2.5: total pixels up to 1440*1440, aspect 1:4 to 4:1; the recommended sizes pass', async () => {
		for (const size of ['1280*1280', '1104*1472', '1472*1104', '960*1696', '1696*960', '1440*1440', '768*768', '2400*600']) {
			await ok(send(t2i('wan2.5-t2i-preview', {}, { size })));
		}
		for (const size of ['1500*1500', '700*700', '2600*600']) {
			await expectError(send(t2i('wan2.5-t2i-preview', {}, { size })), 'InvalidParameter', 'parameters.size');
		}
	});

	it('n is an integer 1–4; seed 0–2147483647', async () => {
		for (const n of [1, 4]) await ok(send(t2i('wan2.2-t2i-flash', {}, { n })));
		for (const n of [0, 5, 2.5, '2']) {
			await expectError(send(t2i('wan2.2-t2i-flash', {}, { n })), 'InvalidParameter', 'parameters.n');
		}
		await ok(send(t2i('wan2.2-t2i-flash', {}, { seed: 2147483647 })));
		await expectError(send(t2i('wan2.2-t2i-flash', {}, { seed: -1 })), 'InvalidParameter', 'parameters.seed');
	});
});

describe('text to image: results', () => {
	it('defaults: 4 images of the model default size, prompt_extend on (actual_prompt present)', async () => {
		const done = await finished(t2i('wan2.2-t2i-plus'));
		const { output, usage } = done;
		assert.equal(output.task_status, 'SUCCEEDED');
		assert.equal(output.results.length, 4);
		for (const r of output.results) {
			assert.match(r.url, /\/results\/[^/]+-\d\.png\?/);
			assert.equal(r.orig_prompt, 'a small white chapel under the aurora');
			assert.equal(typeof r.actual_prompt, 'string');
		}
		assert.deepEqual(output.task_metrics, { TOTAL: 4, SUCCEEDED: 4, FAILED: 0 });
		assert.deepEqual(usage, { image_count: 4 });
		const bytes = Buffer.from(await (await fetch(output.results[0].url)).arrayBuffer());
		assert.deepEqual(pngSize(bytes), { width: 1024, height: 1024 });

		const wan25 = await finished(t2i('wan2.5-t2i-preview', {}, { n: 1 }));
		const first = Buffer.from(await (await fetch(wan25.output.results[0].url)).arrayBuffer());
		assert.deepEqual(pngSize(first), { width: 1280, height: 1280 });
	});

	it('serves one real PNG per image at the requested size, each different, byte-stable', async () => {
		const { output } = await finished(t2i('wan2.2-t2i-flash', {}, { n: 2, size: '768*512', prompt_extend: false }));
		assert.equal(output.results.length, 2);
		assert.equal(output.results[0].actual_prompt, undefined, 'no actual_prompt without prompt_extend');
		const files: Buffer[] = [];
		for (const { url } of output.results) {
			const res = await fetch(url);
			assert.equal(res.status, 200);
			assert.equal(res.headers.get('content-type'), 'image/png');
			const body = Buffer.from(await res.arrayBuffer());
			assert.equal(Number(res.headers.get('content-length')), body.length);
			assert.deepEqual(pngSize(body), { width: 768, height: 512 });
			files.push(body);
		}
		assert.notDeepEqual(files[0], files[1]);
		assert.deepEqual(Buffer.from(await (await fetch(output.results[0].url)).arrayBuffer()), files[0]);
	});

	it('keeps the signature, expiry and Authorization rules of the file host', async () => {
		const { output } = await finished(t2i('wan2.2-t2i-flash', {}, { n: 2, size: '512*512' }));
		const url = new URL(output.results[0].url);
		const tampered = new URL(url);
		tampered.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 1));
		const otherImage = url.href.replace(/-1\.png/, '-2.png');
		for (const bad of [tampered.href, `${url.origin}${url.pathname}`, otherImage]) {
			const res = await fetch(bad);
			assert.equal(res.status, 403, bad);
			assert.equal(ossCode(await res.text()), 'AccessDenied');
		}
		assert.equal((await fetch(url, { method: 'HEAD' })).status, 403, 'the verb is signed');
		const withKey = await fetch(url, { headers: { Authorization: `Bearer ${sim.key}` } });
		assert.equal(withKey.status, 403);
		await withKey.arrayBuffer();
		assert.equal(sim.stats.authHeadersOnFileHost, 1);
		assert.equal((await fetch(url)).status, 200);
	});

	it('expire after resultTtlSeconds', async () => {
		const short = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0, resultTtlSeconds: 1 });
		try {
			const id = await submitOk(short, t2i('wan2.2-t2i-flash', {}, { n: 1, size: '512*512' }), { path: T2I_PATH });
			const url = (await waitFor(short, id, ['SUCCEEDED'])).output.results[0].url;
			assert.equal((await fetch(url)).status, 200);
			await new Promise((r) => setTimeout(r, 2100));
			const res = await fetch(url);
			assert.equal(res.status, 403);
			assert.match(await res.text(), /expired/);
		} finally {
			await short.close();
		}
	});

	it('[[partial:Code]] fails the last image alone: SUCCEEDED, code/message entry, task_metrics.FAILED = 1', async () => {
		const { output, usage } = await finished(
			t2i('wan2.2-t2i-flash', { prompt: 'a fox [[partial:DataInspectionFailed]]' }, { n: 3, size: '512*512' }),
		);
		assert.equal(output.task_status, 'SUCCEEDED');
		assert.equal(output.results.length, 3);
		assert.deepEqual(output.results[2], {
			code: 'DataInspectionFailed',
			message: 'Output data may contain inappropriate content.',
		});
		assert.deepEqual(output.task_metrics, { TOTAL: 3, SUCCEEDED: 2, FAILED: 1 });
		assert.deepEqual(usage, { image_count: 2 }, 'only generated images are billed');
		for (const { url } of output.results.slice(0, 2)) assert.equal((await fetch(url)).status, 200);

		const single = await finished(t2i('wan2.2-t2i-flash', { prompt: '[[partial:DataInspectionFailed]]' }, { n: 1 }));
		assert.equal(single.output.task_status, 'SUCCEEDED');
		assert.deepEqual(single.output.task_metrics, { TOTAL: 1, SUCCEEDED: 0, FAILED: 1 });
		assert.equal(single.output.results[0].url, undefined);
	});

	it('[[fail:Code]] fails the whole task, without results or usage', async () => {
		const done = await finished(t2i('wan2.5-t2i-preview', { prompt: 'x [[fail:IPInfringementSuspect]]' }), ['FAILED']);
		assert.equal(done.output.code, 'IPInfringementSuspect');
		assert.equal(done.output.results, undefined);
		assert.equal(done.usage, undefined);
	});

	it('the batch query names the text2image function', async () => {
		await finished(t2i('wan2.2-t2i-flash', {}, { n: 1 }));
		const listed = await call(sim, 'GET', '/tasks?model_name=wan2.2-t2i-flash');
		assert.equal(listed.body.data[0].user_api_unique_key, 'apikey:v1:aigc:text2image:image-synthesis:wan2.2-t2i-flash');
	});
});

describe('text to image: regions and rate limits', () => {
	it('Beijing spells wanx2.1-*, Singapore wan2.1-*; wanx2.0 is Beijing only; none in Virginia', async () => {
		const regions = ['cn-beijing', 'ap-southeast-1', 'us-east-1'] as const;
		const sims = await Promise.all(regions.map((region) => startSimulator({ region, taskSeconds: 0.05 })));
		try {
			const expected: Record<string, [number, number, number]> = {
				'wan2.5-t2i-preview': [200, 200, 404],
				'wan2.2-t2i-plus': [200, 200, 404],
				'wan2.2-t2i-flash': [200, 200, 404],
				'wanx2.1-t2i-plus': [200, 404, 404],
				'wanx2.1-t2i-turbo': [200, 404, 404],
				'wan2.1-t2i-plus': [404, 200, 404],
				'wan2.1-t2i-turbo': [404, 200, 404],
				'wanx2.0-t2i-turbo': [200, 404, 404],
			};
			for (const [model, statuses] of Object.entries(expected)) {
				for (const [i, s] of sims.entries()) {
					const r = await submit(s, t2i(model, {}, { n: 1 }), { path: T2I_PATH });
					assert.equal(r.status, statuses[i], `${model} in ${regions[i]}: ${r.text}`);
				}
			}
		} finally {
			await Promise.all(sims.map((s) => s.close()));
		}
	});

	it('limits per api-platform.md §4.1: wan2.5 5/5, the others 2/2, and 429 beyond the RPS', async () => {
		assert.deepEqual([MODELS['wan2.5-t2i-preview']?.rps, MODELS['wan2.5-t2i-preview']?.concurrency], [5, 5]);
		for (const model of ['wan2.2-t2i-plus', 'wan2.2-t2i-flash', 'wanx2.1-t2i-plus', 'wan2.1-t2i-turbo', 'wanx2.0-t2i-turbo']) {
			assert.deepEqual([MODELS[model]?.rps, MODELS[model]?.concurrency], [2, 2], model);
		}
		const strict = await startSimulator({ taskSeconds: 0.05 });
		try {
			const body = t2i('wan2.2-t2i-flash', {}, { n: 1 });
			const replies = await Promise.all([1, 2, 3].map(() => submit(strict, body, { path: T2I_PATH })));
			assert.deepEqual(replies.map((r) => r.status).sort(), [200, 200, 429]);
		} finally {
			await strict.close();
		}
	});
});
