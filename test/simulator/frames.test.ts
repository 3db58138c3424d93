/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Image-to-video from a first frame (api-video.md §4), first + last frame kf2v (§5) and effect templates (§6):
// per-model validation, image checks, routing, regions, rate limits and result/usage shapes (§12).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { FIRST_FRAME, personPng } from './fixtures';
import { startSimulator, type Simulator } from './index';
import { imageSize } from './media';
import { frameVideoSize } from './models';
import { expectError, I2V_PATH, ok, startUnthrottledSimulator, submit, submitOk, T2V_PATH, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const frame = (): string => sim.fixtureUrl('first-frame.png');
const i2v = (model: string, input: object = {}, parameters?: object): object => ({
	model,
	input: { img_url: frame(), ...input },
	...(parameters ? { parameters } : {}),
});
const kf2v = (model: string, input: object = {}, parameters?: object): object => ({
	model,
	input: { first_frame_url: frame(), ...input },
	...(parameters ? { parameters } : {}),
});
const KF2V_PATH = I2V_PATH; // /services/aigc/image2video/video-synthesis


describe('image to video (first frame): validation', () => {
	it('needs only the first frame; the prompt is optional', async () => {
		await ok(submit(sim, i2v('wan2.6-i2v')));
		await ok(submit(sim, i2v('wan2.2-i2v-flash', { prompt: 'the wind blows' })));
		await expectError(submit(sim, { model: 'wan2.6-i2v', input: { prompt: 'x' } }), 'InvalidParameter', 'input.img_url');
		assert.equal(sim.stats.unknownFields.length, 0);
	});

	it('lives on the video-generation path, not image2video', async () => {
		await expectError(submit(sim, i2v('wan2.6-i2v'), { path: I2V_PATH }), 'InvalidParameter');
	});

	it('checks resolution per model (tiers, not W*H sizes)', async () => {
		await ok(submit(sim, i2v('wan2.6-i2v-flash', {}, { resolution: '720P' })));
		await expectError(submit(sim, i2v('wan2.6-i2v-flash', {}, { resolution: '480P' })), 'InvalidParameter', 'parameters.resolution');
		await expectError(submit(sim, i2v('wan2.6-i2v', {}, { resolution: '1280*720' })), 'InvalidParameter');
		await ok(submit(sim, i2v('wan2.5-i2v-preview', {}, { resolution: '480P' })));
		await expectError(submit(sim, i2v('wan2.2-i2v-plus', {}, { resolution: '720P' })), 'InvalidParameter');
		await ok(submit(sim, i2v('wan2.2-i2v-flash', {}, { resolution: '720P' })));
		await expectError(submit(sim, i2v('wanx2.1-i2v-plus', {}, { resolution: '480P' })), 'InvalidParameter');
		await expectError(submit(sim, i2v('wanx2.1-i2v-turbo', {}, { resolution: '1080P' })), 'InvalidParameter');
	});

	it('checks duration per model: 2–15, {5,10,15}, {5,10}, {3,4,5}, fixed 5', async () => {
		for (const d of [2, 15]) await ok(submit(sim, i2v('wan2.6-i2v-flash', {}, { duration: d })));
		await expectError(submit(sim, i2v('wan2.6-i2v', {}, { duration: 16 })), 'InvalidParameter', 'parameters.duration');
		await ok(submit(sim, i2v('wan2.6-i2v-us', {}, { duration: 15 })));
		await expectError(submit(sim, i2v('wan2.6-i2v-us', {}, { duration: 8 })), 'InvalidParameter');
		await expectError(submit(sim, i2v('wan2.5-i2v-preview', {}, { duration: 15 })), 'InvalidParameter');
		await ok(submit(sim, i2v('wanx2.1-i2v-turbo', {}, { duration: 3 })));
		await expectError(submit(sim, i2v('wanx2.1-i2v-turbo', {}, { duration: 2 })), 'InvalidParameter');
		await ok(submit(sim, i2v('wan2.2-i2v-plus', {}, { duration: 5 })));
		await expectError(submit(sim, i2v('wan2.2-i2v-plus', {}, { duration: 10 })), 'InvalidParameter');
	});

	it('accepts effect templates only on the models that support them', async () => {
		// A template call needs no prompt (it would be ignored).
		await ok(submit(sim, i2v('wanx2.1-i2v-plus', { template: 'dance3' })));
		await ok(submit(sim, i2v('wanx2.1-i2v-turbo', { template: 'flying' }, { resolution: '720P' })));
		await expectError(submit(sim, i2v('wanx2.1-i2v-turbo', { template: 'dance3' })), 'InvalidParameter', 'input.template');
		await expectError(submit(sim, i2v('wan2.6-i2v', { template: 'flying' })), 'InvalidParameter', 'allowed: none');
		await expectError(submit(sim, i2v('wan2.2-i2v-flash', { template: 'hanfu-1' })), 'InvalidParameter');
		assert.equal(sim.stats.unknownFields.length, 0);
	});

	it('knows the audio switch on wan2.6-i2v-flash only, and audio_url on wan2.5/2.6 only', async () => {
		await ok(submit(sim, i2v('wan2.6-i2v-flash', { audio_url: sim.fixtureUrl('voice.mp3') }, { audio: false })));
		await expectError(submit(sim, i2v('wan2.6-i2v-flash', {}, { audio: 'no' })), 'InvalidParameter', 'parameters.audio');
		await ok(submit(sim, i2v('wan2.5-i2v-preview', { audio_url: sim.fixtureUrl('voice.mp3') })));
		assert.equal(sim.stats.unknownFields.length, 0);
		await ok(submit(sim, i2v('wan2.6-i2v', {}, { audio: false })));
		await ok(submit(sim, i2v('wan2.2-i2v-plus', { audio_url: 'https://example.com/a.mp3' }, { shot_type: 'multi' })));
		assert.deepEqual(
			sim.stats.unknownFields.map((u) => `${u.model}:${u.field}`),
			['wan2.6-i2v:parameters.audio', 'wan2.2-i2v-plus:input.audio_url', 'wan2.2-i2v-plus:parameters.shot_type'],
		);
	});

	it('truncates prompts beyond the model limit (1500 for wan2.5/2.6, 800 older)', async () => {
		await ok(submit(sim, i2v('wan2.6-i2v', { prompt: 'a'.repeat(1500) })));
		await ok(submit(sim, i2v('wanx2.1-i2v-plus', { prompt: '猫'.repeat(801) })));
		assert.deepEqual(
			sim.stats.truncations.map((t) => [t.model, t.field, t.max]),
			[['wanx2.1-i2v-plus', 'input.prompt', 800]],
		);
	});
});

describe('input frames', () => {
	it('reads the pixel size of PNG, BMP, WEBP and JPEG headers', () => {
		assert.deepEqual(imageSize(personPng(400, 380)), { width: 400, height: 380 });
		const bmp = Buffer.alloc(54);
		bmp.write('BM', 0, 'latin1');
		bmp.writeInt32LE(640, 18);
		bmp.writeInt32LE(-480, 22); // top-down bitmap
		assert.deepEqual(imageSize(bmp), { width: 640, height: 480 });
		const webp = Buffer.alloc(30);
		webp.write('RIFF', 0, 'latin1');
		webp.write('WEBPVP8X', 8, 'latin1');
		webp.writeUIntLE(1023, 24, 3);
		webp.writeUIntLE(767, 27, 3);
		assert.deepEqual(imageSize(webp), { width: 1024, height: 768 });
		// SOI, an APP0 segment of 16 bytes, then SOF0 with height 600 and width 800.
		const jpeg = Buffer.from([
			0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.alloc(14), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03,
			...Buffer.alloc(9),
		]);
		assert.deepEqual(imageSize(jpeg), { width: 800, height: 600 });
		assert.equal(imageSize(Buffer.from('GIF89a')), undefined);
	});

	it('rejects frames outside 360–2000 px per side', async () => {
		assert.deepEqual(imageSize(personPng(FIRST_FRAME.width, FIRST_FRAME.height)), FIRST_FRAME);
		// person.png is 320×480: fine for the animate models (200–4096), too small here.
		await expectError(submit(sim, i2v('wan2.6-i2v', { img_url: sim.fixtureUrl('person.png') })), 'InvalidParameter', '320*480');
		await expectError(
			submit(sim, kf2v('wan2.2-kf2v-flash', { last_frame_url: sim.fixtureUrl('person.png') }), { path: KF2V_PATH }),
			'InvalidParameter',
			'input.last_frame_url',
		);
		await expectError(
			submit(sim, i2v('wan2.6-i2v', { img_url: sim.fixtureUrl('dance.mp4') })),
			'InvalidParameter.DataInspection',
			'media format',
		);
	});

	it('accepts Base64 data URIs (and checks them like files)', async () => {
		const uri = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
		await ok(submit(sim, i2v('wan2.2-i2v-flash', { img_url: uri(personPng(400, 400)) })));
		await expectError(submit(sim, i2v('wan2.2-i2v-flash', { img_url: uri(personPng(2100, 400)) })), 'InvalidParameter', '2100*400');
		await expectError(submit(sim, i2v('wan2.2-i2v-flash', { img_url: 'data:image/png;base64,@@@' })), 'InvalidParameter');
		// Only where documented: the animate models take URLs only.
		await expectError(
			submit(
				sim,
				{ model: 'wan2.2-animate-move', input: { image_url: uri(personPng(400, 400)), video_url: 'https://x/a.mp4' }, parameters: { mode: 'wan-std' } },
				{ path: I2V_PATH },
			),
			'InvalidParameter',
		);
	});
});

describe('first and last frame (kf2v): validation', () => {
	it('lives on the image2video path', async () => {
		await ok(submit(sim, kf2v('wan2.2-kf2v-flash', { last_frame_url: frame(), prompt: 'day to night' }), { path: KF2V_PATH }));
		await expectError(submit(sim, kf2v('wan2.2-kf2v-flash'), { path: T2V_PATH }), 'InvalidParameter');
	});

	it('needs the first frame; the last frame and prompt are optional', async () => {
		await ok(submit(sim, kf2v('wanx2.1-kf2v-plus'), { path: KF2V_PATH }));
		await expectError(
			submit(sim, { model: 'wan2.2-kf2v-flash', input: { last_frame_url: frame() } }, { path: KF2V_PATH }),
			'InvalidParameter',
			'input.first_frame_url',
		);
	});

	it('checks resolution and the fixed duration', async () => {
		await ok(submit(sim, kf2v('wan2.2-kf2v-flash', {}, { resolution: '1080P', duration: 5 }), { path: KF2V_PATH }));
		await expectError(submit(sim, kf2v('wanx2.1-kf2v-plus', {}, { resolution: '480P' }), { path: KF2V_PATH }), 'InvalidParameter');
		await expectError(submit(sim, kf2v('wan2.2-kf2v-flash', {}, { duration: 10 }), { path: KF2V_PATH }), 'InvalidParameter');
	});

	it('takes the kf2v templates on wanx2.1-kf2v-plus only', async () => {
		await ok(submit(sim, kf2v('wanx2.1-kf2v-plus', { template: 'hanfu-1' }), { path: KF2V_PATH }));
		await expectError(submit(sim, kf2v('wanx2.1-kf2v-plus', { template: 'hufu-1' }), { path: KF2V_PATH }), 'InvalidParameter');
		await expectError(submit(sim, kf2v('wanx2.1-kf2v-plus', { template: 'flying' }), { path: KF2V_PATH }), 'InvalidParameter');
		await expectError(submit(sim, kf2v('wan2.2-kf2v-flash', { template: 'hanfu-1' }), { path: KF2V_PATH }), 'InvalidParameter');
	});

	it('does not know audio, shot_type or size', async () => {
		await ok(
			submit(sim, kf2v('wan2.2-kf2v-flash', { audio_url: 'https://x/a.mp3' }, { shot_type: 'multi', size: '1280*720' }), {
				path: KF2V_PATH,
			}),
		);
		assert.deepEqual(
			sim.stats.unknownFields.map((u) => u.field),
			['input.audio_url', 'parameters.shot_type', 'parameters.size'],
		);
	});
});

describe('regions and rate limits', () => {
	it('serves the wan2.1 names in Singapore and the wanx2.1 names in Beijing', async () => {
		const sg = await startSimulator({ region: 'ap-southeast-1' });
		const bj = await startSimulator({ region: 'cn-beijing' });
		try {
			const body = (s: Simulator, model: string) => ({ model, input: { img_url: s.fixtureUrl('first-frame.png') } });
			assert.equal((await submit(sg, body(sg, 'wan2.1-i2v-turbo'))).status, 200);
			assert.equal((await submit(sg, body(sg, 'wanx2.1-i2v-turbo'))).status, 404);
			assert.equal((await submit(bj, body(bj, 'wanx2.1-i2v-turbo'))).status, 200);
			assert.equal((await submit(bj, body(bj, 'wan2.1-i2v-turbo'))).status, 404);
			// wan2.2-i2v-flash and wan2.2-kf2v-flash: Beijing only (api-platform.md §4.2).
			assert.equal((await submit(sg, body(sg, 'wan2.2-i2v-flash'))).status, 404);
			const kf = { model: 'wan2.1-kf2v-plus', input: { first_frame_url: sg.fixtureUrl('first-frame.png') } };
			assert.equal((await submit(sg, kf, { path: KF2V_PATH })).status, 200);
		} finally {
			await Promise.all([sg.close(), bj.close()]);
		}
	});

	it('limits wan2.1-kf2v-plus (Singapore) to 1 submission per second, wanx2.1-kf2v-plus (Beijing) to 2', async () => {
		const strict = await startSimulator({ pendingSeconds: 0 });
		try {
			const burst = async (model: string) => {
				const body = { model, input: { first_frame_url: 'https://example.com/f.png' } };
				const replies = await Promise.all([1, 2, 3].map(() => submit(strict, body, { path: KF2V_PATH })));
				return replies.filter((r) => r.status === 200).length;
			};
			assert.equal(await burst('wan2.1-kf2v-plus'), 1);
			assert.equal(await burst('wanx2.1-kf2v-plus'), 2);
		} finally {
			await strict.close();
		}
	});
});

describe('results and usage (§12)', () => {
	it('scales the output to the tier, keeping the image aspect ratio in multiples of 16', () => {
		assert.deepEqual(frameVideoSize('720P', { width: 750, height: 1000 }), { width: 816, height: 1104 }); // §4.2 example
		assert.deepEqual(frameVideoSize('1080P'), { width: 1920, height: 1072 });
		assert.deepEqual(frameVideoSize('480P', { width: 1000, height: 1000 }), { width: 624, height: 624 });
	});

	it('wan2.6-i2v-flash: output.video_url, wan2.6 usage with the audio flag, no actual_prompt', async () => {
		const id = await submitOk(sim, i2v('wan2.6-i2v-flash', { prompt: 'she smiles' }, { resolution: '720P', duration: 4, audio: false }));
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.match(done.output.video_url, /\/results\/.+\.mp4\?Expires=/);
		assert.equal(done.output.orig_prompt, 'she smiles');
		assert.equal(done.output.actual_prompt, undefined);
		assert.deepEqual(done.usage, { duration: 4, input_video_duration: 0, output_video_duration: 4, video_count: 1, SR: 720, audio: false });
		const task = sim.tasks.get(id);
		assert.deepEqual(task?.mediaPixels.img_url, FIRST_FRAME);
	});

	it('wan2.6-i2v: no audio flag in usage; defaults 1080P and 5 s', async () => {
		const done = await waitFor(sim, await submitOk(sim, i2v('wan2.6-i2v')), ['SUCCEEDED']);
		assert.deepEqual(done.usage, { duration: 5, input_video_duration: 0, output_video_duration: 5, video_count: 1, SR: 1080 });
		assert.equal(done.output.orig_prompt, undefined, 'no prompt given');
	});

	it('older models: video_duration with SR (wan2.2), video_ratio standard (wan2.1) or W*H (wan2.5)', async () => {
		const flash = await waitFor(sim, await submitOk(sim, i2v('wan2.2-i2v-flash', { prompt: 'waves' })), ['SUCCEEDED']);
		assert.deepEqual(flash.usage, { video_duration: 5, video_count: 1, SR: 720 });
		assert.equal(typeof flash.output.actual_prompt, 'string', 'prompt_extend defaults to true');

		const turbo = await waitFor(
			sim,
			await submitOk(sim, i2v('wanx2.1-i2v-turbo', { template: 'flying' }, { duration: 3, resolution: '480P' })),
			['SUCCEEDED'],
		);
		assert.deepEqual(turbo.usage, { video_duration: 3, video_count: 1, video_ratio: 'standard' });
		assert.equal(turbo.output.actual_prompt, undefined, 'no prompt with a template');

		const preview = await waitFor(sim, await submitOk(sim, i2v('wan2.5-i2v-preview', {}, { resolution: '720P' })), ['SUCCEEDED']);
		// first-frame.png is 480×720 (2:3) → 768×1168 at 720P.
		assert.deepEqual(preview.usage, { video_duration: 5, video_count: 1, video_ratio: '768*1168' });
	});

	it('kf2v: SR for wan2.2-kf2v-flash, video_ratio standard for wanx2.1-kf2v-plus, actual_prompt with prompt_extend', async () => {
		const flash = await waitFor(
			sim,
			await submitOk(sim, kf2v('wan2.2-kf2v-flash', { last_frame_url: frame(), prompt: 'sunset' }, { resolution: '480P' }), { path: KF2V_PATH }),
			['SUCCEEDED'],
		);
		assert.match(flash.output.video_url, /\/results\/.+\.mp4\?Expires=/);
		assert.equal(flash.output.orig_prompt, 'sunset');
		assert.equal(typeof flash.output.actual_prompt, 'string');
		assert.deepEqual(flash.usage, { video_duration: 5, video_count: 1, SR: 480 });

		const plus = await waitFor(
			sim,
			await submitOk(sim, kf2v('wanx2.1-kf2v-plus', { template: 'mech1' }), { path: KF2V_PATH }),
			['SUCCEEDED'],
		);
		assert.deepEqual(plus.usage, { video_duration: 5, video_count: 1, video_ratio: 'standard' });
		const video = await fetch(plus.output.video_url);
		assert.equal(video.status, 200);
		assert.equal(Buffer.from(await video.arrayBuffer()).toString('latin1', 4, 8), 'ftyp');
	});
});
