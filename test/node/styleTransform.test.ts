/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Video Style Transform inside n8n-core against the simulator: the exact JSON, its own result path
// (output.output_video_url) and the range edges.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { generated, kit, refused } from './kit';
import type { Kit } from './kit';

const BASE: INodeParameters = { resource: 'video', operation: 'styleTransform', model: 'video-style-transform', videoUrl: 'https://example.com/dance.mp4' };

describe('Video Style Transform inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: { 'video-style-transform': { rps: 100, concurrency: 10 } } });
	});
	afterAll(() => k.close());

	it('sends the style and short side, and reads the result from output.output_video_url', async () => {
		const { body, json } = await generated(k, { ...BASE, style: 7, minLen: 540, additionalFields: { videoFps: 25, animateEmotion: false, useSR: true } });
		assert.deepEqual(body, {
			model: 'video-style-transform',
			input: { video_url: 'https://example.com/dance.mp4' },
			parameters: { style: 7, min_len: 540, video_fps: 25, animate_emotion: false, use_SR: true },
		});
		assert.match(String(json.resultUrl), /\/results\/.+\.mp4/);
		assert.deepEqual(json.usage, { duration: 3, SR: 540 });
	});

	it('sends the defaults: style 0 (Japanese manga), 720 px', async () => {
		const { body } = await generated(k, { ...BASE, additionalFields: { videoFps: 15 } });
		assert.deepEqual(body.parameters, { style: 0, min_len: 720, video_fps: 15 });
	});

	for (const [name, values, message] of [
		['14 fps', { additionalFields: { videoFps: 14 } }, /Video FPS must be 15 to 25 for model video-style-transform \(got 14\)/],
		['26 fps', { additionalFields: { videoFps: 26 } }, /Video FPS must be 15 to 25/],
		['a style beyond 7', { style: 8 }, /Style must be one of 0, 1, 2, 3, 4, 5, 6, 7 for model video-style-transform \(got 8\)/],
		['a 1080 px short side', { minLen: 1080 }, /Output Short Side must be one of 720, 540/],
	] as const) {
		it(`refuses ${name} before paying`, async () => {
			await refused(k, { ...BASE, ...values } as INodeParameters, message);
		});
	}
});
