/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Image tools A inside n8n-core against the simulator: Portrait Style Repaint (wanx-style-repaint-v1), Background
// Generation (wanx-background-generation-v2), Image Out-Painting (image-out-painting), Image Erase & Completion
// (image-erase-completion) and X-Painting (wanx-x-painting). The exact JSON each service receives, the documented
// range edges refused before paying, binary inputs checked by their bytes, output images that decode (JPEG for
// style repaint), and China (Beijing) only: a Singapore credential is refused before any request.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { personPng } from '../simulator/fixtures';
import { sceneJpeg } from '../simulator/jpeg';
import { generatedImages, kit, refused } from './kit';
import type { Kit } from './kit';

const IMG = 'https://example.com/photo.png';
const MASK = 'https://example.com/mask.png';
const REF = 'https://example.com/style.jpg';

const REPAINT: INodeParameters = { resource: 'image', operation: 'styleRepaint', model: 'wanx-style-repaint-v1' };
const BACKGROUND: INodeParameters = { resource: 'image', operation: 'backgroundGeneration', model: 'wanx-background-generation-v2' };
const OUT_PAINTING: INodeParameters = { resource: 'image', operation: 'outPainting', model: 'image-out-painting' };
const ERASE: INodeParameters = { resource: 'image', operation: 'eraseCompletion', model: 'image-erase-completion' };
const X_PAINTING: INodeParameters = { resource: 'image', operation: 'xPainting', model: 'wanx-x-painting', prompt: 'a dog wearing red glasses' };

async function binaryItem(bytes: Buffer, name: string, mime: string, property = 'data'): Promise<INodeExecutionData> {
	return { json: {}, binary: { [property]: await prepareInputBinary(bytes, name, mime) } };
}
const pngItem = (width: number, height: number) => binaryItem(personPng(width, height), 'photo.png', 'image/png');

describe('image tools A inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		const fast = { rps: 100, concurrency: 10 };
		k = await kit({
			limits: {
				'wanx-style-repaint-v1': fast,
				'wanx-background-generation-v2': fast,
				'image-out-painting': fast,
				'image-erase-completion': fast,
				'wanx-x-painting': fast,
			},
		});
	});
	afterAll(() => k.close());

	describe('Portrait Style Repaint', () => {
		it('a preset: the photo and the index only, one JPEG with the short side at 1536 px', async () => {
			k.sim.reset();
			const result = await k.run({ ...REPAINT, imageUrl: IMG, styleIndex: 3 });
			assert.equal(result.error, undefined, String(result.error));
			const [submission] = k.sim.stats.submissions;
			assert.equal(submission.path, '/api/v1/services/aigc/image-generation/generation');
			assert.deepEqual(submission.body, { model: 'wanx-style-repaint-v1', input: { image_url: IMG, style_index: 3 }, parameters: {} });
			const [item] = result.items;
			assert.equal(item.binary?.data?.mimeType, 'image/jpeg');
			assert.equal(item.binary?.data?.fileExtension, 'jpg');
			assert.match(String(item.json.resultUrl), /\/results\/[^/]+-1\.jpg\?/);
			const { sizes } = await generatedImages(k, { ...REPAINT, imageUrl: IMG, styleIndex: 3 });
			assert.deepEqual(sizes, [[1536, 2048]]);
		});

		it('the default preset is 0; a reference given with a preset is not sent', async () => {
			const { body } = await generatedImages(k, { ...REPAINT, imageUrl: IMG, styleRefUrl: REF });
			assert.deepEqual(body, { model: 'wanx-style-repaint-v1', input: { image_url: IMG, style_index: 0 }, parameters: {} });
		});

		it('a custom style: index -1 with the reference image', async () => {
			const { body, json } = await generatedImages(k, { ...REPAINT, imageUrl: IMG, styleIndex: -1, styleRefUrl: REF });
			assert.deepEqual(body, { model: 'wanx-style-repaint-v1', input: { image_url: IMG, style_index: -1, style_ref_url: REF }, parameters: {} });
			assert.deepEqual(json.usage, { image_count: 1 });
		});

		it('index -1 without a reference is refused before any request', async () => {
			await refused(
				k,
				{ ...REPAINT, imageUrl: IMG, styleIndex: -1 },
				/Style Reference Image URL is required for model wanx-style-repaint-v1 when Style Index is -1/,
			);
		});

		it('a binary photo is uploaded; the JPEG keeps its aspect ratio', async () => {
			const { body, sizes } = await generatedImages(
				k,
				{ ...REPAINT, imageSource: 'binary', imageBinaryProperty: 'data', styleIndex: 1 },
				{ inputItems: [await pngItem(320, 480)] },
			);
			assert.match(String((body.input as Record<string, unknown>).image_url), /^oss:\/\/.+\.png$/);
			assert.deepEqual(sizes, [[1536, 2304]]);
		});

		it('refuses a binary photo longer than twice its width, and one under 256 px, before uploading', async () => {
			for (const [width, height, message] of [
				[256, 513, /wanx-style-repaint-v1/],
				[255, 400, /256/],
			] as const) {
				k.sim.reset();
				const result = await k.run({ ...REPAINT, imageSource: 'binary', imageBinaryProperty: 'data', styleIndex: 1 }, { inputItems: [await pngItem(width, height)] });
				assert.match(String(result.error?.message), message, `${width}×${height}`);
				assert.equal(k.sim.stats.requests.length, 0);
			}
		});

		it('refuses a style index below -1 before paying', async () => {
			await refused(k, { ...REPAINT, imageUrl: IMG, styleIndex: -2 }, /Style Index must be -1 to … for model wanx-style-repaint-v1 \(got -2\)/);
		});
	});

	describe('Background Generation', () => {
		it('a text-guided background: the cut-out, the prompt, v2 and one image by default, at the trailing-slash path', async () => {
			const { body, sizes } = await generatedImages(k, { ...BACKGROUND, baseImageUrl: IMG, prompt: 'mountains at sunset' });
			assert.equal(k.sim.stats.submissions[0].path, '/api/v1/services/aigc/background-generation/generation/');
			assert.deepEqual(body, {
				model: 'wanx-background-generation-v2',
				input: { base_image_url: IMG, ref_prompt: 'mountains at sunset' },
				parameters: { model_version: 'v2', n: 1 },
			});
			assert.equal(sizes.length, 1);
		});

		it('text, image and edge guidance together, with the range edges of noise level and prompt weight', async () => {
			const edge = (name: string) => `https://example.com/${name}.png`;
			for (const [noiseLevel, promptWeight] of [
				[0, 0],
				[999, 1],
			]) {
				const { body, sizes } = await generatedImages(k, {
					...BACKGROUND,
					baseImageUrl: IMG,
					prompt: 'mountains',
					refImageUrl: REF,
					modelVersion: 'v3',
					numberOfImages: 2,
					additionalFields: { noiseLevel, promptWeight, foregroundEdgeUrls: [edge('peach'), edge('dog')], backgroundEdgeUrls: [edge('leaves')] },
				});
				assert.deepEqual(body, {
					model: 'wanx-background-generation-v2',
					input: {
						base_image_url: IMG,
						ref_prompt: 'mountains',
						ref_image_url: REF,
						reference_edge: { foreground_edge: [edge('peach'), edge('dog')], background_edge: [edge('leaves')] },
					},
					parameters: { model_version: 'v3', n: 2, noise_level: noiseLevel, ref_prompt_weight: promptWeight },
				});
				assert.equal(sizes.length, 2);
			}
		});

		it('edge prompts: one per layer, an empty entry sent as "" placeholder; a count mismatch is refused before paying', async () => {
			const edge = (name: string) => `https://example.com/${name}.png`;
			const { body } = await generatedImages(k, {
				...BACKGROUND,
				baseImageUrl: IMG,
				prompt: 'mountains',
				additionalFields: {
					foregroundEdgeUrls: [edge('peach'), edge('dog')],
					foregroundEdgePrompts: ['a ripe peach', ''],
					backgroundEdgeUrls: [edge('leaves')],
					backgroundEdgePrompts: [''],
				},
			});
			assert.deepEqual((body.input as Record<string, unknown>).reference_edge, {
				foreground_edge: [edge('peach'), edge('dog')],
				foreground_edge_prompt: ['a ripe peach', ''],
				background_edge: [edge('leaves')],
				background_edge_prompt: [''],
			});
			await refused(
				k,
				{ ...BACKGROUND, baseImageUrl: IMG, additionalFields: { foregroundEdgeUrls: [edge('peach'), edge('dog')], foregroundEdgePrompts: ['a ripe peach'] } },
				/Foreground Edge Prompts needs one entry per Foreground Edge Image URLs entry for model wanx-background-generation-v2 \(got 1 for 2\)/,
			);
		});

		it('a binary cut-out is uploaded; the result has its resolution', async () => {
			const { body, sizes } = await generatedImages(
				k,
				{ ...BACKGROUND, baseImageSource: 'binary', baseImageBinaryProperty: 'data', prompt: 'a marble table' },
				{ inputItems: [await pngItem(600, 700)] },
			);
			assert.match(String((body.input as Record<string, unknown>).base_image_url), /^oss:\/\/.+\.png$/);
			assert.deepEqual(sizes, [[600, 700]]);
		});

		it('refuses a JPEG cut-out (no alpha channel) before uploading', async () => {
			k.sim.reset();
			const result = await k.run(
				{ ...BACKGROUND, baseImageSource: 'binary', baseImageBinaryProperty: 'data', prompt: 'a marble table' },
				{ inputItems: [await binaryItem(sceneJpeg(64, 64), 'cut.jpg', 'image/jpeg')] },
			);
			assert.match(String(result.error?.message), /accepts PNG or WEBP/);
			assert.equal(k.sim.stats.requests.length, 0);
		});

		const refusals: Array<[string, INodeParameters, RegExp]> = [
			['a noise level below 0', { additionalFields: { noiseLevel: -1 } }, /Noise Level must be 0 to 999 for model wanx-background-generation-v2 \(got -1\)/],
			['a noise level above 999', { additionalFields: { noiseLevel: 1000 } }, /Noise Level must be 0 to 999 .*\(got 1000\)/],
			['a prompt weight below 0', { additionalFields: { promptWeight: -0.01 } }, /Prompt Weight must be 0 to 1 .*\(got -0\.01\)/],
			['a prompt weight above 1', { additionalFields: { promptWeight: 1.01 } }, /Prompt Weight must be 0 to 1 .*\(got 1\.01\)/],
			['zero images', { numberOfImages: 0 }, /Number of Images must be 1 to … .*\(got 0\)/],
			['a model version v4', { modelVersion: 'v4' }, /Model Version must be one of v2, v3/],
		];
		for (const [name, values, message] of refusals) {
			it(`refuses ${name} before paying`, async () => {
				await refused(k, { ...BACKGROUND, baseImageUrl: IMG, prompt: 'mountains', ...values }, message);
			});
		}
	});

	describe('Image Out-Painting', () => {
		it('only the expansion added is sent; the result comes from output_image_url', async () => {
			const { body, json, sizes } = await generatedImages(k, { ...OUT_PAINTING, imageUrl: IMG, additionalFields: { outputRatio: '4:3' } });
			assert.equal(k.sim.stats.submissions[0].path, '/api/v1/services/aigc/image2image/out-painting');
			assert.deepEqual(body, { model: 'image-out-painting', input: { image_url: IMG }, parameters: { output_ratio: '4:3' } });
			assert.match(String(json.resultUrl), /\/results\/[^/]+-1\.png\?/);
			assert.deepEqual(sizes, [[1365, 1024]]);
		});

		it('rotate and scale (the documented example), and the lower edges 1.0 and 0 px', async () => {
			const rotated = await generatedImages(k, { ...OUT_PAINTING, imageUrl: IMG, additionalFields: { angle: 90, xScale: 1.5, yScale: 1.5 } });
			assert.deepEqual(rotated.body.parameters, { angle: 90, x_scale: 1.5, y_scale: 1.5 });
			const edges = await generatedImages(k, {
				...OUT_PAINTING,
				imageUrl: IMG,
				additionalFields: { xScale: 1, yScale: 1, leftOffset: 0, rightOffset: 0, topOffset: 0, bottomOffset: 0 },
			});
			assert.deepEqual(edges.body.parameters, { x_scale: 1, y_scale: 1, left_offset: 0, right_offset: 0, top_offset: 0, bottom_offset: 0 });
		});

		it('offsets grow a binary image by their pixels', async () => {
			const { body, sizes } = await generatedImages(
				k,
				{ ...OUT_PAINTING, imageSource: 'binary', imageBinaryProperty: 'data', additionalFields: { leftOffset: 100, rightOffset: 300, bottomOffset: 200 } },
				{ inputItems: [await pngItem(600, 800)] },
			);
			assert.match(String((body.input as Record<string, unknown>).image_url), /^oss:\/\/.+\.png$/);
			assert.deepEqual(body.parameters, { left_offset: 100, right_offset: 300, bottom_offset: 200 });
			assert.deepEqual(sizes, [[1000, 1000]]);
		});

		const refusals: Array<[string, INodeParameters, RegExp]> = [
			['no way to extend', {}, /Give one of Rotation Angle, Horizontal Scale, .* or Bottom Offset for model image-out-painting/],
			['a horizontal scale below 1', { additionalFields: { xScale: 0.99 } }, /Horizontal Scale must be 1 to … for model image-out-painting \(got 0\.99\)/],
			['a vertical scale below 1', { additionalFields: { yScale: 0.5 } }, /Vertical Scale must be 1 to … .*\(got 0\.5\)/],
			['a negative offset', { additionalFields: { topOffset: -1 } }, /Top Offset must be 0 to … .*\(got -1\)/],
		];
		for (const [name, values, message] of refusals) {
			it(`refuses ${name} before paying`, async () => {
				await refused(k, { ...OUT_PAINTING, imageUrl: IMG, ...values }, message);
			});
		}
	});

	describe('Image Erase & Completion', () => {
		it('the image and the erase mask only; no prompt, no parameters unless added', async () => {
			const { body, sizes } = await generatedImages(k, { ...ERASE, imageUrl: IMG, maskImageUrl: MASK });
			const [submission] = k.sim.stats.submissions;
			assert.equal(submission.path, '/api/v1/services/aigc/image2image/image-synthesis');
			// The documented request's own header, next to the async one; no other family sends it.
			assert.equal(submission.headers['x-dashscope-datainspection'], 'enable');
			assert.equal(submission.headers['x-dashscope-async'], 'enable');
			assert.deepEqual(body, { model: 'image-erase-completion', input: { image_url: IMG, mask_url: MASK }, parameters: {} });
			assert.equal(sizes.length, 1);
		});

		it('with a keep mask, dilation and fast mode', async () => {
			const keep = 'https://example.com/keep.png';
			const { body } = await generatedImages(k, { ...ERASE, imageUrl: IMG, maskImageUrl: MASK, foregroundImageUrl: keep, additionalFields: { dilateFlag: true, fastMode: true } });
			assert.deepEqual(body, {
				model: 'image-erase-completion',
				input: { image_url: IMG, mask_url: MASK, foreground_url: keep },
				parameters: { dilate_flag: true, fast_mode: true },
			});
		});

		it('binary image and mask are uploaded; the result has the image size', async () => {
			const photo = await pngItem(600, 800);
			photo.binary!.mask = (await pngItem(600, 800)).binary!.data;
			const { body, sizes } = await generatedImages(
				k,
				{ ...ERASE, imageSource: 'binary', imageBinaryProperty: 'data', maskImageSource: 'binary', maskImageBinaryProperty: 'mask' },
				{ inputItems: [photo] },
			);
			const input = body.input as Record<string, unknown>;
			assert.match(String(input.image_url), /^oss:\/\//);
			assert.match(String(input.mask_url), /^oss:\/\//);
			assert.deepEqual(sizes, [[600, 800]]);
		});

		it('refuses a binary image under 512 px before uploading', async () => {
			k.sim.reset();
			const result = await k.run({ ...ERASE, imageSource: 'binary', imageBinaryProperty: 'data', maskImageUrl: MASK }, { inputItems: [await pngItem(511, 800)] });
			assert.match(String(result.error?.message), /512/);
			assert.equal(k.sim.stats.requests.length, 0);
		});

		it('refuses a missing mask before paying', async () => {
			await refused(k, { ...ERASE, imageUrl: IMG }, /workflow has issues|Mask Image URL is required/);
		});
	});

	describe('X-Painting', () => {
		it('prompt, image and mask, one image by default; no size is sent', async () => {
			const { body, sizes } = await generatedImages(k, { ...X_PAINTING, baseImageUrl: IMG, maskImageUrl: MASK });
			assert.equal(k.sim.stats.submissions[0].path, '/api/v1/services/aigc/image2image/image-synthesis');
			assert.equal(k.sim.stats.submissions[0].headers['x-dashscope-datainspection'], undefined, 'only erase & completion documents it');
			assert.deepEqual(body, {
				model: 'wanx-x-painting',
				input: { prompt: 'a dog wearing red glasses', base_image_url: IMG, mask_image_url: MASK },
				parameters: { n: 1 },
			});
			assert.equal(sizes.length, 1);
		});

		it('three images arrive in one item', async () => {
			const { body, sizes } = await generatedImages(k, { ...X_PAINTING, baseImageUrl: IMG, maskImageUrl: MASK, numberOfImages: 3 });
			assert.deepEqual(body.parameters, { n: 3 });
			assert.equal(sizes.length, 3);
		});

		it('refuses a binary image of 256 px (more than 256 is asked for) before uploading', async () => {
			k.sim.reset();
			const result = await k.run({ ...X_PAINTING, baseImageSource: 'binary', baseImageBinaryProperty: 'data', maskImageUrl: MASK }, { inputItems: [await pngItem(256, 400)] });
			assert.match(String(result.error?.message), /257/);
			assert.equal(k.sim.stats.requests.length, 0);
		});

		it('refuses zero images and a missing prompt before paying', async () => {
			await refused(k, { ...X_PAINTING, baseImageUrl: IMG, maskImageUrl: MASK, numberOfImages: 0 }, /Number of Images must be 1 to … .*\(got 0\)/);
			await refused(k, { ...X_PAINTING, prompt: '', baseImageUrl: IMG, maskImageUrl: MASK }, /workflow has issues|Prompt is required/);
		});
	});

	const families: Array<[string, INodeParameters]> = [
		['wanx-style-repaint-v1', { ...REPAINT, imageUrl: IMG, styleIndex: 1 }],
		['wanx-background-generation-v2', { ...BACKGROUND, baseImageUrl: IMG, prompt: 'mountains' }],
		['image-out-painting', { ...OUT_PAINTING, imageUrl: IMG, additionalFields: { outputRatio: '1:1' } }],
		['image-erase-completion', { ...ERASE, imageUrl: IMG, maskImageUrl: MASK }],
		['wanx-x-painting', { ...X_PAINTING, baseImageUrl: IMG, maskImageUrl: MASK }],
	];
	for (const [model, parameters] of families) {
		it(`${model}: a Singapore credential is refused before any request`, async () => {
			k.sim.reset();
			const result = await k.run(parameters, { region: 'ap-southeast-1' });
			assert.match(String(result.error?.message), new RegExp(`Model ${model.replace(/\./g, '\\.')} is not offered in`));
			assert.equal(k.sim.stats.requests.length, 0);
		});
	}
});
