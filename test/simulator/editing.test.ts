/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The simulator's own rules for VACE (api-gaps.md §4), video style transform (api-avatar.md §11) and the
// wan2.7 models with input.media (api-gaps.md §5): what it accepts, refuses, and returns.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { expectError, ok, startUnthrottledSimulator, submit, submitOk, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05, concurrency: 100 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const IMG = 'https://example.com/a.png';
const VID = 'https://example.com/v.mp4';
const vace = (input: object, parameters: object = {}) => ({ model: 'wanx2.1-vace-plus', input: { prompt: 'x', ...input }, parameters });

describe('VACE', () => {
	it('knows the five functions and their own fields', async () => {
		await ok(submit(sim, vace({ function: 'image_reference', ref_images_url: [IMG, IMG] }, { obj_or_bg: ['obj', 'bg'], size: '960*960' })));
		await ok(submit(sim, vace({ function: 'video_repainting', video_url: VID }, { control_condition: 'depth', strength: 0.5 })));
		await ok(submit(sim, vace({ function: 'video_edit', video_url: VID, mask_image_url: IMG }, { mask_type: 'fixed' })));
		await ok(submit(sim, vace({ function: 'video_extension', first_clip_url: VID })));
		await ok(submit(sim, vace({ function: 'video_outpainting', video_url: VID }, { left_scale: 2, right_scale: 1 })));
		assert.equal(sim.stats.unknownFields.length, 0);
		await expectError(submit(sim, vace({ function: 'video_magic' })), 'InvalidParameter', 'input.function');
		await expectError(submit(sim, vace({})), 'InvalidParameter', 'input.function');
	});

	it('refuses what each function documents against', async () => {
		await expectError(
			submit(sim, vace({ function: 'image_reference', ref_images_url: [IMG, IMG] }, { obj_or_bg: ['obj'] })),
			'InvalidParameter',
			'ref_images_url and obj_or_bg must be the same length',
		);
		await expectError(submit(sim, vace({ function: 'image_reference', ref_images_url: [IMG, IMG] }, { obj_or_bg: ['bg', 'bg'] })), 'InvalidParameter', "'bg' at most 1");
		await expectError(submit(sim, vace({ function: 'video_repainting', video_url: VID }, { control_condition: 'depth', strength: 1.5 })), 'InvalidParameter', 'parameters.strength');
		await expectError(submit(sim, vace({ function: 'video_repainting', video_url: VID })), 'InvalidParameter', 'parameters.control_condition');
		await expectError(submit(sim, vace({ function: 'video_edit', video_url: VID })), 'InvalidParameter', 'mask');
		await expectError(submit(sim, vace({ function: 'video_extension' })), 'InvalidParameter', 'first_clip_url');
		await expectError(submit(sim, vace({ function: 'video_outpainting', video_url: VID }, { top_scale: 0.99 })), 'InvalidParameter', 'parameters.top_scale');
		// Fields of another function are unknown here.
		await ok(submit(sim, vace({ function: 'video_outpainting', video_url: VID }, { strength: 0.5 })));
		assert.deepEqual(sim.stats.unknownFields.map((u) => u.field), ['parameters.strength']);
	});

	it('serves wan2.1-vace-plus in Singapore only, and returns output.video_url with usage', async () => {
		const singapore = await startSimulator({ region: 'ap-southeast-1' });
		try {
			assert.equal((await submit(singapore, { ...vace({ function: 'video_extension', first_frame_url: IMG }), model: 'wan2.1-vace-plus' })).status, 200);
			assert.equal((await submit(singapore, vace({ function: 'video_extension', first_frame_url: IMG }))).status, 404);
		} finally {
			await singapore.close();
		}
		const done = await waitFor(sim, await submitOk(sim, vace({ function: 'video_outpainting', video_url: VID })), ['SUCCEEDED']);
		assert.match(done.output.video_url, /\.mp4/);
		assert.deepEqual(done.usage, { video_count: 1, video_duration: 5 });
		assert.deepEqual(sim.tasks.get(done.output.task_id)?.parameters, { top_scale: 1, bottom_scale: 1, left_scale: 1, right_scale: 1, prompt_extend: true, watermark: false });
	});
});

describe('video style transform', () => {
	it('checks style, fps and short side; returns output.output_video_url and usage duration / SR', async () => {
		const body = (parameters: object) => ({ model: 'video-style-transform', input: { video_url: VID }, parameters });
		await expectError(submit(sim, body({ style: 8 })), 'InvalidParameter', 'parameters.style');
		await expectError(submit(sim, body({ video_fps: 26 })), 'InvalidParameter', 'parameters.video_fps');
		await expectError(submit(sim, body({ min_len: 1080 })), 'InvalidParameter', 'parameters.min_len');
		const done = await waitFor(sim, await submitOk(sim, body({ min_len: 540 })), ['SUCCEEDED']);
		assert.match(done.output.output_video_url, /\.mp4/);
		assert.equal(done.output.video_url, undefined);
		assert.deepEqual(done.usage, { duration: 3, SR: 540 });
	});
});

describe('wan2.7 media items', () => {
	const i2v = (media: object[], parameters: object = {}) => ({ model: 'wan2.7-i2v', input: { media }, parameters });
	it('wan2.7-i2v takes only the documented combinations', async () => {
		await ok(submit(sim, i2v([{ type: 'first_frame', url: IMG }, { type: 'driving_audio', url: 'https://e.com/a.mp3' }])));
		await ok(submit(sim, i2v([{ type: 'first_clip', url: VID }, { type: 'last_frame', url: IMG }], { duration: 15 })));
		await expectError(submit(sim, i2v([{ type: 'last_frame', url: IMG }])), 'InvalidParameter', 'combination');
		await expectError(submit(sim, i2v([{ type: 'first_clip', url: VID }, { type: 'driving_audio', url: 'https://e.com/a.mp3' }])), 'InvalidParameter', 'combination');
		await expectError(submit(sim, i2v([{ type: 'reference_image', url: IMG }])), 'InvalidParameter', 'input.media[0].type');
		await expectError(submit(sim, i2v([{ type: 'first_frame' }])), 'InvalidParameter', 'input.media[0]');
		await expectError(submit(sim, i2v([{ type: 'first_frame', url: IMG }], { duration: 16 })), 'InvalidParameter', 'parameters.duration');
		assert.equal(sim.stats.unknownFields.length, 0);
	});

	it('wan2.7-r2v: 1–5 references; wan2.7-videoedit: exactly one video, duration 0 or 2–10', async () => {
		const r2v = (media: object[]) => ({ model: 'wan2.7-r2v', input: { prompt: 'x', media } });
		await ok(submit(sim, r2v([1, 2, 3, 4, 5].map(() => ({ type: 'reference_image', url: IMG })))));
		await expectError(submit(sim, r2v([1, 2, 3, 4, 5, 6].map(() => ({ type: 'reference_image', url: IMG })))), 'InvalidParameter', 'at most 5');
		await expectError(submit(sim, r2v([{ type: 'first_frame', url: IMG }])), 'InvalidParameter', '1 to 5');
		const edit = (media: object[], parameters: object = {}) => ({ model: 'wan2.7-videoedit', input: { prompt: 'x', media }, parameters });
		await ok(submit(sim, edit([{ type: 'video', url: VID }], { duration: 0 })));
		await expectError(submit(sim, edit([{ type: 'reference_image', url: IMG }])), 'InvalidParameter', 'type video');
		await expectError(submit(sim, edit([{ type: 'video', url: VID }], { duration: 1 })), 'InvalidParameter', 'parameters.duration');
		const done = await waitFor(sim, await submitOk(sim, edit([{ type: 'video', url: VID }], { resolution: '720P', ratio: '9:16' })), ['SUCCEEDED']);
		assert.equal(done.usage.size, '720*1280');
		assert.equal(done.usage.duration, 5);
	});
});
