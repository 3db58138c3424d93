/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Prompt-based image editing (api-gaps.md §2.1): wan2.5-i2i-preview on the image2image path — prompt, 1–3 images
// (the r2v media-list rule with images only: 384–5000 px, 10 MB), free W*H sizes by total pixels, n, defaults,
// results like text to image (PNGs on the signed file host, per-image failures), regions and limits (api-platform.md §4.1).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { FIRST_FRAME, personPng } from './fixtures';
import { startSimulator, type Simulator } from './index';
import { MODELS } from './models';
import { call, expectError, type Json, ok, startUnthrottledSimulator, submit, submitOk, T2V_PATH, uploadFile, waitFor } from './testkit';

const I2I_PATH = '/services/aigc/image2image/image-synthesis';
const T2I_PATH = '/services/aigc/text2image/image-synthesis';
const MODEL = 'wan2.5-i2i-preview';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.1, pendingSeconds: 0.02 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const image = (): string => sim.fixtureUrl('first-frame.png'); // 480×720 PNG, within 384–5000
const i2i = (input: object = {}, parameters?: object): object => ({
	model: MODEL,
	input: { prompt: 'Put the clock from Image 1 on the table of Image 2', images: [image()], ...input },
	...(parameters ? { parameters } : {}),
});
const send = (body: object, headers?: Record<string, string>) => submit(sim, body, { path: I2I_PATH, headers });

async function finished(body: object, statuses = ['SUCCEEDED'], headers?: Record<string, string>): Promise<Json> {
	const id = await submitOk(sim, body, { path: I2I_PATH, headers });
	return waitFor(sim, id, statuses);
}

function pngSize(bytes: Buffer): { width: number; height: number } {
	assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const OSS = { 'X-DashScope-OssResourceResolve': 'enable' };

describe('edit image: request validation', () => {
	it('lives on the image2image path, async only, and takes every documented field', async () => {
		await ok(
			send(i2i({ images: [image(), image(), image()], negative_prompt: 'blur' }, { size: '1024*1024', n: 1, prompt_extend: false, watermark: true, seed: 7 })),
		);
		assert.deepEqual(sim.stats.unknownFields, []);
		await expectError(submit(sim, i2i(), { path: T2I_PATH }), 'InvalidParameter', 'not supported by the API');
		await expectError(submit(sim, i2i(), { path: T2V_PATH }), 'InvalidParameter', 'not supported by the API');
		const sync = await call(sim, 'POST', I2I_PATH, { body: i2i() });
		assert.equal(sync.status, 403);
		assert.match(sync.body.message, /does not support synchronous calls/);
	});

	it('requires input.prompt (truncated beyond 2000) and input.images; negative_prompt truncated beyond 500', async () => {
		await expectError(send({ model: MODEL, input: { images: [image()] } }), 'InvalidParameter', 'input.prompt');
		await expectError(send({ model: MODEL, input: { prompt: 'x' } }), 'InvalidParameter', 'input.images');
		await ok(send(i2i({ prompt: 'a'.repeat(2000) })));
		assert.equal(sim.stats.truncations.length, 0);
		await ok(send(i2i({ prompt: '钟'.repeat(2001), negative_prompt: 'b'.repeat(501) })));
		assert.deepEqual(
			sim.stats.truncations.map((t) => [t.field, t.length, t.max]),
			[
				['input.prompt', 2001, 2000],
				['input.negative_prompt', 501, 500],
			],
		);
	});

	it('takes 1–3 images as an array of URL strings', async () => {
		await expectError(send(i2i({ images: [] })), 'InvalidParameter', 'got 0');
		await expectError(send(i2i({ images: [1, 2, 3, 4].map(() => image()) })), 'InvalidParameter', 'got 4');
		await expectError(send(i2i({ images: image() })), 'InvalidParameter', 'must be an array');
		await expectError(send(i2i({ images: [image(), 42] })), 'InvalidParameter', 'input.images[1]');
		await ok(send(i2i({ images: ['https://example.com/a.webp', 'https://example.com/b'] })));
	});

	it('checks each image: image format only, 384–5000 px per side, oss:// needs the resolve header', async () => {
		await expectError(send(i2i({ images: [sim.fixtureUrl('dance.mp4')] })), 'InvalidParameter.DataInspection');
		await expectError(send(i2i({ images: [image(), sim.fixtureUrl('voice.mp3')] })), 'InvalidParameter.DataInspection');
		// person.png is 320×480: below 384 px.
		await expectError(send(i2i({ images: [image(), sim.fixtureUrl('person.png')] })), 'InvalidParameter', '[384, 5000]');
		const smallest = await uploadFile(sim, MODEL, 'edge.png', personPng(384, 384));
		await ok(send(i2i({ images: [smallest] }), OSS));
		await expectError(send(i2i({ images: [smallest] })), 'InvalidParameter.DataInspection');
		const narrow = await uploadFile(sim, MODEL, 'narrow.png', personPng(383, 600));
		await expectError(send(i2i({ images: [narrow] }), OSS), 'InvalidParameter', '383*600');
		await expectError(send(i2i({ images: ['ftp://x.test/a.png'] })), 'InvalidParameter', 'HTTP');
	});

	it('size: any W*H of 768*768 to 1280*1280 pixels, aspect 1:4 to 4:1; the recommended sizes pass', async () => {
		const recommended = ['1280*1280', '1024*1024', '800*1200', '1200*800', '960*1280', '1280*960', '720*1280', '1280*720', '1344*576'];
		for (const size of [...recommended, '768*768', '2048*512']) await ok(send(i2i({}, { size })));
		for (const size of ['1440*1440', '700*700', '2400*400', '1280x1280', '1K']) {
			await expectError(send(i2i({}, { size })), 'InvalidParameter', 'parameters.size');
		}
	});

	it('n is an integer 1–4; seed 0–2147483647; booleans are booleans', async () => {
		for (const n of [1, 4]) await ok(send(i2i({}, { n })));
		for (const n of [0, 5, 1.5, '2']) await expectError(send(i2i({}, { n })), 'InvalidParameter', 'parameters.n');
		await ok(send(i2i({}, { seed: 2147483647 })));
		await expectError(send(i2i({}, { seed: 2147483648 })), 'InvalidParameter', 'parameters.seed');
		await expectError(send(i2i({}, { prompt_extend: 'yes' })), 'InvalidParameter', 'parameters.prompt_extend');
		await expectError(send(i2i({}, { watermark: 1 })), 'InvalidParameter', 'parameters.watermark');
	});
});

describe('edit image: results', () => {
	it('defaults: 4 images, prompt_extend on (actual_prompt), no size → about 1280² in the aspect of the last image', async () => {
		const wide = await uploadFile(sim, MODEL, 'wide.png', personPng(800, 400));
		const { output, usage } = await finished(i2i({ images: [image(), wide] }), ['SUCCEEDED'], OSS);
		assert.equal(output.results.length, 4);
		for (const r of output.results) {
			assert.match(r.url, /\/results\/[^/]+-\d\.png\?/);
			assert.equal(r.orig_prompt, 'Put the clock from Image 1 on the table of Image 2');
			assert.equal(typeof r.actual_prompt, 'string');
		}
		assert.deepEqual(output.task_metrics, { TOTAL: 4, SUCCEEDED: 4, FAILED: 0 });
		assert.deepEqual(usage, { image_count: 4 });
		const bytes = Buffer.from(await (await fetch(output.results[0].url)).arrayBuffer());
		assert.deepEqual(pngSize(bytes), { width: 1808, height: 896 }, '2:1 like wide.png, about 1280*1280 pixels');

		const portrait = await finished(i2i({}, { n: 1 }));
		const first = Buffer.from(await (await fetch(portrait.output.results[0].url)).arrayBuffer());
		const expected = { width: Math.floor(Math.sqrt((1280 * 1280 * FIRST_FRAME.width) / FIRST_FRAME.height) / 16) * 16 };
		assert.equal(pngSize(first).width, expected.width);
	});

	it('serves one PNG per image at the requested size, each different', async () => {
		const { output } = await finished(i2i({}, { n: 2, size: '1280*720', prompt_extend: false }));
		assert.equal(output.results[0].actual_prompt, undefined);
		const files: Buffer[] = [];
		for (const { url } of output.results) {
			const res = await fetch(url);
			assert.equal(res.status, 200);
			assert.equal(res.headers.get('content-type'), 'image/png');
			const body = Buffer.from(await res.arrayBuffer());
			assert.deepEqual(pngSize(body), { width: 1280, height: 720 });
			files.push(body);
		}
		assert.notDeepEqual(files[0], files[1]);
	});

	it('[[partial:Code]] fails the last image alone; [[fail:Code]] the whole task', async () => {
		const partial = await finished(i2i({ prompt: 'x [[partial:DataInspectionFailed]]' }, { n: 2, size: '1024*1024' }));
		assert.equal(partial.output.task_status, 'SUCCEEDED');
		assert.equal(partial.output.results[1].code, 'DataInspectionFailed');
		assert.deepEqual(partial.output.task_metrics, { TOTAL: 2, SUCCEEDED: 1, FAILED: 1 });
		assert.deepEqual(partial.usage, { image_count: 1 });
		const failed = await finished(i2i({ prompt: 'x [[fail:IPInfringementSuspect]]' }), ['FAILED']);
		assert.equal(failed.output.code, 'IPInfringementSuspect');
		assert.equal(failed.output.results, undefined);
	});

	it('the batch query names the image2image function', async () => {
		await finished(i2i({}, { n: 1 }));
		const listed = await call(sim, 'GET', `/tasks?model_name=${MODEL}`);
		assert.equal(listed.body.data[0].user_api_unique_key, `apikey:v1:aigc:image2image:image-synthesis:${MODEL}`);
	});
});

describe('edit image: regions and rate limits', () => {
	it('Beijing and Singapore only', async () => {
		const regions = ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'] as const;
		const sims = await Promise.all(regions.map((region) => startSimulator({ region, taskSeconds: 0.05 })));
		try {
			for (const [i, s] of sims.entries()) {
				const body = { model: MODEL, input: { prompt: 'x', images: ['https://example.com/a.png'] }, parameters: { n: 1 } };
				const r = await submit(s, body, { path: I2I_PATH });
				assert.equal(r.status, i < 2 ? 200 : 404, `${regions[i]}: ${r.text}`);
			}
		} finally {
			await Promise.all(sims.map((s) => s.close()));
		}
	});

	it('5 submissions per second, 5 running tasks (api-platform.md §4.1)', async () => {
		assert.deepEqual([MODELS[MODEL]?.rps, MODELS[MODEL]?.concurrency], [5, 5]);
		const strict = await startSimulator({ taskSeconds: 0.05 });
		try {
			const body = { model: MODEL, input: { prompt: 'x', images: ['https://example.com/a.png'] }, parameters: { n: 1 } };
			const replies = await Promise.all([1, 2, 3, 4, 5, 6].map(() => submit(strict, body, { path: I2I_PATH })));
			assert.deepEqual(replies.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 429]);
		} finally {
			await strict.close();
		}
	});
});
