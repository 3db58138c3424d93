/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The simulator's own rules for the free-trial image tools (api-images.md §8–§11): which path takes which model,
// field types (short_side_size a string, shoe_image_url an array), counts and enums, the generic answer, Beijing only.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { expectError, type Json, ok, startUnthrottledSimulator, submit, submitOk, waitFor } from './testkit';

const VM_PATH = '/services/aigc/virtualmodel/generation';
const T2I_PATH = '/services/aigc/text2image/image-synthesis';
const I2I_PATH = '/services/aigc/image2image/image-synthesis';
const IMG = 'https://example.com/a.png';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.1, pendingSeconds: 0.02 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const vm = (model: string, input: object = {}, parameters: object = {}): object => ({
	model,
	input: { base_image_url: IMG, mask_image_url: IMG, prompt: 'p', face_prompt: 'f', ...input },
	parameters,
});
const shoe = (urls: unknown, parameters: object = { n: 1 }): object => ({ model: 'shoemodel-v1', input: { template_image_url: IMG, shoe_image_url: urls }, parameters });
const poster = (input: object = {}): object => ({ model: 'wanx-poster-generation-v1', input: { title: 't', prompt_text_zh: 'p', ...input }, parameters: {} });

describe('virtual model and shoe model (one path, the model decides)', () => {
	it('takes V2 with a background reference and a string short side; V1 has no background field', async () => {
		await ok(submit(sim, vm('virtualmodel-v2', { background_image_url: IMG }, { short_side_size: '2048', n: 2 }), { path: VM_PATH }));
		await ok(submit(sim, vm('wanx-virtualmodel', {}, { short_side_size: '512' }), { path: VM_PATH }));
		assert.equal(sim.stats.unknownFields.length, 0);
		await ok(submit(sim, vm('wanx-virtualmodel', { background_image_url: IMG }), { path: VM_PATH }));
		assert.deepEqual(sim.stats.unknownFields.map((u) => u.field), ['input.background_image_url']);
	});

	it('refuses a numeric short side, another model\'s sizes, a missing face prompt or mask, and another path', async () => {
		await expectError(submit(sim, vm('virtualmodel-v2', {}, { short_side_size: 1024 }), { path: VM_PATH }), 'InvalidParameter', 'must be a string');
		await expectError(submit(sim, vm('virtualmodel-v2', {}, { short_side_size: '512' }), { path: VM_PATH }), 'InvalidParameter', 'parameters.short_side_size');
		await expectError(submit(sim, vm('wanx-virtualmodel', {}, { short_side_size: '2048' }), { path: VM_PATH }), 'InvalidParameter', 'parameters.short_side_size');
		await expectError(submit(sim, vm('wanx-virtualmodel', { face_prompt: undefined }), { path: VM_PATH }), 'InvalidParameter', 'input.face_prompt');
		await expectError(submit(sim, vm('wanx-virtualmodel', { mask_image_url: undefined }), { path: VM_PATH }), 'InvalidParameter', 'input.mask_image_url');
		const wrongPath = await submit(sim, vm('virtualmodel-v2'), { path: I2I_PATH });
		assert.notEqual(wrongPath.status, 200);
	});

	it('takes one or two shoe photos as an array, not three and not a bare string', async () => {
		await ok(submit(sim, shoe([IMG]), { path: VM_PATH }));
		await ok(submit(sim, shoe([IMG, IMG]), { path: VM_PATH }));
		await expectError(submit(sim, shoe([IMG, IMG, IMG]), { path: VM_PATH }), 'InvalidParameter', 'input.shoe_image_url');
		await expectError(submit(sim, shoe(IMG), { path: VM_PATH }), 'InvalidParameter', 'input.shoe_image_url');
		await expectError(submit(sim, shoe([IMG], { n: 0 }), { path: VM_PATH }), 'InvalidParameter', 'parameters.n');
	});

	it('answers in the generic results[].url style, with the assumed defaults applied', async () => {
		const id = await submitOk(sim, vm('virtualmodel-v2', {}, { n: 2 }), { path: VM_PATH });
		const done: Json = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.output.results.length, 2);
		for (const entry of done.output.results) assert.match(entry.url, /^https?:\/\//);
		assert.deepEqual(done.usage, { image_count: 2 });
		assert.deepEqual(sim.tasks.get(id)?.parameters, { n: 2, short_side_size: '1024' });
	});
});

describe('poster generation (the text-to-image path)', () => {
	it('takes everything in input with parameters {}, the Chinese orientation and style names', async () => {
		const id = await submitOk(
			sim,
			poster({ sub_title: 's', body_text: 'b', wh_ratios: '横版', lora_name: '中国刺绣', lora_weight: 0.5, ctrl_ratio: 0.7, ctrl_step: 0.7, generate_mode: 'generate', generate_num: 2 }),
			{ path: T2I_PATH },
		);
		const done: Json = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.output.results.length, 2);
		assert.equal(sim.stats.unknownFields.length, 0);
	});

	it('refuses English orientation words, unknown styles and modes; truncates an over-long title', async () => {
		await expectError(submit(sim, poster({ wh_ratios: 'portrait' }), { path: T2I_PATH }), 'InvalidParameter', 'input.wh_ratios');
		await expectError(submit(sim, poster({ lora_name: 'Chinese Embroidery' }), { path: T2I_PATH }), 'InvalidParameter', 'input.lora_name');
		await expectError(submit(sim, poster({ generate_mode: 'sr' }), { path: T2I_PATH }), 'InvalidParameter', 'input.generate_mode');
		await ok(submit(sim, poster({ title: 't'.repeat(31) }), { path: T2I_PATH }));
		assert.deepEqual(sim.stats.truncations.map((t) => t.field), ['input.title']);
	});
});

describe('person segmentation (the image2image path)', () => {
	it('answers two images, the mask and the visualisation', async () => {
		const done: Json = await waitFor(sim, await submitOk(sim, { model: 'image-instance-segmentation', input: { image_url: IMG }, parameters: {} }, { path: I2I_PATH }), ['SUCCEEDED']);
		assert.equal(done.output.results.length, 2);
		await expectError(submit(sim, { model: 'image-instance-segmentation', input: {}, parameters: {} }, { path: I2I_PATH }), 'InvalidParameter', 'input.image_url');
	});
});

describe('region', () => {
	it('serves none of them outside China (Beijing)', async () => {
		const sg = await startSimulator({ region: 'ap-southeast-1' });
		try {
			for (const [body, path] of [
				[vm('virtualmodel-v2'), VM_PATH],
				[vm('wanx-virtualmodel'), VM_PATH],
				[shoe([IMG]), VM_PATH],
				[poster(), T2I_PATH],
				[{ model: 'image-instance-segmentation', input: { image_url: IMG } }, I2I_PATH],
			] as const) {
				const r = await submit(sg, body, { path });
				assert.equal(r.status, 404, JSON.stringify(body));
			}
		} finally {
			await sg.close();
		}
	});
});
