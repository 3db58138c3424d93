/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The free-trial image tools (Virtual Model V1/V2, Shoe Model, Poster Generation, Person Segmentation) inside n8n-core
// against the simulator: the exact JSON the service receives, the documented edges refused before any request,
// binary inputs checked by their pixels, the output PNGs, and China (Beijing) only.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { personSegmentation } from '../../nodes/Wan/models/image/personSegmentation';
import { posterGeneration } from '../../nodes/Wan/models/image/posterGeneration';
import { shoeModel } from '../../nodes/Wan/models/image/shoeModel';
import { virtualModel } from '../../nodes/Wan/models/image/virtualModel';
import { prepareInputBinary } from '../harness';
import { personPng } from '../simulator/fixtures';
import { generatedImages, kit, refused } from './kit';
import type { Kit } from './kit';
import { resultUrls } from '../../nodes/Wan/request/paths';

const IMG = 'https://example.com/model.png';
const MASK = 'https://example.com/model-mask.png';
const BG = 'https://example.com/street.png';

async function pngItem(...files: Array<[string, number, number]>): Promise<INodeExecutionData> {
	const binary: INodeExecutionData['binary'] = {};
	for (const [name, width, height] of files) binary[name] = await prepareInputBinary(personPng(width, height), `${name}.png`, 'image/png');
	return { json: {}, binary };
}

const MODELS = ['virtualmodel-v2', 'wanx-virtualmodel', 'shoemodel-v1', 'wanx-poster-generation-v1', 'image-instance-segmentation'];

describe('free-trial image tools inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: Object.fromEntries(MODELS.map((m) => [m, { rps: 100, concurrency: 10 }])) });
	});
	afterAll(() => k.close());

	describe('Virtual Model', () => {
		const V2: INodeParameters = {
			resource: 'image',
			operation: 'virtualModel',
			model: 'virtualmodel-v2',
			baseImageUrl: IMG,
			maskImageUrl: MASK,
			prompt: 'A woman stands on a rural road',
			facePrompt: 'good face, beautiful face, best quality.',
		};
		const V1: INodeParameters = { ...V2, model: 'wanx-virtualmodel', prompt: '一名年轻女子，身穿白色短裤', facePrompt: '年轻女子，面容姣好' };

		it('V2: the example body, short side a string, one image', async () => {
			const { body, json, sizes } = await generatedImages(k, { ...V2, backgroundImageUrl: BG });
			assert.deepEqual(body, {
				model: 'virtualmodel-v2',
				input: { base_image_url: IMG, mask_image_url: MASK, prompt: V2.prompt, face_prompt: V2.facePrompt, background_image_url: BG },
				parameters: { short_side_size: '1024', n: 1 },
			});
			assert.equal(json.model, 'virtualmodel-v2');
			assert.equal(sizes.length, 1);
			assert.equal(Math.min(...sizes[0]), 1024);
		});

		it('V2: 2048 px short side, two images, no background reference', async () => {
			const { body, sizes } = await generatedImages(k, { ...V2, shortSideSize: '2048', numberOfImages: 2 });
			assert.deepEqual(body, {
				model: 'virtualmodel-v2',
				input: { base_image_url: IMG, mask_image_url: MASK, prompt: V2.prompt, face_prompt: V2.facePrompt },
				parameters: { short_side_size: '2048', n: 2 },
			});
			assert.equal(sizes.length, 2);
		});

		it('V1: 512 px by default; a background reference left over from V2 is not sent', async () => {
			const { body, sizes } = await generatedImages(k, { ...V1, backgroundImageUrl: BG, numberOfImages: 2 });
			assert.deepEqual(body, {
				model: 'wanx-virtualmodel',
				input: { base_image_url: IMG, mask_image_url: MASK, prompt: V1.prompt, face_prompt: V1.facePrompt },
				parameters: { short_side_size: '512', n: 2 },
			});
			assert.equal(sizes.length, 2);
		});

		it('binary photo and mask are uploaded; the result keeps the photo aspect at the short side asked for', async () => {
			const { body, sizes } = await generatedImages(
				k,
				{ ...V2, baseImageSource: 'binary', baseImageBinaryProperty: 'photo', maskImageSource: 'binary', maskImageBinaryProperty: 'mask' },
				{ inputItems: [await pngItem(['photo', 600, 900], ['mask', 600, 900])] },
			);
			const input = body.input as Record<string, unknown>;
			assert.match(String(input.base_image_url), /^oss:\/\/.+\.png$/);
			assert.match(String(input.mask_image_url), /^oss:\/\/.+\.png$/);
			assert.deepEqual(sizes, [[1024, 1536]]);
		});

		const refusals: Array<[string, INodeParameters, RegExp]> = [
			['a V1 short side of 2048', { ...V1, shortSideSize: '2048' }, /Short Side \(Pixels\) must be one of 512, 1024 for model wanx-virtualmodel/],
			['a V2 short side of 512', { ...V2, shortSideSize: '512' }, /Short Side \(Pixels\) must be one of 1024, 2048 for model virtualmodel-v2/],
			['zero images', { ...V2, numberOfImages: 0 }, /Number of Images must be 1 to … for model virtualmodel-v2 \(got 0\)/],
			['no face prompt', { ...V2, facePrompt: '' }, /workflow has issues|Face Prompt is required/],
			['no mask', { ...V1, maskImageUrl: '' }, /workflow has issues|Mask Image URL is required/],
		];
		for (const [name, values, message] of refusals) {
			it(`refuses ${name} before any request`, async () => {
				await refused(k, values, message);
			});
		}

		const pixels: Array<[string, number, number, RegExp]> = [
			['256 px wide', 256, 400, /257/],
			['4096 px long', 2100, 4096, /4095/],
			['wider than 2:1', 1200, 500, /1:2 to 2:1/],
		];
		for (const [name, width, height, message] of pixels) {
			it(`refuses a binary photo ${name} by its bytes before uploading anything`, async () => {
				k.sim.reset();
				const result = await k.run({ ...V2, baseImageSource: 'binary', baseImageBinaryProperty: 'photo' }, { inputItems: [await pngItem(['photo', width, height])] });
				assert.match(String(result.error?.message), /virtualmodel-v2/);
				assert.match(String(result.error?.message), message);
				assert.equal(k.sim.stats.requests.length, 0);
			});
		}

		const edges: Array<[string, number, number, [number, number]]> = [
			['257×257 px', 257, 257, [512, 512]],
			['a 4095 px long side', 2048, 4095, [512, 1024]],
			['exactly 2:1', 1024, 2048, [512, 1024]],
		];
		for (const [name, width, height, size] of edges) {
			it(`takes a binary photo of ${name}`, async () => {
				const { sizes } = await generatedImages(k, { ...V1, baseImageSource: 'binary', baseImageBinaryProperty: 'photo' }, { inputItems: [await pngItem(['photo', width, height])] });
				assert.deepEqual(sizes, [size]);
			});
		}
	});

	describe('Shoe Model', () => {
		const SHOE: INodeParameters = { resource: 'image', operation: 'shoeModel', model: 'shoemodel-v1', templateImageUrl: IMG };

		it('the example body: the shoe photos as an array, even for one', async () => {
			const { body, sizes } = await generatedImages(k, { ...SHOE, shoeImageUrls: ['https://example.com/shoe.webp'] });
			assert.deepEqual(body, {
				model: 'shoemodel-v1',
				input: { template_image_url: IMG, shoe_image_url: ['https://example.com/shoe.webp'] },
				parameters: { n: 1 },
			});
			assert.equal(sizes.length, 1);
		});

		it('two binary shoe photos and a binary template, in order; the template size comes back', async () => {
			const { body, sizes } = await generatedImages(
				k,
				{ ...SHOE, templateImageSource: 'binary', templateImageBinaryProperty: 'template', shoeImageSource: 'binary', shoeImageBinaryProperties: 'left, right', numberOfImages: 3 },
				{ inputItems: [await pngItem(['template', 600, 800], ['left', 800, 600], ['right', 800, 600])] },
			);
			const input = body.input as Record<string, unknown>;
			assert.match(String(input.template_image_url), /^oss:\/\/.+\.png$/);
			assert.equal((input.shoe_image_url as string[]).length, 2);
			for (const url of input.shoe_image_url as string[]) assert.match(url, /^oss:\/\/.+\.png$/);
			assert.deepEqual(body.parameters, { n: 3 });
			assert.deepEqual(sizes, [[600, 800], [600, 800], [600, 800]]);
		});

		it('refuses three shoe photos before any request', async () => {
			await refused(k, { ...SHOE, shoeImageUrls: ['https://example.com/a.png', 'https://example.com/b.png', 'https://example.com/c.png'] }, /Shoe Image URLs takes at most 2 files for model shoemodel-v1 \(got 3\)/);
		});

		it('refuses a template flatter than 3:2 by its bytes before uploading anything', async () => {
			k.sim.reset();
			const result = await k.run(
				{ ...SHOE, templateImageSource: 'binary', templateImageBinaryProperty: 'template', shoeImageUrls: ['https://example.com/shoe.png'] },
				{ inputItems: [await pngItem(['template', 601, 400])] },
			);
			assert.match(String(result.error?.message), /shoemodel-v1 accepts 1:1\.5 to 1\.5:1/);
			assert.equal(k.sim.stats.requests.length, 0);
		});

		it('takes a template exactly at 3:2', async () => {
			await generatedImages(
				k,
				{ ...SHOE, templateImageSource: 'binary', templateImageBinaryProperty: 'template', shoeImageUrls: ['https://example.com/shoe.png'] },
				{ inputItems: [await pngItem(['template', 600, 400])] },
			);
		});
	});

	describe('Poster Generation', () => {
		const POSTER: INodeParameters = {
			resource: 'image',
			operation: 'posterGeneration',
			model: 'wanx-poster-generation-v1',
			title: '春节快乐',
			subTitle: '家庭团聚，共享天伦之乐',
			bodyText: '春节是中国最重要的传统节日之一，它象征着新的开始和希望',
			promptZh: '灯笼，小猫，梅花',
		};

		it('the first request example, everything in input, parameters {}', async () => {
			const { body, sizes } = await generatedImages(k, { ...POSTER, style: '童话油画' });
			assert.deepEqual(body, {
				model: 'wanx-poster-generation-v1',
				input: {
					title: '春节快乐',
					sub_title: '家庭团聚，共享天伦之乐',
					body_text: '春节是中国最重要的传统节日之一，它象征着新的开始和希望',
					prompt_text_zh: '灯笼，小猫，梅花',
					wh_ratios: '竖版',
					lora_name: '童话油画',
					lora_weight: 0.8,
					ctrl_ratio: 0.7,
					ctrl_step: 0.7,
					generate_mode: 'generate',
					generate_num: 1,
				},
				parameters: {},
			});
			assert.deepEqual(sizes, [[768, 1024]]);
		});

		it('no style: no style weight either; landscape, an English prompt, two posters', async () => {
			const { body, sizes } = await generatedImages(k, {
				resource: 'image',
				operation: 'posterGeneration',
				model: 'wanx-poster-generation-v1',
				title: '抽象艺术家',
				promptEn: 'master piece, high quality, futuristic city, streamlined, neon, light blue and light purple, glass texture',
				orientation: '横版',
				styleWeight: 0.5,
				ctrlRatio: 0.6,
				ctrlStep: 0.6,
				numberOfImages: 2,
			});
			assert.deepEqual(body, {
				model: 'wanx-poster-generation-v1',
				input: {
					title: '抽象艺术家',
					prompt_text_en: 'master piece, high quality, futuristic city, streamlined, neon, light blue and light purple, glass texture',
					wh_ratios: '横版',
					ctrl_ratio: 0.6,
					ctrl_step: 0.6,
					generate_mode: 'generate',
					generate_num: 2,
				},
				parameters: {},
			});
			assert.deepEqual(sizes, [[1024, 768], [1024, 768]]);
		});

		it('takes texts exactly at their limits (30, 30, 50, 50 characters)', async () => {
			const { body } = await generatedImages(k, { ...POSTER, title: '春'.repeat(30), subTitle: 'x'.repeat(30), bodyText: '文'.repeat(50), promptZh: '灯'.repeat(50) });
			const input = body.input as Record<string, unknown>;
			assert.equal([...String(input.title)].length, 30);
			assert.equal([...String(input.prompt_text_zh)].length, 50);
		});

		const refusals: Array<[string, INodeParameters, RegExp]> = [
			['a 31-character title', { ...POSTER, title: '春'.repeat(31) }, /Title must be at most 30 characters, this is 31/],
			['a 31-character subtitle', { ...POSTER, subTitle: 'x'.repeat(31) }, /Subtitle must be at most 30 characters, this is 31/],
			['51 characters of body text', { ...POSTER, bodyText: '文'.repeat(51) }, /Body Text must be at most 50 characters, this is 51/],
			['a 51-character Chinese prompt', { ...POSTER, promptZh: '灯'.repeat(51) }, /Prompt \(Chinese\) must be at most 50 characters, this is 51/],
			['no prompt at all', { ...POSTER, promptZh: '' }, /Give one of Prompt \(Chinese\) or Prompt \(English\) for model wanx-poster-generation-v1/],
			['zero posters', { ...POSTER, numberOfImages: 0 }, /Number of Images must be 1 to … for model wanx-poster-generation-v1 \(got 0\)/],
			['an unknown style', { ...POSTER, style: '赛博背景' }, /Style must be one of/],
		];
		for (const [name, values, message] of refusals) {
			it(`refuses ${name} before any request`, async () => {
				await refused(k, values, message);
			});
		}
	});

	describe('Person Segmentation', () => {
		const SEG: INodeParameters = { resource: 'image', operation: 'personSegmentation', model: 'image-instance-segmentation' };

		it('sends only the image and parameters {}; the mask and the visualisation come back as data and data_2', async () => {
			k.sim.reset();
			const result = await k.run({ ...SEG, imageUrl: IMG });
			assert.equal(result.error, undefined, String(result.error));
			assert.deepEqual(k.sim.stats.submissions[0].body, { model: 'image-instance-segmentation', input: { image_url: IMG }, parameters: {} });
			assert.deepEqual(Object.keys(result.items[0].binary ?? {}).sort(), ['data', 'data_2']);
		});

		it('a binary image: both outputs are PNGs of its size', async () => {
			const { body, sizes } = await generatedImages(k, { ...SEG, imageSource: 'binary', imageBinaryProperty: 'data' }, { inputItems: [await pngItem(['data', 512, 4096])] });
			assert.match(String((body.input as Record<string, unknown>).image_url), /^oss:\/\/.+\.png$/);
			assert.deepEqual(sizes, [[512, 4096], [512, 4096]]);
		});

		for (const [name, width, height] of [['511 px wide', 511, 800], ['4097 px long', 800, 4097]] as const) {
			it(`refuses a binary image ${name} by its bytes before uploading anything`, async () => {
				k.sim.reset();
				const result = await k.run({ ...SEG, imageSource: 'binary', imageBinaryProperty: 'data' }, { inputItems: [await pngItem(['data', width, height])] });
				assert.match(String(result.error?.message), /image-instance-segmentation/);
				assert.match(String(result.error?.message), /between 512 and 4096 px/);
				assert.equal(k.sim.stats.requests.length, 0);
			});
		}
	});

	describe('China (Beijing) only', () => {
		const cases: Array<[string, INodeParameters]> = [
			['virtualmodel-v2', { resource: 'image', operation: 'virtualModel', model: 'virtualmodel-v2', baseImageUrl: IMG, maskImageUrl: MASK, prompt: 'p', facePrompt: 'f' }],
			['wanx-virtualmodel', { resource: 'image', operation: 'virtualModel', model: 'wanx-virtualmodel', baseImageUrl: IMG, maskImageUrl: MASK, prompt: 'p', facePrompt: 'f' }],
			['shoemodel-v1', { resource: 'image', operation: 'shoeModel', model: 'shoemodel-v1', templateImageUrl: IMG, shoeImageUrls: [IMG] }],
			['wanx-poster-generation-v1', { resource: 'image', operation: 'posterGeneration', model: 'wanx-poster-generation-v1', title: 't', promptZh: 'p' }],
			['image-instance-segmentation', { resource: 'image', operation: 'personSegmentation', model: 'image-instance-segmentation', imageUrl: IMG }],
		];
		for (const [model, parameters] of cases) {
			it(`${model}: a Singapore credential is refused before any request`, async () => {
				k.sim.reset();
				const result = await k.run(parameters, { region: 'ap-southeast-1' });
				assert.match(String(result.error?.message), new RegExp(`Model ${model.replace(/\./g, '\\.')} is not offered in`));
				assert.equal(k.sim.stats.requests.length, 0);
			});
		}
	});

	// The reference shows none of these answers: each family reads the generic place the simulator answers with, and
	// the places outside sources name, in order.
	describe('undocumented answers: the candidate places', () => {
		it('Virtual Model: results[].url, else result_url', () => {
			assert.deepEqual(resultUrls(virtualModel, { results: [{ url: 'a' }, { url: 'b' }] }), ['a', 'b']);
			assert.deepEqual(resultUrls(virtualModel, { result_url: 'r' }), ['r']);
		});
		it('Shoe Model: result_url, else results[].url', () => {
			assert.deepEqual(resultUrls(shoeModel, { result_url: 'r' }), ['r']);
			assert.deepEqual(resultUrls(shoeModel, { results: [{ url: 'a' }] }), ['a']);
		});
		it('Poster Generation: every render_urls entry (not the text-free bg_urls), else results[].url', () => {
			assert.deepEqual(resultUrls(posterGeneration, { render_urls: ['p1', 'p2'], bg_urls: ['b1', 'b2'] }), ['p1', 'p2']);
			assert.deepEqual(resultUrls(posterGeneration, { results: [{ url: 'a' }] }), ['a']);
		});
		it('Person Segmentation: both images, from results[] or from two named fields (mask first)', () => {
			assert.deepEqual(resultUrls(personSegmentation, { results: [{ url: 'mask' }, { url: 'vis' }] }), ['mask', 'vis']);
			assert.deepEqual(resultUrls(personSegmentation, { output_image_url: 'mask', output_vis_image_url: 'vis' }), ['mask', 'vis']);
			assert.deepEqual(resultUrls(personSegmentation, { output_vis_image_url: 'vis' }), ['vis']);
		});
	});
});
