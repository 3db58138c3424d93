/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The simulator's own rules for image tools A (api-images.md §5–§7, §12, §13): endpoints, cross-field checks,
// nested reference_edge lists, answer shapes (documented: style repaint, out-painting; assumed: the rest), the
// JPEG results of style repaint and the out-painting result served from output_image_url.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { jpegSize } from './jpeg';
import { outPaintingSize } from './imageToolsA';
import { expectError, type Json, ok, startUnthrottledSimulator, submit, submitOk, waitFor } from './testkit';

const REPAINT = '/services/aigc/image-generation/generation';
const BACKGROUND = '/services/aigc/background-generation/generation/';
const OUT_PAINTING = '/services/aigc/image2image/out-painting';
const I2I = '/services/aigc/image2image/image-synthesis';
const IMG = 'https://example.com/a.png';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.1, pendingSeconds: 0.02 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const done = async (body: object, path: string): Promise<Json> => waitFor(sim, await submitOk(sim, body, { path }), ['SUCCEEDED']);

describe('wanx-style-repaint-v1', () => {
	const repaint = (input: object) => ({ model: 'wanx-style-repaint-v1', input: { image_url: IMG, ...input } });

	it('answers as documented, with a JPEG at a .jpg URL whose short side is 1536', async () => {
		const body = await done(repaint({ style_index: 3 }), REPAINT);
		assert.equal(body.output.style_index, 3);
		assert.equal(body.output.error_code, 0);
		assert.equal(body.output.error_message, 'Success');
		assert.deepEqual(body.usage, { image_count: 1 });
		const url: string = body.output.results[0].url;
		assert.match(url, /-1\.jpg\?/);
		const res = await fetch(url);
		assert.equal(res.headers.get('content-type'), 'image/jpeg');
		assert.deepEqual(jpegSize(Buffer.from(await res.arrayBuffer())), { width: 1536, height: 2048 });
		// The same image under .png: the signature covers the name, so it is refused.
		assert.equal((await fetch(url.replace('-1.jpg', '-1.png'))).status, 403);
	});

	it('needs style_ref_url with index -1, and an index of at least -1', async () => {
		await ok(submit(sim, repaint({ style_index: -1, style_ref_url: 'https://example.com/s.jpg' }), { path: REPAINT }));
		await expectError(submit(sim, repaint({ style_index: -1 }), { path: REPAINT }), 'InvalidParameter', 'input.style_ref_url');
		await expectError(submit(sim, repaint({ style_index: -2 }), { path: REPAINT }), 'InvalidParameter', 'input.style_index');
		await expectError(submit(sim, repaint({}), { path: REPAINT }), 'InvalidParameter', 'input.style_index');
		assert.equal(sim.stats.unknownFields.length, 0);
	});
});

describe('wanx-background-generation-v2', () => {
	const background = (input: object, parameters?: object) => ({
		model: 'wanx-background-generation-v2',
		input: { base_image_url: IMG, ref_prompt: 'mountains', ...input },
		...(parameters ? { parameters } : {}),
	});

	it('takes nested edge lists and their prompts at the trailing-slash path and flags unknown nested keys', async () => {
		await ok(submit(sim, background({ reference_edge: { foreground_edge: [IMG, IMG], background_edge: [IMG] } }, { model_version: 'v3', n: 2 }), { path: BACKGROUND }));
		assert.equal(sim.stats.unknownFields.length, 0);
		await ok(submit(sim, background({ reference_edge: { foreground_edge: [IMG, IMG], foreground_edge_prompt: ['peach', ''] } }), { path: BACKGROUND }));
		assert.equal(sim.stats.unknownFields.length, 0, 'per-layer prompts are documented');
		await ok(submit(sim, background({ reference_edge: { foreground_edge: [IMG], edge_weight: 1 } }), { path: BACKGROUND }));
		assert.deepEqual(sim.stats.unknownFields.map((u) => u.field), ['input.reference_edge.edge_weight']);
		await expectError(submit(sim, background({ reference_edge: { foreground_edge_prompt: [1] } }), { path: BACKGROUND }), 'InvalidParameter', 'input.reference_edge.foreground_edge_prompt');
		await expectError(submit(sim, background({ reference_edge: [IMG] }), { path: BACKGROUND }), 'InvalidParameter', 'input.reference_edge');
		await expectError(submit(sim, background({ reference_edge: { foreground_edge: 'x' } }), { path: BACKGROUND }), 'InvalidParameter', 'input.reference_edge.foreground_edge');
		// Without the trailing slash: not a documented path.
		assert.equal((await submit(sim, background({}), { path: BACKGROUND.slice(0, -1) })).status, 404);
	});

	it('refuses out-of-range parameters and applies the documented defaults', async () => {
		await expectError(submit(sim, background({}, { noise_level: 1000 }), { path: BACKGROUND }), 'InvalidParameter', 'parameters.noise_level');
		await expectError(submit(sim, background({}, { ref_prompt_weight: 1.5 }), { path: BACKGROUND }), 'InvalidParameter', 'parameters.ref_prompt_weight');
		await expectError(submit(sim, background({}, { model_version: 'v4' }), { path: BACKGROUND }), 'InvalidParameter', 'parameters.model_version');
		const id = await submitOk(sim, background({}), { path: BACKGROUND });
		const body: Json = await waitFor(sim, id, ['SUCCEEDED']);
		assert.deepEqual(sim.tasks.get(id)?.parameters, { model_version: 'v2', n: 1, noise_level: 300, ref_prompt_weight: 0.5 });
		assert.equal(body.output.results.length, 1);
	});
});

describe('image-out-painting', () => {
	const outPaint = (parameters: object) => ({ model: 'image-out-painting', input: { image_url: IMG }, parameters });

	it('answers one URL in output_image_url (no results), and serves that image', async () => {
		const body = await done(outPaint({ x_scale: 1.5, y_scale: 1.25 }), OUT_PAINTING);
		assert.equal(body.output.results, undefined);
		assert.deepEqual(body.usage, { image_count: 1 });
		const res = await fetch(body.output.output_image_url);
		assert.equal(res.status, 200);
		const png = Buffer.from(await res.arrayBuffer());
		assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1536, 1280]);
	});

	it('sizes: rotation bounding box, scales, offsets, then the aspect ratio', () => {
		const size = (parameters: Record<string, unknown>, w = 1000, h = 500) => outPaintingSize({ parameters, mediaPixels: { image_url: { width: w, height: h } } });
		assert.deepEqual(size({ angle: 90 }), { width: 500, height: 1000 });
		assert.deepEqual(size({ left_offset: 10, right_offset: 20, top_offset: 5, bottom_offset: 0 }), { width: 1030, height: 505 });
		assert.deepEqual(size({ output_ratio: '1:1' }), { width: 1000, height: 1000 });
		assert.deepEqual(size({ output_ratio: '4:1' }), { width: 2000, height: 500 });
	});

	it('refuses scales under 1, negative offsets and a malformed ratio', async () => {
		await expectError(submit(sim, outPaint({ x_scale: 0.9 }), { path: OUT_PAINTING }), 'InvalidParameter', 'parameters.x_scale');
		await expectError(submit(sim, outPaint({ left_offset: -1 }), { path: OUT_PAINTING }), 'InvalidParameter', 'parameters.left_offset');
		await expectError(submit(sim, outPaint({ output_ratio: 'square' }), { path: OUT_PAINTING }), 'InvalidParameter', 'parameters.output_ratio');
		await expectError(submit(sim, outPaint({ angle: 45.5 }), { path: OUT_PAINTING }), 'InvalidParameter', 'parameters.angle');
	});
});

describe('image-erase-completion and wanx-x-painting on the shared image2image path', () => {
	it('erase: needs the mask; fast_mode defaults to false; answers results[]', async () => {
		await expectError(submit(sim, { model: 'image-erase-completion', input: { image_url: IMG } }, { path: I2I }), 'InvalidParameter', 'input.mask_url');
		const id = await submitOk(sim, { model: 'image-erase-completion', input: { image_url: IMG, mask_url: IMG }, parameters: { dilate_flag: true } }, { path: I2I });
		const body: Json = await waitFor(sim, id, ['SUCCEEDED']);
		assert.deepEqual(sim.tasks.get(id)?.parameters, { dilate_flag: true, fast_mode: false });
		assert.equal(body.output.results.length, 1);
	});

	it('x-painting: prompt, image and mask required; n images; Beijing only', async () => {
		const x = (input: object, parameters?: object) => ({ model: 'wanx-x-painting', input: { prompt: 'glasses', base_image_url: IMG, mask_image_url: IMG, ...input }, ...(parameters ? { parameters } : {}) });
		await expectError(submit(sim, x({ prompt: undefined }), { path: I2I }), 'InvalidParameter', 'input.prompt');
		await expectError(submit(sim, x({ mask_image_url: undefined }), { path: I2I }), 'InvalidParameter', 'input.mask_image_url');
		await expectError(submit(sim, x({}, { n: 0 }), { path: I2I }), 'InvalidParameter', 'parameters.n');
		const body = await done(x({}, { n: 2, size: '1024*1024' }), I2I);
		assert.equal(body.output.results.length, 2);
		assert.deepEqual(body.usage, { image_count: 2 });
		const sg = await startSimulator({ region: 'ap-southeast-1' });
		try {
			for (const [model, path] of [['wanx-x-painting', I2I], ['image-erase-completion', I2I], ['wanx-style-repaint-v1', REPAINT], ['image-out-painting', OUT_PAINTING], ['wanx-background-generation-v2', BACKGROUND]]) {
				assert.equal((await submit(sg, { model, input: { image_url: IMG } }, { path })).status, 404, model);
			}
		} finally {
			await sg.close();
		}
	});
});
