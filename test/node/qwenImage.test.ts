/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Qwen-Image text to image (qwen-image-plus, qwen-image, api-gaps.md §1.3) inside n8n-core against the simulator:
// the synchronous messages call while waiting, the legacy task call otherwise; the exact JSON the service receives,
// the five fixed sizes, n fixed at 1, the documented edges refused before paying.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { generatedImages, kit, refused } from './kit';
import type { Kit } from './kit';

const BASE: INodeParameters = { resource: 'image', operation: 'textToImage', prompt: 'A tea shop poster that reads "Open Daily"' };

describe('Qwen-Image text to image inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: { 'qwen-image-plus': { rps: 100, concurrency: 10 }, 'qwen-image': { rps: 100, concurrency: 10 } } });
	});
	afterAll(() => k.close());

	for (const model of ['qwen-image-plus', 'qwen-image']) {
		it(`${model}: the defaults — 1664*928, one image, one synchronous messages call while waiting`, async () => {
			const { body, json, sizes } = await generatedImages(k, { ...BASE, model });
			assert.deepEqual(body, {
				model,
				input: { messages: [{ role: 'user', content: [{ text: BASE.prompt }] }] },
				parameters: { size: '1664*928', n: 1 },
			});
			assert.equal(k.sim.stats.syncGenerations[0].path, '/api/v1/services/aigc/multimodal-generation/generation');
			assert.equal(k.sim.stats.submitRequests, 0);
			assert.equal(json.model, model);
			assert.deepEqual(sizes, [[1664, 928]]);
			assert.deepEqual(json.usage, { image_count: 1, width: 1664, height: 928 });
		});

		it(`${model}: without waiting, the legacy task call (flat body, text2image path)`, async () => {
			k.sim.reset();
			const submitted = await k.run({ ...BASE, model, options: { waitForCompletion: false } });
			assert.equal(submitted.error, undefined, String(submitted.error));
			const [submission] = k.sim.stats.submissions;
			assert.equal(submission.path, '/api/v1/services/aigc/text2image/image-synthesis');
			assert.deepEqual(submission.body, { model, input: { prompt: BASE.prompt }, parameters: { size: '1664*928', n: 1 } });
			const waited = await k.run({ resource: 'task', operation: 'wait', taskId: String(submitted.items[0].json.taskId) });
			assert.equal(waited.error, undefined, String(waited.error));
			assert.deepEqual(waited.items[0].json.usage, { image_count: 1 });
			assert.ok(waited.items[0].binary?.data);
		});
	}

	it('every fixed size makes an image of that size', async () => {
		for (const size of ['1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664']) {
			const { body, sizes } = await generatedImages(k, { ...BASE, model: 'qwen-image-plus', size });
			assert.equal((body.parameters as Record<string, unknown>).size, size);
			assert.deepEqual(sizes, [size.split('*').map(Number)]);
		}
	});

	it('negative prompt, prompt extension off, watermark and the largest seed, a 800-character prompt', async () => {
		const prompt = 'x'.repeat(800);
		const { body } = await generatedImages(k, {
			...BASE,
			model: 'qwen-image',
			prompt,
			size: '1328*1328',
			additionalFields: { negativePrompt: 'blurry text', promptExtend: false, watermark: true, seed: 2147483647 },
		});
		assert.deepEqual(body, {
			model: 'qwen-image',
			input: { messages: [{ role: 'user', content: [{ text: prompt }] }] },
			parameters: { size: '1328*1328', n: 1, negative_prompt: 'blurry text', prompt_extend: false, watermark: true, seed: 2147483647 },
		});
	});

	it('runs in Singapore too, under the same name', async () => {
		k.sim.reset();
		const result = await k.run({ ...BASE, model: 'qwen-image-plus' }, { region: 'ap-southeast-1' });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.syncGenerations[0].body.model, 'qwen-image-plus');
	});

	const cases: Array<[string, INodeParameters, RegExp]> = [
		['two images', { model: 'qwen-image-plus', numberOfImages: 2 }, /Number of Images must be 1 to 1 for model qwen-image-plus \(got 2\)/],
		['a Wan size', { model: 'qwen-image', size: '1024*1024' }, /Size must be one of 1664\*928, 1472\*1104, 1328\*1328, 1104\*1472, 928\*1664 for model qwen-image/],
		['an 801-character prompt', { model: 'qwen-image', prompt: 'x'.repeat(801) }, /Prompt must be at most 800 characters, this is 801/],
		['a 501-character negative prompt', { model: 'qwen-image-plus', additionalFields: { negativePrompt: 'x'.repeat(501) } }, /Negative Prompt must be at most 500 characters/],
	];
	for (const [name, values, message] of cases) {
		it(`refuses ${name} before paying`, async () => {
			await refused(k, { ...BASE, ...values }, message);
		});
	}
});
