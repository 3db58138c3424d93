/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Issue 21 (image items 6–15) inside n8n-core against the simulator: the exact body the service receives (and the
// Dry Run shows), refusals before anything is sent, custom sizes, wan2.7's options, the Qwen-Image 2.0 / 3.0 models,
// the Virtual Model fields, X-Painting's size and the budget of the one-image tools.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { generatedImages, kit, refused } from './kit';
import type { Kit } from './kit';

const SYNC = '/api/v1/services/aigc/multimodal-generation/generation';
const TASK = '/api/v1/services/aigc/image-generation/generation';
const PROMPT = 'A tea house poster with the title "Spring Tea"';
const T2I: INodeParameters = { resource: 'image', operation: 'textToImage', prompt: PROMPT };
const EDIT: INodeParameters = { resource: 'image', operation: 'editImage', prompt: 'Put the cup of Image 1 on the table of Image 2' };
const IMG1 = 'https://example.com/cup.png';
const IMG2 = 'https://example.com/table.png';
const text = (prompt = PROMPT) => ({ text: prompt });

const MODELS = [
	'wan2.7-image',
	'wan2.7-image-pro',
	'wan2.2-t2i-flash',
	'wan2.5-t2i-preview',
	'wan2.5-i2i-preview',
	'wan2.6-image',
	'qwen-image-2.0',
	'qwen-image-2.0-pro',
	'qwen-image-3.0',
	'qwen-image-3.0-pro',
	'qwen-image-max',
	'qwen-image-max-2025-12-30',
	'qwen-image-plus-2026-01-09',
	'virtualmodel-v2',
	'wanx-virtualmodel',
	'wanx-x-painting',
	'wanx-style-repaint-v1',
	'image-out-painting',
];

describe('issue 21 image items inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		const fast = { rps: 100, concurrency: 10 };
		k = await kit({ limits: Object.fromEntries(MODELS.map((id) => [id, fast])) });
	});
	afterAll(() => k.close());

	describe('wan2.7-image(-pro)', () => {
		it('sends no n unless chosen (the reference states no default); the service default applies', async () => {
			const { body, sizes } = await generatedImages(k, { ...T2I, model: 'wan2.7-image' });
			assert.deepEqual(body, { model: 'wan2.7-image', input: { messages: [{ role: 'user', content: [text()] }] }, parameters: { size: '2K' } });
			assert.equal(sizes.length, 4, "the simulator's assumed default");
		});

		it('pro: 4K for a single text-to-image request; 4K with Image Set is refused before sending', async () => {
			const { body } = await generatedImages(k, { ...T2I, model: 'wan2.7-image-pro', size: '4K', numberOfImages: 1 });
			assert.deepEqual(body.parameters, { size: '4K', n: 1 });
			await refused(
				k,
				{ ...T2I, model: 'wan2.7-image-pro', size: '4K', numberOfImages: 6, additionalFields: { imageSet: true } },
				/^Size 4K cannot be combined with Image Set on for model wan2\.7-image-pro: change one of the two$/,
			);
			const { body: set } = await generatedImages(k, { ...T2I, model: 'wan2.7-image-pro', size: '2K', numberOfImages: 6, additionalFields: { imageSet: true } });
			assert.deepEqual(set.parameters, { size: '2K', n: 6, enable_sequential: true });
		});

		it('color palette: 3–10 { hex, ratio } entries sent as given in parameters.color_palette', async () => {
			const palette = [
				{ hex: '#C2D1E6', ratio: '50%' },
				{ hex: '#636574', ratio: '30%' },
				{ hex: '#F5F1EA', ratio: '20%' },
			];
			const { body } = await generatedImages(k, { ...T2I, model: 'wan2.7-image', size: '1K', numberOfImages: 1, additionalFields: { colorPalette: JSON.stringify(palette) } });
			assert.deepEqual(body.parameters, { size: '1K', n: 1, color_palette: palette });
			await refused(k, { ...T2I, model: 'wan2.7-image', additionalFields: { colorPalette: JSON.stringify(palette.slice(0, 2)) } }, /^Color Palette needs at least 3 entries for model wan2\.7-image \(got 2\)$/);
			await refused(k, { ...T2I, model: 'wan2.7-image', additionalFields: { colorPalette: '[{"hex": "blue", "ratio": 1}]' } }, /Color Palette must give each colour as \{ "hex": "#RRGGBB"/);
			await refused(k, { ...T2I, model: 'wan2.7-image', additionalFields: { colorPalette: 'not json' } }, /Color Palette must be a JSON list of/);
		});

		it('edit regions: one list of boxes per input image, in parameters.bbox_list; a count that does not match the images is refused', async () => {
			const boxes = [[[120, 80, 560, 540]], []];
			const { body } = await generatedImages(k, {
				...EDIT,
				model: 'wan2.7-image',
				imageUrls: [IMG1, IMG2],
				size: '1K',
				numberOfImages: 1,
				additionalFields: { boxList: JSON.stringify(boxes) },
			});
			assert.deepEqual(body, {
				model: 'wan2.7-image',
				input: { messages: [{ role: 'user', content: [text(String(EDIT.prompt)), { image: IMG1 }, { image: IMG2 }] }] },
				parameters: { size: '1K', n: 1, bbox_list: boxes },
			});
			await refused(
				k,
				{ ...EDIT, model: 'wan2.7-image', imageUrls: [IMG1, IMG2], additionalFields: { boxList: '[[[1, 2, 30, 40]]]' } },
				/^Edit Regions \(Boxes\) needs one entry per Image URLs entry for model wan2\.7-image \(got 1 for 2\)$/,
			);
			await refused(k, { ...EDIT, model: 'wan2.7-image', imageUrls: [IMG1], additionalFields: { boxList: '[[[1, 2, 30]]]' } }, /Edit Regions \(Boxes\) must give each box as 4 whole numbers/);
		});
	});

	describe('custom sizes (width × height, checked before sending)', () => {
		const custom = (width: number, height: number) => ({ size: 'custom', sizeWidth: width, sizeHeight: height });

		it('legacy Wan text to image: each side 512–1440', async () => {
			const { body, sizes } = await generatedImages(k, { ...T2I, model: 'wan2.2-t2i-flash', numberOfImages: 1, ...custom(1440, 512) });
			assert.deepEqual(body.parameters, { size: '1440*512', n: 1 });
			assert.deepEqual(sizes, [[1440, 512]]);
			await refused(k, { ...T2I, model: 'wan2.2-t2i-flash', ...custom(1441, 512) }, /^Size must be a custom size with each side 512 to 1440 px for model wan2\.2-t2i-flash \(got "1441\*512"\)$/);
			await refused(k, { ...T2I, model: 'wan2.2-t2i-flash', ...custom(1024, 511) }, /each side 512 to 1440 px/);
		});

		it('wan2.5-t2i-preview: 1280×1280 to 1440×1440 pixels in all, aspect up to 4:1', async () => {
			const { body, sizes } = await generatedImages(k, { ...T2I, model: 'wan2.5-t2i-preview', numberOfImages: 1, ...custom(1280, 1600) });
			assert.equal((body.parameters as Record<string, unknown>).size, '1280*1600');
			assert.deepEqual(sizes, [[1280, 1600]]);
			await refused(k, { ...T2I, model: 'wan2.5-t2i-preview', ...custom(1280, 1000) }, /1280×1280 to 1440×1440 pixels in all, aspect 1:4 to 4:1 for model wan2\.5-t2i-preview/);
		});

		it('wan2.5-i2i-preview: 768×768 to 1280×1280 pixels in all', async () => {
			const { body } = await generatedImages(k, { ...EDIT, model: 'wan2.5-i2i-preview', imageUrls: [IMG1], numberOfImages: 1, ...custom(1024, 768) });
			assert.equal((body.parameters as Record<string, unknown>).size, '1024*768');
			await refused(k, { ...EDIT, model: 'wan2.5-i2i-preview', imageUrls: [IMG1], ...custom(1440, 1440) }, /768×768 to 1280×1280 pixels in all/);
		});

		it('wan2.6-image editing: 1K, 2K or 768×768 to 2048×2048 pixels', async () => {
			const { body, sizes } = await generatedImages(k, { ...EDIT, model: 'wan2.6-image', imageUrls: [IMG1], numberOfImages: 1, ...custom(2048, 1024) });
			assert.equal((body.parameters as Record<string, unknown>).size, '2048*1024');
			assert.deepEqual(sizes, [[2048, 1024]]);
			await refused(k, { ...EDIT, model: 'wan2.6-image', imageUrls: [IMG1], ...custom(2048, 2064) }, /768×768 to 2048×2048 pixels in all/);
		});

		it('wan2.7-image: any W*H (no bounds documented), and a W*H given directly by an expression', async () => {
			const { body } = await generatedImages(k, { ...T2I, model: 'wan2.7-image', numberOfImages: 1, ...custom(1536, 1024) });
			assert.equal((body.parameters as Record<string, unknown>).size, '1536*1024');
			const direct = await generatedImages(k, { ...T2I, model: 'wan2.7-image', numberOfImages: 1, size: '1024*1536' });
			assert.equal((direct.body.parameters as Record<string, unknown>).size, '1024*1536');
			await refused(k, { ...T2I, model: 'wan2.7-image', ...custom(0, 1024) }, /^Size must be one of 1K, 2K, or Custom with a width and a height for model wan2\.7-image \(got "custom"\)$/);
		});

		it('qwen-image-max: 512×512 to 2048×2048 pixels besides its five sizes', async () => {
			const { body } = await generatedImages(k, { ...T2I, model: 'qwen-image-max', ...custom(2048, 1152) });
			assert.deepEqual(body.parameters, { size: '2048*1152', n: 1 });
			await refused(k, { ...T2I, model: 'qwen-image-max', ...custom(2048, 2064) }, /512×512 to 2048×2048 pixels in all/);
		});
	});

	describe('Qwen-Image 2.0 / 3.0 and the dated snapshots', () => {
		it('qwen-image-3.0 text to image: synchronous while waiting, n 1–6, prompt_extend_mode, its own usage fields', async () => {
			const { body, json, sizes } = await generatedImages(k, { ...T2I, model: 'qwen-image-3.0', numberOfImages: 2, additionalFields: { promptExtendMode: 'agent' } });
			assert.deepEqual(body, {
				model: 'qwen-image-3.0',
				input: { messages: [{ role: 'user', content: [text()] }] },
				parameters: { n: 2, prompt_extend_mode: 'agent' },
			});
			assert.equal(k.sim.stats.syncGenerations[0].path, SYNC);
			assert.equal(sizes.length, 2);
			assert.equal((json.usage as Record<string, unknown>).output_image_count, 2);
			assert.deepEqual((json.cost as Record<string, unknown>).usageField, 'usage.output_image_count');
			await refused(k, { ...T2I, model: 'qwen-image-3.0', numberOfImages: 7 }, /Number of Images must be 1 to 6 for model qwen-image-3\.0/);
		});

		it('qwen-image-3.0-pro runs as a task on the image-generation endpoint when not waiting', async () => {
			k.sim.reset();
			const result = await k.run({ ...T2I, model: 'qwen-image-3.0-pro', size: '1328*1328', options: { waitForCompletion: false } });
			assert.equal(result.error, undefined, String(result.error));
			const [submission] = k.sim.stats.submissions;
			assert.equal(submission.path, TASK);
			assert.deepEqual(submission.body, { model: 'qwen-image-3.0-pro', input: { messages: [{ role: 'user', content: [text()] }] }, parameters: { size: '1328*1328', n: 1 } });
		});

		it('qwen-image-2.0 text to image sends its documented default 2048*2048; 2.0-pro edits with its input images; always synchronous', async () => {
			const { body, sizes } = await generatedImages(k, { ...T2I, model: 'qwen-image-2.0' });
			assert.deepEqual(body.parameters, { size: '2048*2048', n: 1 });
			assert.deepEqual(sizes, [[2048, 2048]]);
			k.sim.reset();
			const edit = await k.run({ ...EDIT, model: 'qwen-image-2.0-pro', imageUrls: [IMG1, IMG2], numberOfImages: 3, options: { waitForCompletion: false } });
			assert.equal(edit.error, undefined, String(edit.error));
			assert.equal(k.sim.stats.submitRequests, 0, 'no task: 2.0 is synchronous only');
			assert.deepEqual(k.sim.stats.syncGenerations[0].body, {
				model: 'qwen-image-2.0-pro',
				input: { messages: [{ role: 'user', content: [text(String(EDIT.prompt)), { image: IMG1 }, { image: IMG2 }] }] },
				parameters: { n: 3 },
			});
			await refused(k, { ...EDIT, model: 'qwen-image-2.0', imageUrls: [IMG1, IMG2, IMG1, IMG2] }, /Image URLs takes at most 3 files for model qwen-image-2\.0/);
		});

		it('the dated snapshots answer synchronously with one image', async () => {
			for (const model of ['qwen-image-max-2025-12-30', 'qwen-image-plus-2026-01-09']) {
				const { body, sizes } = await generatedImages(k, { ...T2I, model, size: '1328*1328', options: { waitForCompletion: false } });
				assert.deepEqual(body, { model, input: { messages: [{ role: 'user', content: [text()] }] }, parameters: { size: '1328*1328', n: 1 } });
				assert.equal(k.sim.stats.syncGenerations[0].path, SYNC);
				assert.deepEqual(sizes, [[1328, 1328]]);
			}
		});

		it('Dry Run shows the documented body and endpoint of qwen-image-3.0', async () => {
			k.sim.reset();
			const dry = await k.run({ ...T2I, model: 'qwen-image-3.0', size: 'custom', sizeWidth: 2048, sizeHeight: 256, options: { dryRun: true } });
			assert.equal(dry.error, undefined, String(dry.error));
			assert.equal(k.sim.stats.requests.length, 0);
			const out = dry.items[0].json as Record<string, any>;
			assert.equal(out.endpoint, `${k.sim.apiBaseUrl}/services/aigc/multimodal-generation/generation`);
			assert.deepEqual(out.request, { model: 'qwen-image-3.0', input: { messages: [{ role: 'user', content: [text()] }] }, parameters: { size: '2048*256', n: 1 } });
			await refused(k, { ...T2I, model: 'qwen-image-3.0', size: 'custom', sizeWidth: 2048, sizeHeight: 255 }, /aspect 1:8 to 8:1 for model qwen-image-3\.0/);
		});
	});

	describe('Virtual Model and X-Painting', () => {
		const VM = { resource: 'image', operation: 'virtualModel', baseImageUrl: IMG1, maskImageUrl: IMG2, prompt: 'A woman on a rural road', facePrompt: 'good face' };

		it('V2: output aspect ratio and real person vs mannequin go in input, as the seed examples show', async () => {
			const { body } = await generatedImages(k, { ...VM, model: 'virtualmodel-v2', additionalFields: { aspectRatio: '4:3', realPerson: false } });
			assert.deepEqual(body.input, {
				base_image_url: IMG1,
				mask_image_url: IMG2,
				prompt: 'A woman on a rural road',
				face_prompt: 'good face',
				aspect_ratio: '4:3',
				realPerson: false,
			});
			const unchanged = await generatedImages(k, { ...VM, model: 'virtualmodel-v2', additionalFields: { aspectRatio: '' } });
			assert.equal((unchanged.body.input as Record<string, unknown>).aspect_ratio, undefined, 'unchanged: nothing sent');
			await refused(k, { ...VM, model: 'virtualmodel-v2', additionalFields: { aspectRatio: '5:4' } }, /Output Aspect Ratio must be one of/);
		});

		it('V1: predefined_face_id in input; V2 does not take it', async () => {
			const { body } = await generatedImages(k, { ...VM, model: 'wanx-virtualmodel', additionalFields: { predefinedFaceId: 'boy3', aspectRatio: '4:3' } });
			assert.equal((body.input as Record<string, unknown>).predefined_face_id, 'boy3');
			assert.equal((body.input as Record<string, unknown>).aspect_ratio, undefined, 'a V2 field is not sent for V1');
		});

		it('X-Painting: size sent only when added (1024*1024 or a custom width × height)', async () => {
			const X = { resource: 'image', operation: 'xPainting', model: 'wanx-x-painting', prompt: 'a dog wearing red glasses', baseImageUrl: IMG1, maskImageUrl: IMG2 };
			const plain = await generatedImages(k, X);
			assert.deepEqual(plain.body.parameters, { n: 1 });
			const sized = await generatedImages(k, { ...X, additionalFields: { size: '1024*1024' } });
			assert.deepEqual(sized.body.parameters, { size: '1024*1024', n: 1 });
			const custom = await generatedImages(k, { ...X, additionalFields: { size: 'custom', sizeWidth: 768, sizeHeight: 1024 } });
			assert.deepEqual(custom.body.parameters, { size: '768*1024', n: 1 });
			assert.deepEqual(custom.sizes, [[768, 1024]]);
		});
	});

	describe('estimates and the budget', () => {
		it('Portrait Style Repaint and Image Out-Painting count one image each, so a budget admits them', async () => {
			for (const [parameters, amount] of [
				[{ resource: 'image', operation: 'styleRepaint', model: 'wanx-style-repaint-v1', imageUrl: IMG1, styleIndex: 3 }, 0.12],
				[{ resource: 'image', operation: 'outPainting', model: 'image-out-painting', imageUrl: IMG1, additionalFields: { outputRatio: '4:3' } }, 0.18],
			] as const) {
				k.sim.reset();
				const result = await k.run({ ...parameters, options: { maxEstimatedCost: 1, returnAs: 'url' } });
				assert.equal(result.error, undefined, String(result.error));
				assert.equal(k.sim.stats.submits, 1);
				const dry = await k.run({ ...parameters, options: { dryRun: true } });
				const estimate = (dry.items[0].json as Record<string, any>).estimate;
				assert.deepEqual([estimate.units, estimate.amount], [1, amount]);
			}
		});

		it('Text and Images estimates max_images pictures, not n (fixed at 1)', async () => {
			const dry = await k.run({ resource: 'image', operation: 'textAndImages', model: 'wan2.6-image', prompt: 'A story', maxImages: 3, options: { dryRun: true } });
			assert.equal(dry.error, undefined, String(dry.error));
			const out = dry.items[0].json as Record<string, any>;
			assert.equal(out.request.parameters.n, 1);
			assert.equal(out.request.parameters.max_images, 3);
			assert.equal(out.estimate.units, 3);
		});
	});
});
