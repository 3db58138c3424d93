/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// General Image Edit (wanx2.1-imageedit) inside n8n-core against the simulator: the exact JSON the service
// receives for each of the ten functions (only that function's parameters), the documented range edges refused
// before paying, binary input checked by its pixels, and the output PNGs.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { personPng } from '../simulator/fixtures';
import { generatedImages, kit, refused } from './kit';
import type { Kit } from './kit';

const MODEL = 'wanx2.1-imageedit';
const BASE: INodeParameters = { resource: 'image', operation: 'generalImageEdit', model: MODEL, prompt: 'Turn it into a French picture book' };
const IMG = 'https://example.com/house.png';
const MASK = 'https://example.com/house-mask.png';

/** What the service receives for one function with only the image, the prompt and the default n. */
const body = (fn: string, parameters: Record<string, unknown> = {}, input: Record<string, unknown> = {}) => ({
	model: MODEL,
	input: { function: fn, prompt: BASE.prompt, base_image_url: IMG, ...input },
	parameters: { n: 1, ...parameters },
});

async function pngItem(width: number, height: number): Promise<INodeExecutionData> {
	return { json: {}, binary: { data: await prepareInputBinary(personPng(width, height), 'photo.png', 'image/png') } };
}

describe('General Image Edit (wanx2.1-imageedit) inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: { [MODEL]: { rps: 100, concurrency: 10 } } });
	});
	afterAll(() => k.close());

	// Every function, with values given for the other functions' fields too: only its own are sent.
	const OTHERS: INodeParameters = { strength: 0.7, topScale: 1.5, bottomScale: 1.5, leftScale: 1.5, rightScale: 1.5, upscaleFactor: 3, isSketch: true, maskImageUrl: MASK };
	const cases: Array<[string, INodeParameters, ReturnType<typeof body>]> = [
		['stylization_all', { strength: 0.7 }, body('stylization_all', { strength: 0.7 })],
		['stylization_local', {}, body('stylization_local')],
		['description_edit', { strength: 0 }, body('description_edit', { strength: 0 })],
		['description_edit_with_mask', { maskImageUrl: MASK }, body('description_edit_with_mask', {}, { mask_image_url: MASK })],
		['remove_watermark', {}, body('remove_watermark')],
		['expand', { topScale: 1, bottomScale: 2, leftScale: 1.5, rightScale: 1.25 }, body('expand', { top_scale: 1, bottom_scale: 2, left_scale: 1.5, right_scale: 1.25 })],
		['super_resolution', { upscaleFactor: 4 }, body('super_resolution', { upscale_factor: 4 })],
		['colorization', {}, body('colorization')],
		['doodle', { isSketch: true }, body('doodle', { is_sketch: true })],
		['control_cartoon_feature', {}, body('control_cartoon_feature')],
	];
	for (const [fn, own, expected] of cases) {
		it(`${fn}: only its own fields are sent, one PNG back`, async () => {
			const { body: sent, json, sizes } = await generatedImages(k, { ...BASE, ...OTHERS, function: fn, baseImageUrl: IMG, ...own });
			assert.deepEqual(sent, expected);
			assert.equal(json.model, MODEL);
			assert.equal(sizes.length, 1);
			assert.deepEqual(json.usage, { image_count: 1 });
		});
	}

	it('the defaults of each function: strength 0.5, scales 1, upscale 1, not a sketch', async () => {
		const defaults: Array<[string, Record<string, unknown>]> = [
			['stylization_all', { strength: 0.5 }],
			['description_edit', { strength: 0.5 }],
			['expand', { top_scale: 1, bottom_scale: 1, left_scale: 1, right_scale: 1 }],
			['super_resolution', { upscale_factor: 1 }],
			['doodle', { is_sketch: false }],
		];
		for (const [fn, parameters] of defaults) {
			const { body: sent } = await generatedImages(k, { ...BASE, function: fn, baseImageUrl: IMG });
			assert.deepEqual(sent, body(fn, parameters), fn);
		}
	});

	it('the upper edges, four images, seed and watermark', async () => {
		const { body: sent, sizes } = await generatedImages(k, {
			...BASE,
			function: 'stylization_all',
			baseImageUrl: IMG,
			strength: 1,
			numberOfImages: 4,
			additionalFields: { seed: 2147483647, watermark: true },
		});
		assert.deepEqual(sent, body('stylization_all', { strength: 1, n: 4, seed: 2147483647, watermark: true }));
		assert.equal(sizes.length, 4);
	});

	it('a binary image is uploaded; super resolution doubles each side of it', async () => {
		const { body: sent, sizes } = await generatedImages(
			k,
			{ ...BASE, function: 'super_resolution', baseImageSource: 'binary', baseImageBinaryProperty: 'data', upscaleFactor: 2 },
			{ inputItems: [await pngItem(600, 800)] },
		);
		assert.match(String((sent.input as Record<string, unknown>).base_image_url), /^oss:\/\/.+\.png$/);
		assert.deepEqual(sizes, [[1200, 1600]]);
	});

	it('expand grows each side of the binary image by its scale', async () => {
		const { sizes } = await generatedImages(
			k,
			{ ...BASE, function: 'expand', baseImageSource: 'binary', baseImageBinaryProperty: 'data', leftScale: 1.5, rightScale: 1.5, topScale: 1, bottomScale: 1.25 },
			{ inputItems: [await pngItem(600, 800)] },
		);
		assert.deepEqual(sizes, [[1200, 1000]]);
	});

	it('refuses a binary image under 512 px by its bytes before uploading anything', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...BASE, function: 'colorization', baseImageSource: 'binary', baseImageBinaryProperty: 'data' },
			{ inputItems: [await pngItem(511, 800)] },
		);
		assert.match(String(result.error?.message), /wanx2\.1-imageedit/);
		assert.match(String(result.error?.message), /512/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('refuses outside China (Beijing) before any request', async () => {
		k.sim.reset();
		const result = await k.run({ ...BASE, function: 'colorization', baseImageUrl: IMG }, { region: 'ap-southeast-1' });
		assert.match(String(result.error?.message), /Model wanx2\.1-imageedit is not offered in/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	const refusals: Array<[string, INodeParameters, RegExp]> = [
		['a strength below 0', { function: 'stylization_all', strength: -0.01 }, /Strength must be 0 to 1 for model wanx2\.1-imageedit \(got -0\.01\)/],
		['a strength above 1', { function: 'description_edit', strength: 1.01 }, /Strength must be 0 to 1 for model wanx2\.1-imageedit \(got 1\.01\)/],
		['a scale below 1', { function: 'expand', leftScale: 0.99 }, /Left Scale must be 1 to 2 for model wanx2\.1-imageedit \(got 0\.99\)/],
		['a scale above 2', { function: 'expand', bottomScale: 2.01 }, /Bottom Scale must be 1 to 2 for model wanx2\.1-imageedit \(got 2\.01\)/],
		['an upscale factor of 5', { function: 'super_resolution', upscaleFactor: 5 }, /Upscale Factor must be 1 to 4 for model wanx2\.1-imageedit \(got 5\)/],
		['an upscale factor of 0', { function: 'super_resolution', upscaleFactor: 0 }, /Upscale Factor must be 1 to 4/],
		['five images', { function: 'colorization', numberOfImages: 5 }, /Number of Images must be 1 to 4 for model wanx2\.1-imageedit \(got 5\)/],
		['an 801-character prompt', { function: 'colorization', prompt: 'x'.repeat(801) }, /Prompt must be at most 800 characters, this is 801/],
		// n8n itself refuses a required parameter left empty (the node would say "… is required").
		['a masked edit without a mask', { function: 'description_edit_with_mask' }, /workflow has issues|Mask Image URL is required/],
	];
	for (const [name, values, message] of refusals) {
		it(`refuses ${name} before paying`, async () => {
			await refused(k, { ...BASE, baseImageUrl: IMG, ...values }, message);
		});
	}
});
