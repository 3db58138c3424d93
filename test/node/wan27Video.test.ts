/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The wan2.7 video models inside n8n-core against the simulator, as models of their intent operations (Image to
// Video, Reference to Video, Edit Video): input.media[] of typed items, resolution and ratio, the allowed input
// combinations, range edges, the dated snapshots, and the fidelity fixes of issue 21 items 1–4.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { generated, kit, refused } from './kit';
import type { Kit } from './kit';

const FRAME = 'https://example.com/first.png';
const LAST = 'https://example.com/last.png';
const AUDIO = 'https://example.com/voice.mp3';
const CLIP = 'https://example.com/clip.mp4';
const I2V: INodeParameters = { resource: 'video', operation: 'imageToVideo', model: 'wan2.7-i2v', resolution: '720P', duration: 2 };
const R2V: INodeParameters = { resource: 'video', operation: 'referenceToVideo', model: 'wan2.7-r2v', prompt: 'character1 waves' };
const EDIT: INodeParameters = { resource: 'video', operation: 'editVideo', model: 'wan2.7-videoedit', prompt: 'Make it snow', videoUrl: CLIP };
const VOICE_A = 'https://example.com/alice.mp3';
const VOICE_B = 'https://example.com/bob.wav';

const unlimited = Object.fromEntries(
	['wan2.7-i2v', 'wan2.7-i2v-2026-04-25', 'wan2.7-r2v', 'wan2.7-r2v-2026-06-12', 'wan2.7-videoedit', 'wan2.7-t2v-2026-04-25', 'wan2.7-t2v-2026-06-12'].map((m) => [m, { rps: 100, concurrency: 10 }]),
);

describe('wan2.7 video models inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: unlimited });
	});
	afterAll(() => k.close());

	it('wan2.7-i2v: first frame + last frame + driving audio as typed media items', async () => {
		const { body, json } = await generated(k, { ...I2V, prompt: 'She turns', imageUrl: FRAME, lastFrameUrl: LAST, additionalFields: { audioUrl: AUDIO } });
		assert.deepEqual(body, {
			model: 'wan2.7-i2v',
			input: {
				prompt: 'She turns',
				media: [
					{ type: 'first_frame', url: FRAME },
					{ type: 'last_frame', url: LAST },
					{ type: 'driving_audio', url: AUDIO },
				],
			},
			// Prompt Extend and Watermark are additional fields: sent only when chosen.
			parameters: { resolution: '720P', duration: 2 },
		});
		assert.equal((json.usage as Record<string, unknown>).size, '1280*720');
	});

	it('wan2.7-i2v-2026-04-25: a clip to continue, 15 s', async () => {
		const { body } = await generated(k, { ...I2V, model: 'wan2.7-i2v-2026-04-25', firstClipUrl: CLIP, resolution: '1080P', duration: 15 });
		assert.deepEqual(body, {
			model: 'wan2.7-i2v-2026-04-25',
			input: { media: [{ type: 'first_clip', url: CLIP }] },
			parameters: { resolution: '1080P', duration: 15 },
		});
	});

	it('wan2.7-i2v takes prompt_extend and watermark (issue 21 item 4), as the simulator records them', async () => {
		const { body } = await generated(k, { ...I2V, imageUrl: FRAME, additionalFields: { promptExtend: false, watermark: true } });
		assert.deepEqual(body.parameters, { resolution: '720P', duration: 2, prompt_extend: false, watermark: true });
		assert.deepEqual(k.sim.stats.unknownFields.map((u) => u.field), [], 'the simulator documents both');
	});

	it('wan2.7-t2v takes prompt_extend and watermark (issue 21 item 4)', async () => {
		const { body } = await generated(k, {
			resource: 'video',
			operation: 'textToVideo',
			model: 'wan2.7-t2v',
			prompt: 'Rain',
			additionalFields: { promptExtend: false, watermark: true },
		});
		assert.deepEqual(body.parameters, { resolution: '1080P', ratio: '16:9', duration: 5, prompt_extend: false, watermark: true });
		assert.deepEqual(k.sim.stats.unknownFields.map((u) => u.field), [], 'the simulator documents both');
	});

	it('wan2.7-r2v: reference images and videos, first frame, resolution, ratio, 10 s', async () => {
		const { body } = await generated(k, {
			...R2V,
			referenceImageUrls: [FRAME, LAST],
			referenceVideoUrls: [CLIP],
			resolution: '720P',
			ratio: '1:1',
			duration: 10,
			additionalFields: { firstFrameUrl: FRAME },
		});
		assert.deepEqual(body, {
			model: 'wan2.7-r2v',
			input: {
				prompt: 'character1 waves',
				media: [
					{ type: 'reference_image', url: FRAME },
					{ type: 'reference_image', url: LAST },
					{ type: 'reference_video', url: CLIP },
					{ type: 'first_frame', url: FRAME },
				],
			},
			parameters: { resolution: '720P', ratio: '1:1', duration: 10 },
		});
	});

	it('wan2.7-r2v: each voice goes INSIDE the item of its reference (issue 21 item 2)', async () => {
		const { body } = await generated(k, {
			...R2V,
			referenceImageUrls: [FRAME, LAST],
			referenceVideoUrls: [CLIP],
			additionalFields: { referenceImageVoiceUrls: [VOICE_A, VOICE_B], referenceVideoVoiceUrls: [VOICE_A] },
		});
		assert.deepEqual((body.input as Record<string, unknown>).media, [
			{ type: 'reference_image', url: FRAME, reference_voice: VOICE_A },
			{ type: 'reference_image', url: LAST, reference_voice: VOICE_B },
			{ type: 'reference_video', url: CLIP, reference_voice: VOICE_A },
		]);
	});

	it('wan2.7-r2v: a voice for the first reference only leaves the others without one', async () => {
		const { body } = await generated(k, { ...R2V, referenceImageUrls: [FRAME, LAST], additionalFields: { referenceImageVoiceUrls: [VOICE_A] } });
		assert.deepEqual((body.input as Record<string, unknown>).media, [
			{ type: 'reference_image', url: FRAME, reference_voice: VOICE_A },
			{ type: 'reference_image', url: LAST },
		]);
	});

	it('wan2.7-r2v: an empty voice entry leaves its reference without a voice; the next voice goes to the next reference', async () => {
		const { body } = await generated(k, { ...R2V, referenceImageUrls: [FRAME, LAST], additionalFields: { referenceImageVoiceUrls: ['', VOICE_B] } });
		assert.deepEqual((body.input as Record<string, unknown>).media, [
			{ type: 'reference_image', url: FRAME },
			{ type: 'reference_image', url: LAST, reference_voice: VOICE_B },
		]);
	});

	it('wan2.7-r2v-2026-06-12: the snapshot takes the same shape (2 s, defaults 1080P 16:9)', async () => {
		const { body } = await generated(k, { ...R2V, model: 'wan2.7-r2v-2026-06-12', referenceImageUrls: [FRAME], duration: 2 });
		assert.deepEqual(body, {
			model: 'wan2.7-r2v-2026-06-12',
			input: { prompt: 'character1 waves', media: [{ type: 'reference_image', url: FRAME }] },
			parameters: { resolution: '1080P', ratio: '16:9', duration: 2 },
		});
	});

	it('wan2.7-videoedit: one video and reference images, duration 0 = as the input', async () => {
		const { body } = await generated(k, {
			...EDIT,
			referenceImageUrls: [FRAME, LAST, FRAME, LAST],
			promptExtend: false,
			additionalFields: { audioSetting: 'origin', watermark: true },
		});
		assert.deepEqual(body, {
			model: 'wan2.7-videoedit',
			input: {
				prompt: 'Make it snow',
				media: [
					{ type: 'video', url: CLIP },
					{ type: 'reference_image', url: FRAME },
					{ type: 'reference_image', url: LAST },
					{ type: 'reference_image', url: FRAME },
					{ type: 'reference_image', url: LAST },
				],
			},
			// No ratio: the result keeps the input video's (issue 21 item 1).
			parameters: { resolution: '1080P', duration: 0, audio_setting: 'origin', prompt_extend: false, watermark: true },
		});
	});

	it('wan2.7-videoedit: the ratio defaults to the input video\'s own, so none is sent; a chosen one is (issue 21 item 1)', async () => {
		const { body } = await generated(k, EDIT);
		assert.equal('ratio' in (body.parameters as Record<string, unknown>), false);
		const chosen = await generated(k, { ...EDIT, ratio: '9:16', resolution: '720P' });
		assert.equal((chosen.body.parameters as Record<string, unknown>).ratio, '9:16');
		assert.equal((chosen.json.usage as Record<string, unknown>).size, '720*1280');
	});

	it('wan2.7-videoedit: the prompt is optional, a negative prompt is sent in input (issue 21 item 3)', async () => {
		const { body } = await generated(k, { ...EDIT, prompt: '', additionalFields: { negativePrompt: 'blur, text' } });
		assert.deepEqual(body.input, { negative_prompt: 'blur, text', media: [{ type: 'video', url: CLIP }] });
		assert.deepEqual(k.sim.stats.unknownFields.map((u) => u.field), [], 'the simulator documents it');
	});

	it('Dry Run shows the documented bodies: the voice inside its reference item, no ratio for videoedit, nothing sent', async () => {
		k.sim.reset();
		const r2v = await k.run({ ...R2V, referenceImageUrls: [FRAME], additionalFields: { referenceImageVoiceUrls: [VOICE_A] }, options: { dryRun: true } });
		assert.equal(r2v.error, undefined, String(r2v.error));
		const r2vJson = r2v.items[0].json as Record<string, any>;
		assert.equal(r2vJson.endpoint, `${k.sim.apiBaseUrl}/services/aigc/video-generation/video-synthesis`);
		assert.deepEqual(r2vJson.request, {
			model: 'wan2.7-r2v',
			input: { prompt: 'character1 waves', media: [{ type: 'reference_image', url: FRAME, reference_voice: VOICE_A }] },
			parameters: { resolution: '1080P', ratio: '16:9', duration: 5 },
		});
		const edit = await k.run({ ...EDIT, prompt: '', additionalFields: { negativePrompt: 'blur' }, options: { dryRun: true } });
		assert.equal(edit.error, undefined, String(edit.error));
		assert.deepEqual((edit.items[0].json as Record<string, any>).request, {
			model: 'wan2.7-videoedit',
			input: { negative_prompt: 'blur', media: [{ type: 'video', url: CLIP }] },
			parameters: { resolution: '1080P', duration: 0, prompt_extend: true },
		});
		const i2v = await k.run({ ...I2V, imageUrl: FRAME, additionalFields: { promptExtend: false, watermark: true }, options: { dryRun: true } });
		assert.deepEqual((i2v.items[0].json as Record<string, any>).request, {
			model: 'wan2.7-i2v',
			input: { media: [{ type: 'first_frame', url: FRAME }] },
			parameters: { resolution: '720P', duration: 2, prompt_extend: false, watermark: true },
		});
		assert.equal(k.sim.stats.submitRequests + k.sim.stats.syncRequests, 0, 'nothing was sent');
	});

	it('the simulator refuses a reference voice sent as an item of its own (the old shape)', async () => {
		k.sim.reset();
		const response = await fetch(`${k.sim.apiBaseUrl}/services/aigc/video-generation/video-synthesis`, {
			method: 'POST',
			headers: { authorization: `Bearer ${k.sim.key}`, 'content-type': 'application/json', 'X-DashScope-Async': 'enable' },
			body: JSON.stringify({
				model: 'wan2.7-r2v',
				input: { prompt: 'x', media: [{ type: 'reference_image', url: FRAME }, { type: 'reference_voice', url: VOICE_A }] },
				parameters: {},
			}),
		});
		assert.equal(response.status, 400);
		assert.match(JSON.stringify(await response.json()), /reference_voice' is not supported/);
	});

	for (const model of ['wan2.7-t2v-2026-04-25', 'wan2.7-t2v-2026-06-12']) {
		it(`${model}: a dated snapshot of wan2.7-t2v`, async () => {
			const { body } = await generated(k, { resource: 'video', operation: 'textToVideo', model, prompt: 'Rain', resolution: '720P', ratio: '4:3', duration: 15 });
			assert.deepEqual(body, { model, input: { prompt: 'Rain' }, parameters: { resolution: '720P', ratio: '4:3', duration: 15 } });
		});
	}

	const cases: Array<[string, INodeParameters, RegExp]> = [
		['a last frame alone', { ...I2V, lastFrameUrl: LAST }, /^Model wan2\.7-i2v takes .* only in these combinations: .* \(got Last Frame Image URL alone\)$/],
		['a clip with audio', { ...I2V, firstClipUrl: CLIP, additionalFields: { audioUrl: AUDIO } }, /\(got (Audio URL and First Clip URL|First Clip URL and Audio URL)\)$/],
		['a frame and a clip', { ...I2V, imageUrl: FRAME, firstClipUrl: CLIP }, /\(got First Frame Image URL and First Clip URL\)$/],
		['i2v 16 s', { ...I2V, imageUrl: FRAME, duration: 16 }, /Duration \(Seconds\) must be 2 to 15 for model wan2\.7-i2v \(got 16\)/],
		['i2v 1 s', { ...I2V, imageUrl: FRAME, duration: 1 }, /must be 2 to 15/],
		['i2v 480P', { ...I2V, imageUrl: FRAME, resolution: '480P' }, /Resolution must be one of 720P, 1080P for model wan2\.7-i2v/],
		[
			'more voices than reference images',
			{ ...R2V, referenceImageUrls: [FRAME], additionalFields: { referenceImageVoiceUrls: [VOICE_A, VOICE_B] } },
			/Reference Image Voice URLs takes at most one entry per Reference Image URLs entry, in the same order, for model wan2\.7-r2v \(got 2 for 1\)/,
		],
		[
			'a voice for reference videos without any',
			{ ...R2V, referenceImageUrls: [FRAME], additionalFields: { referenceVideoVoiceUrls: [VOICE_A] } },
			/Reference Video Voice URLs takes at most one entry per Reference Video URLs entry.* \(got 1 for 0\)/,
		],
		['a negative prompt over 500 characters', { ...EDIT, additionalFields: { negativePrompt: 'x'.repeat(501) } }, /Negative Prompt must be at most 500 characters, this is 501, for model wan2\.7-videoedit/],
		['six references', { ...R2V, referenceImageUrls: [FRAME, FRAME, FRAME], referenceVideoUrls: [CLIP, CLIP, CLIP] }, /Reference Image URLs and Reference Video URLs take at most 5 files together for model wan2\.7-r2v \(got 6\)/],
		['no reference', { ...R2V }, /Give at least 1 file\(s\) in Reference Image URLs or Reference Video URLs for model wan2\.7-r2v/],
		['r2v 11 s', { ...R2V, referenceImageUrls: [FRAME], duration: 11 }, /must be 2 to 10 for model wan2\.7-r2v \(got 11\)/],
		['r2v ratio 21:9', { ...R2V, referenceImageUrls: [FRAME], ratio: '21:9' }, /Aspect Ratio must be one of 16:9, 9:16, 1:1, 4:3, 3:4/],
		['five reference images to edit with', { ...EDIT, referenceImageUrls: [FRAME, FRAME, FRAME, FRAME, FRAME] }, /Reference Image URLs takes at most 4 files for model wan2\.7-videoedit \(got 5\)/],
		['an edit of 1 s', { ...EDIT, duration: 1 }, /Duration \(Seconds\) must be one of 0, 2, 3, 4, 5, 6, 7, 8, 9, 10 for model wan2\.7-videoedit \(got 1\)/],
		['an edit of 11 s', { ...EDIT, duration: 11 }, /must be one of 0, 2/],
	];
	for (const [name, values, message] of cases) {
		it(`refuses ${name} before paying`, async () => {
			await refused(k, values, message);
		});
	}
});
