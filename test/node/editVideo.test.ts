/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Edit Video (VACE, wanx2.1-vace-plus) inside n8n-core against the simulator: the exact JSON the service
// receives for each of the five functions, and the documented range edges, refused before paying.
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';

import type { INodeParameters } from 'n8n-workflow';

import { generated, kit, refused } from './kit';
import type { Kit } from './kit';

const BASE: INodeParameters = { resource: 'video', operation: 'editVideo', model: 'wanx2.1-vace-plus', prompt: 'A cat in a garden' };
const IMG = 'https://example.com/cat.png';
const BG = 'https://example.com/garden.png';
const VID = 'https://example.com/source.mp4';

describe('Edit Video (VACE) inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: { 'wanx2.1-vace-plus': { rps: 100, concurrency: 10 } } });
	});
	afterAll(() => k.close());

	it('image reference: reference images with one role each, size', async () => {
		const { body, json } = await generated(k, { ...BASE, function: 'image_reference', refImageUrls: [IMG, BG], objOrBg: 'obj, bg', size: '960*960' });
		assert.deepEqual(body, {
			model: 'wanx2.1-vace-plus',
			input: { function: 'image_reference', prompt: 'A cat in a garden', ref_images_url: [IMG, BG] },
			parameters: { obj_or_bg: ['obj', 'bg'], size: '960*960', prompt_extend: true },
		});
		assert.deepEqual(json.usage, { video_count: 1, video_duration: 5 });
	});

	it('video repainting: control condition and strength, prompt extension off by default', async () => {
		const { body } = await generated(k, { ...BASE, function: 'video_repainting', videoUrl: VID, controlCondition: 'posebody', strength: 0.35 });
		assert.deepEqual(body, {
			model: 'wanx2.1-vace-plus',
			input: { function: 'video_repainting', prompt: 'A cat in a garden', video_url: VID },
			parameters: { control_condition: 'posebody', strength: 0.35, prompt_extend: false },
		});
	});

	it('local edit: mask image, mask type, expand ratio and mode (tracking only)', async () => {
		const mask = 'https://example.com/mask.png';
		const tracking = await generated(k, {
			...BASE,
			function: 'video_edit',
			videoUrl: VID,
			maskImageUrl: mask,
			maskType: 'tracking',
			additionalFields: { expandRatio: 0.2, expandMode: 'bbox', maskFrameId: 1, seed: 7 },
		});
		assert.deepEqual(tracking.body, {
			model: 'wanx2.1-vace-plus',
			input: { function: 'video_edit', prompt: 'A cat in a garden', video_url: VID, mask_image_url: mask, mask_frame_id: 1 },
			parameters: { mask_type: 'tracking', expand_ratio: 0.2, expand_mode: 'bbox', size: '1280*720', prompt_extend: true, seed: 7 },
		});
		const fixed = await generated(k, {
			...BASE,
			function: 'video_edit',
			videoUrl: VID,
			maskVideoUrl: 'https://example.com/mask.mp4',
			maskType: 'fixed',
			additionalFields: { expandRatio: 0.2 },
		});
		assert.deepEqual(fixed.body.parameters, { mask_type: 'fixed', size: '1280*720', prompt_extend: true }, 'expand ratio is for tracking masks only');
	});

	it('video extension: a first clip and a last frame', async () => {
		const { body } = await generated(k, {
			...BASE,
			function: 'video_extension',
			firstClipUrl: 'https://example.com/clip.mp4',
			lastFrameUrl: 'https://example.com/end.png',
		});
		assert.deepEqual(body, {
			model: 'wanx2.1-vace-plus',
			input: { function: 'video_extension', prompt: 'A cat in a garden', first_clip_url: 'https://example.com/clip.mp4', last_frame_url: 'https://example.com/end.png' },
			parameters: { prompt_extend: true },
		});
	});

	it('video outpainting: four scale factors at their edges', async () => {
		const { body } = await generated(k, { ...BASE, function: 'video_outpainting', videoUrl: VID, topScale: 1, bottomScale: 2, leftScale: 1.5, rightScale: 1.25 });
		assert.deepEqual(body, {
			model: 'wanx2.1-vace-plus',
			input: { function: 'video_outpainting', prompt: 'A cat in a garden', video_url: VID },
			parameters: { top_scale: 1, bottom_scale: 2, left_scale: 1.5, right_scale: 1.25, prompt_extend: true },
		});
	});

	const cases: Array<[string, INodeParameters, RegExp]> = [
		['roles that do not match the images', { function: 'image_reference', refImageUrls: [IMG, BG], objOrBg: 'obj' }, /Reference Roles needs one entry per Reference Image URLs entry for model wanx2\.1-vace-plus \(got 1 for 2\)/],
		['two backgrounds', { function: 'image_reference', refImageUrls: [IMG, BG], objOrBg: 'bg, bg' }, /Reference Roles may name "bg" at most 1 time\(s\)/],
		['a fourth reference image', { function: 'image_reference', refImageUrls: [IMG, IMG, IMG, IMG], objOrBg: 'obj, obj, obj, obj' }, /Reference Image URLs takes at most 3 files for model wanx2\.1-vace-plus \(got 4\)/],
		['a size it does not make', { function: 'image_reference', refImageUrls: [IMG], objOrBg: 'obj', size: '1920*1080' }, /Size must be one of 1280\*720, 720\*1280, 960\*960, 832\*1088, 1088\*832 for model wanx2\.1-vace-plus/],
		['a strength above 1', { function: 'video_repainting', videoUrl: VID, controlCondition: 'depth', strength: 1.01 }, /Strength must be 0 to 1 for model wanx2\.1-vace-plus \(got 1\.01\)/],
		// n8n itself refuses a required parameter left empty (the node would say "Video URL is required").
		['repainting without a video', { function: 'video_repainting', controlCondition: 'depth' }, /workflow has issues|Video URL is required/],
		['two masks', { function: 'video_edit', videoUrl: VID, maskImageUrl: IMG, maskVideoUrl: VID }, /Give only one of Mask Image URL or Mask Video URL for model wanx2\.1-vace-plus/],
		['no mask', { function: 'video_edit', videoUrl: VID }, /Give one of Mask Image URL or Mask Video URL for model wanx2\.1-vace-plus/],
		['an extension without a clip or frame', { function: 'video_extension' }, /Give one of First Clip URL, Last Clip URL, First Frame URL or Last Frame URL/],
		['a scale below 1', { function: 'video_outpainting', videoUrl: VID, leftScale: 0.9 }, /Left Scale must be 1 to 2 for model wanx2\.1-vace-plus \(got 0\.9\)/],
		['a scale above 2', { function: 'video_outpainting', videoUrl: VID, topScale: 2.01 }, /Top Scale must be 1 to 2/],
		['an 801-character prompt', { function: 'video_outpainting', videoUrl: VID, prompt: 'x'.repeat(801) }, /Prompt must be at most 800 characters, this is 801/],
	];
	for (const [name, values, message] of cases) {
		it(`refuses ${name} before paying`, async () => {
			await refused(k, { ...BASE, ...values }, message);
		});
	}
});
