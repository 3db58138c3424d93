/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Reference-to-video (api-video.md §7): wan2.6-r2v-flash and wan2.6-r2v on the video-generation path —
// reference_urls (1–5 images/videos, ≤5 images, ≤3 videos), per-item checks, parameters, regions, rate limits
// (api-platform.md §4.2) and the usage billing rule for reference videos (§7.4).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { DANCE_SECONDS, personPng } from './fixtures';
import { startSimulator, type Simulator } from './index';
import { MODELS, r2vInputSeconds } from './models';
import { mp4Buffer } from './mp4';
import { call, expectError, I2V_PATH, type Json, ok, startUnthrottledSimulator, submit, submitOk, T2V_PATH, uploadFile, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const image = (): string => sim.fixtureUrl('person.png'); // 320×480 PNG
const video = (): string => sim.fixtureUrl('dance.mp4'); // 5.2 s MP4
const r2v = (model: string, input: object = {}, parameters?: object): object => ({
	model,
	input: { prompt: 'character1 waves at character2', reference_urls: [image()], ...input },
	...(parameters ? { parameters } : {}),
});


const OSS = { 'X-DashScope-OssResourceResolve': 'enable' };
const clip = (seconds: number): Buffer =>
	mp4Buffer({ width: 640, height: 360, durationSeconds: seconds, fps: 30, totalBytes: 8 * 1024 });

describe('reference to video: request validation', () => {
	it('lives on the video-generation path with a prompt and reference_urls', async () => {
		await ok(submit(sim, r2v('wan2.6-r2v-flash')));
		await ok(submit(sim, r2v('wan2.6-r2v')));
		await expectError(submit(sim, r2v('wan2.6-r2v'), { path: I2V_PATH }), 'InvalidParameter');
		assert.equal(sim.stats.unknownFields.length, 0);
	});

	it('requires input.prompt and truncates it beyond 1500 chars; negative_prompt beyond 500', async () => {
		await expectError(
			submit(sim, { model: 'wan2.6-r2v-flash', input: { reference_urls: [image()] } }),
			'InvalidParameter',
			'input.prompt',
		);
		await ok(submit(sim, r2v('wan2.6-r2v', { prompt: 'a'.repeat(1500) })));
		await ok(submit(sim, r2v('wan2.6-r2v-flash', { prompt: '猫'.repeat(1501), negative_prompt: 'b'.repeat(501) })));
		assert.deepEqual(
			sim.stats.truncations.map((t) => [t.model, t.field, t.length, t.max]),
			[
				['wan2.6-r2v-flash', 'input.prompt', 1501, 1500],
				['wan2.6-r2v-flash', 'input.negative_prompt', 501, 500],
			],
		);
	});

	it('requires reference_urls: missing, empty list and non-array are rejected', async () => {
		await expectError(
			submit(sim, { model: 'wan2.6-r2v-flash', input: { prompt: 'x' } }),
			'InvalidParameter',
			'input.reference_urls',
		);
		await expectError(submit(sim, r2v('wan2.6-r2v-flash', { reference_urls: [] })), 'InvalidParameter', 'got 0');
		await expectError(submit(sim, r2v('wan2.6-r2v', { reference_urls: image() })), 'InvalidParameter', 'must be an array');
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: { 0: image() } })),
			'InvalidParameter',
			'must be an array',
		);
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [image(), 42] })),
			'InvalidParameter',
			'input.reference_urls[1]',
		);
		assert.equal(sim.stats.submits, 0);
	});

	it('takes 1–5 references in total', async () => {
		await ok(submit(sim, r2v('wan2.6-r2v', { reference_urls: [1, 2, 3, 4, 5].map(() => image()) })));
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [1, 2, 3, 4, 5, 6].map(() => image()) })),
			'InvalidParameter',
			'got 6',
		);
	});

	it('accepts a mixed image + video list and records what it read of each item', async () => {
		const id = await submitOk(sim, r2v('wan2.6-r2v-flash', { reference_urls: [video(), image(), video()] }));
		const task = sim.tasks.get(id);
		assert.deepEqual(task?.mediaSeconds, { 'reference_urls[0]': DANCE_SECONDS, 'reference_urls[2]': DANCE_SECONDS });
		assert.deepEqual(task?.mediaPixels, { 'reference_urls[1]': { width: 320, height: 480 } });
		// Foreign hosts: accepted unfetched, whatever the extension.
		await ok(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: ['https://example.com/a.mov', 'https://example.com/b.webp', 'https://example.com/c'] })),
		);
	});

	it('allows at most 3 videos (own files sniffed, foreign files by .mp4/.mov extension) and 5 images', async () => {
		await ok(submit(sim, r2v('wan2.6-r2v', { reference_urls: [video(), video(), video(), image(), image()] })));
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [video(), video(), video(), video()] })),
			'InvalidParameter',
			'more than 3 videos',
		);
		await expectError(
			submit(sim, r2v('wan2.6-r2v-flash', { reference_urls: ['https://x.test/1.mp4', 'https://x.test/2.MOV', video(), 'https://x.test/4.mp4?sig=1'] })),
			'InvalidParameter',
			'input.reference_urls',
		);
		// Unknown extensions on foreign hosts cannot be classified and are accepted.
		await ok(submit(sim, r2v('wan2.6-r2v', { reference_urls: ['https://x.test/1.mp4', 'https://x.test/2.mp4', 'https://x.test/3.mp4', 'https://x.test/4'] })));
		assert.equal(sim.stats.submits, 2);
	});

	it('checks each item like other media: scheme, format, pixel size, duration, bytes, oss:// header', async () => {
		await expectError(submit(sim, r2v('wan2.6-r2v', { reference_urls: ['ftp://x.test/a.png'] })), 'InvalidParameter', 'HTTP');
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [sim.fixtureUrl('voice.mp3')] })),
			'InvalidParameter.DataInspection',
			'media format',
		);
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [`data:image/png;base64,${personPng(300, 300).toString('base64')}`] })),
			'InvalidParameter',
		);
		// Images 240–5000 px per side.
		const small = await uploadFile(sim, 'wan2.6-r2v', 'small.png', personPng(239, 400));
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [image(), small] }), { headers: OSS }),
			'InvalidParameter',
			'239*400',
		);
		const fine = await uploadFile(sim, 'wan2.6-r2v', 'fine.png', personPng(240, 240));
		await ok(submit(sim, r2v('wan2.6-r2v', { reference_urls: [fine] }), { headers: OSS }));
		// Without the resolve header oss:// is not resolved.
		await expectError(submit(sim, r2v('wan2.6-r2v', { reference_urls: [fine] })), 'InvalidParameter.DataInspection');
		// Videos 1–30 s.
		const short = await uploadFile(sim, 'wan2.6-r2v', 'short.mp4', clip(0.5));
		await expectError(submit(sim, r2v('wan2.6-r2v', { reference_urls: [short] }), { headers: OSS }), 'InvalidParameter', '1 to 30 s');
		const long = await uploadFile(sim, 'wan2.6-r2v', 'long.mov', clip(31));
		await expectError(submit(sim, r2v('wan2.6-r2v', { reference_urls: [long] }), { headers: OSS }), 'InvalidParameter', '31 s');
		// Images ≤ 10 MB.
		const big = await uploadFile(sim, 'wan2.6-r2v', 'big.png', Buffer.concat([personPng(300, 300), Buffer.alloc(10 * 1024 * 1024)]));
		await expectError(
			submit(sim, r2v('wan2.6-r2v', { reference_urls: [big] }), { headers: OSS }),
			'BadRequest.InputDownloadFailed',
			'10 MB',
		);
		// Temporary files are bound to the model they were uploaded for.
		await expectError(
			submit(sim, r2v('wan2.6-r2v-flash', { reference_urls: [fine] }), { headers: OSS }),
			'InvalidParameter.DataInspection',
		);
	});

	it('checks size (720P/1080P W*H), duration 2–10, shot_type, seed', async () => {
		await ok(submit(sim, r2v('wan2.6-r2v', {}, { size: '1280*720', duration: 2, shot_type: 'multi', watermark: true, seed: 7 })));
		await ok(submit(sim, r2v('wan2.6-r2v-flash', {}, { size: '1248*1632', duration: 10 })));
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { size: '832*480' })), 'InvalidParameter', 'parameters.size');
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { size: '720P' })), 'InvalidParameter', 'parameters.size');
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { duration: 11 })), 'InvalidParameter', 'parameters.duration');
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { duration: 1 })), 'InvalidParameter', 'parameters.duration');
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { duration: 5.5 })), 'InvalidParameter', 'integer');
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { shot_type: 'many' })), 'InvalidParameter', 'parameters.shot_type');
		await expectError(submit(sim, r2v('wan2.6-r2v', {}, { seed: -1 })), 'InvalidParameter', 'parameters.seed');
		assert.equal(sim.stats.unknownFields.length, 0);
	});

	it('knows audio on wan2.6-r2v-flash only; prompt_extend is not an r2v field', async () => {
		await ok(submit(sim, r2v('wan2.6-r2v-flash', {}, { audio: false })));
		await expectError(submit(sim, r2v('wan2.6-r2v-flash', {}, { audio: 'off' })), 'InvalidParameter', 'parameters.audio');
		assert.equal(sim.stats.unknownFields.length, 0);
		await ok(submit(sim, r2v('wan2.6-r2v', {}, { audio: false })));
		await ok(submit(sim, r2v('wan2.6-r2v-flash', {}, { prompt_extend: true })));
		assert.deepEqual(
			sim.stats.unknownFields.map((u) => `${u.model}:${u.field}`),
			['wan2.6-r2v:parameters.audio', 'wan2.6-r2v-flash:parameters.prompt_extend'],
		);
	});

	it('applies the documented defaults', async () => {
		const flash = sim.tasks.get(await submitOk(sim, r2v('wan2.6-r2v-flash')));
		assert.deepEqual(flash?.parameters, { size: '1920*1080', duration: 5, shot_type: 'single', watermark: false, audio: true });
		const plain = sim.tasks.get(await submitOk(sim, r2v('wan2.6-r2v')));
		assert.deepEqual(plain?.parameters, { size: '1920*1080', duration: 5, shot_type: 'single', watermark: false });
	});
});

describe('reference to video: regions and rate limits', () => {
	it('serves wan2.6-r2v in Beijing, Singapore and Virginia, wan2.6-r2v-flash in Beijing and Singapore', async () => {
		const regions = ['cn-beijing', 'ap-southeast-1', 'us-east-1'] as const;
		const sims = await Promise.all(regions.map((region) => startSimulator({ region })));
		try {
			const body = (model: string) => ({ model, input: { prompt: 'x', reference_urls: ['https://example.com/a.png'] } });
			for (const [i, s] of sims.entries()) {
				assert.equal((await submit(s, body('wan2.6-r2v'))).status, 200, regions[i]);
				assert.equal((await submit(s, body('wan2.6-r2v-flash'))).status, regions[i] === 'us-east-1' ? 404 : 200, regions[i]);
			}
		} finally {
			await Promise.all(sims.map((s) => s.close()));
		}
	});

	it('limits each model to 5 submissions per second and 5 running tasks', async () => {
		const strict = await startSimulator({ pendingSeconds: 0, taskSeconds: 5 });
		try {
			const body = { model: 'wan2.6-r2v-flash', input: { prompt: 'x', reference_urls: ['https://example.com/a.mp4'] } };
			const replies = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => submit(strict, body)));
			assert.equal(replies.filter((r) => r.status === 200).length, 5);
			assert.equal(replies.filter((r) => r.status === 429).length, 2);
			assert.equal(MODELS['wan2.6-r2v']?.concurrency, 5);
			assert.equal(MODELS['wan2.6-r2v-flash']?.concurrency, 5);
		} finally {
			await strict.close();
		}
	});
});

describe('reference to video: results and usage (§7.3, §7.4)', () => {
	it('splits the 5 s input cap evenly over all references (1 → 5, 2 → 2.5, 3 → 1.65, 4 → 1.25, 5 → 1)', () => {
		const view = (urls: string[], seconds: Record<string, number>, pixels: Record<string, { width: number; height: number }> = {}) => ({
			input: { reference_urls: urls },
			mediaSeconds: seconds,
			mediaPixels: pixels,
		});
		assert.equal(r2vInputSeconds(view(['v'], { 'reference_urls[0]': 12 })), 5);
		assert.equal(r2vInputSeconds(view(['v'], { 'reference_urls[0]': 3.2 })), 3.2);
		assert.equal(r2vInputSeconds(view(['v', 'i'], { 'reference_urls[0]': 10 })), 2.5);
		assert.equal(r2vInputSeconds(view(['v', 'v', 'v'], { 'reference_urls[0]': 9, 'reference_urls[1]': 9, 'reference_urls[2]': 1.2 })), 4.5);
		assert.equal(r2vInputSeconds(view(['v', 'v', 'v', 'i'], { 'reference_urls[0]': 9, 'reference_urls[1]': 1, 'reference_urls[2]': 9 })), 3.5);
		// §7.4 example: 3 videos + 2 images → min(v, 1 s) each.
		const five = view(['a', 'b', 'c', 'd', 'e'], { 'reference_urls[0]': 20, 'reference_urls[1]': 0.5, 'reference_urls[2]': 3 });
		assert.equal(r2vInputSeconds(five), 2.5);
		// Unread videos (foreign .mp4/.mov) are billed the full cap; unread images and unclassifiable items are free.
		assert.equal(r2vInputSeconds(view(['https://x/a.mp4', 'https://x/b.MOV?x=1', 'https://x/c.png', 'https://x/d'], {})), 2.5);
		assert.equal(r2vInputSeconds(view(['https://x/a.png'], {})), 0);
	});

	it('mixed list: output.video_url + orig_prompt, usage duration = input + output', async () => {
		const prompt = 'character1 dances next to character2';
		const id = await submitOk(
			sim,
			r2v('wan2.6-r2v-flash', { prompt, reference_urls: [video(), image(), video()] }, { size: '1280*720', duration: 10 }),
		);
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.match(done.output.video_url, /\/results\/.+\.mp4\?Expires=/);
		assert.equal(done.output.orig_prompt, prompt);
		assert.equal(done.output.actual_prompt, undefined);
		// 3 references → 1.65 s cap; both videos are 5.2 s.
		assert.deepEqual(done.usage, {
			duration: 13.3,
			size: '1280*720',
			input_video_duration: 3.3,
			output_video_duration: 10,
			video_count: 1,
			SR: 720,
		});
		const file = await fetch(done.output.video_url);
		assert.equal(file.status, 200);
		assert.equal(Buffer.from(await file.arrayBuffer()).toString('latin1', 4, 8), 'ftyp');
	});

	it('images only: no input seconds; defaults give 1080P and 5 s', async () => {
		const done = await waitFor(sim, await submitOk(sim, r2v('wan2.6-r2v', { reference_urls: [image(), image()] })), ['SUCCEEDED']);
		assert.deepEqual(done.usage, {
			duration: 5,
			size: '1920*1080',
			input_video_duration: 0,
			output_video_duration: 5,
			video_count: 1,
			SR: 1080,
		});
	});

	it('a single short video is billed at its own length (under the 5 s cap)', async () => {
		const clipUrl = await uploadFile(sim, 'wan2.6-r2v', 'clip.mp4', clip(3));
		const id = await submitOk(sim, r2v('wan2.6-r2v', { reference_urls: [clipUrl] }, { duration: 2 }), { headers: OSS });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.usage.input_video_duration, 3);
		assert.equal(done.usage.duration, 5);
		assert.equal(done.usage.output_video_duration, 2);
	});

	it('is not routed to text-to-video: T2V rules do not apply to r2v bodies', async () => {
		// Same path as t2v (§13); reference_urls is documented only for r2v.
		await ok(submit(sim, r2v('wan2.6-r2v'), { path: T2V_PATH }));
		await ok(submit(sim, { model: 'wan2.6-t2v', input: { prompt: 'x', reference_urls: [image()] } }));
		assert.deepEqual(
			sim.stats.unknownFields.map((u) => `${u.model}:${u.field}`),
			['wan2.6-t2v:input.reference_urls'],
		);
	});
});
