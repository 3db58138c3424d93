/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The simulator's own rules for wanx2.1-imageedit (api-gaps.md §3) and Qwen-Image's legacy async call (§1.3):
// function selection, per-function parameters and ranges, defaults, output sizes, regions.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { expectError, type Json, ok, startUnthrottledSimulator, submit, submitOk, waitFor } from './testkit';

const I2I_PATH = '/services/aigc/image2image/image-synthesis';
const T2I_PATH = '/services/aigc/text2image/image-synthesis';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.1, pendingSeconds: 0.02 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const edit = (fn: string, input: object = {}, parameters?: object): object => ({
	model: 'wanx2.1-imageedit',
	input: { function: fn, prompt: 'make it red', base_image_url: 'https://example.com/a.png', ...input },
	...(parameters ? { parameters } : {}),
});
const send = (body: object) => submit(sim, body, { path: I2I_PATH });

describe('wanx2.1-imageedit', () => {
	it('takes each function with its own parameters only', async () => {
		await ok(send(edit('stylization_all', {}, { strength: 0.3, n: 2, seed: 1, watermark: true })));
		await ok(send(edit('description_edit_with_mask', { mask_image_url: 'https://example.com/m.png' })));
		await ok(send(edit('expand', {}, { top_scale: 1, bottom_scale: 2, left_scale: 1.5, right_scale: 1 })));
		await ok(send(edit('super_resolution', {}, { upscale_factor: 4 })));
		await ok(send(edit('doodle', {}, { is_sketch: true })));
		for (const fn of ['stylization_local', 'description_edit', 'remove_watermark', 'colorization', 'control_cartoon_feature']) await ok(send(edit(fn)));
		assert.equal(sim.stats.unknownFields.length, 0);
		await ok(send(edit('colorization', {}, { strength: 0.5 })));
		assert.deepEqual(sim.stats.unknownFields.map((u) => u.field), ['parameters.strength']);
	});

	it('refuses a missing or unknown function, a masked edit without a mask, and out-of-range values', async () => {
		await expectError(send({ model: 'wanx2.1-imageedit', input: { prompt: 'x', base_image_url: 'https://example.com/a.png' } }), 'InvalidParameter', 'input.function');
		await expectError(send(edit('outpaint')), 'InvalidParameter', "input.function 'outpaint'");
		await expectError(send(edit('description_edit_with_mask')), 'InvalidParameter', 'input.mask_image_url');
		await expectError(send(edit('stylization_all', {}, { strength: 1.1 })), 'InvalidParameter', 'parameters.strength');
		await expectError(send(edit('expand', {}, { left_scale: 0.9 })), 'InvalidParameter', 'parameters.left_scale');
		await expectError(send(edit('super_resolution', {}, { upscale_factor: 5 })), 'InvalidParameter', 'parameters.upscale_factor');
		await expectError(send(edit('colorization', {}, { n: 5 })), 'InvalidParameter', 'parameters.n');
		await expectError(send(edit('colorization', { base_image_url: undefined })), 'InvalidParameter', 'input.base_image_url');
	});

	it('defaults to one image; super resolution and expand change the size; Beijing only', async () => {
		const one: Json = await waitFor(sim, await submitOk(sim, edit('colorization'), { path: I2I_PATH }), ['SUCCEEDED']);
		assert.equal(one.output.results.length, 1);
		assert.deepEqual(one.usage, { image_count: 1 });
		const id = await submitOk(sim, edit('super_resolution', {}, { upscale_factor: 2 }), { path: I2I_PATH });
		await waitFor(sim, id, ['SUCCEEDED']);
		assert.deepEqual(sim.tasks.get(id)?.parameters, { upscale_factor: 2, n: 1, watermark: false });
		const sg = await startSimulator({ region: 'ap-southeast-1' });
		try {
			const r = await submit(sg, edit('colorization'), { path: I2I_PATH });
			assert.equal(r.status, 404);
		} finally {
			await sg.close();
		}
	});
});

describe('Qwen-Image (legacy async)', () => {
	const qwen = (model: string, parameters?: object): object => ({ model, input: { prompt: 'a poster' }, ...(parameters ? { parameters } : {}) });
	it('takes the five fixed sizes and n = 1 only', async () => {
		for (const size of ['1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664']) await ok(submit(sim, qwen('qwen-image-plus', { size, n: 1 }), { path: T2I_PATH }));
		await expectError(submit(sim, qwen('qwen-image', { size: '1024*1024' }), { path: T2I_PATH }), 'InvalidParameter', 'parameters.size');
		await expectError(submit(sim, qwen('qwen-image', { n: 2 }), { path: T2I_PATH }), 'InvalidParameter', 'parameters.n');
	});

	it('defaults to one 1664*928 image', async () => {
		const done: Json = await waitFor(sim, await submitOk(sim, qwen('qwen-image'), { path: T2I_PATH }), ['SUCCEEDED']);
		assert.equal(done.output.results.length, 1);
		assert.deepEqual(done.usage, { image_count: 1 });
	});
});
