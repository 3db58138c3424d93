/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The simulator follows the reference on issue 21's image points: wan2.7-image-pro's 4K only without image sets,
// wan2.7 color_palette (3–10 { hex, ratio }) and bbox_list (one box list per input image) (api-gaps.md §5), the
// Qwen-Image 2.0 / 3.0 models and snapshots (§1.3, §5), and the Virtual Model's aspect_ratio / realPerson /
// predefined_face_id in `input` (seed 002's examples).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import type { Simulator } from './index';
import { call, expectError, ok, startUnthrottledSimulator, submit, submitOk, waitFor } from './testkit';

const SYNC = '/services/aigc/multimodal-generation/generation';
const TASK = '/services/aigc/image-generation/generation';
const VM = '/services/aigc/virtualmodel/generation';
const IMG = 'https://example.com/a.png';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.1, pendingSeconds: 0.02 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const messages = (images = 0) => ({ messages: [{ role: 'user', content: [{ text: 'a poster' }, ...Array.from({ length: images }, () => ({ image: IMG }))] }] });
const sync = (model: string, parameters: object, images = 0) => call(sim, 'POST', SYNC, { body: { model, input: messages(images), parameters } });
const PALETTE = [
	{ hex: '#C2D1E6', ratio: '50%' },
	{ hex: '#636574', ratio: '30%' },
	{ hex: '#F5F1EA', ratio: '20%' },
];

describe('wan2.7-image(-pro) options', () => {
	it('4K: pro, text alone, not as an image set', async () => {
		await ok(sync('wan2.7-image-pro', { size: '4K', n: 1 }));
		await expectError(sync('wan2.7-image-pro', { size: '4K', n: 6, enable_sequential: true }), 'InvalidParameter', '4K');
		await expectError(sync('wan2.7-image-pro', { size: '4K', n: 1 }, 1), 'InvalidParameter', 'size');
	});

	it('color_palette: 3 to 10 { hex, ratio }', async () => {
		await ok(sync('wan2.7-image', { n: 1, color_palette: PALETTE }));
		await expectError(sync('wan2.7-image', { n: 1, color_palette: PALETTE.slice(0, 2) }), 'InvalidParameter', 'color_palette');
		await expectError(sync('wan2.7-image', { n: 1, color_palette: Array.from({ length: 11 }, () => PALETTE[0]) }), 'InvalidParameter', 'color_palette');
		await expectError(sync('wan2.7-image', { n: 1, color_palette: [{ hex: 'blue', ratio: 1 }, PALETTE[1], PALETTE[2]] }), 'InvalidParameter', 'hex');
	});

	it('bbox_list: one list of [x1, y1, x2, y2] boxes per input image', async () => {
		await ok(sync('wan2.7-image', { n: 1, bbox_list: [[[1, 2, 30, 40]], []] }, 2));
		await expectError(sync('wan2.7-image', { n: 1, bbox_list: [[[1, 2, 30, 40]]] }, 2), 'InvalidParameter', 'one entry per input image');
		await expectError(sync('wan2.7-image', { n: 1, bbox_list: [[[1, 2, 30]]] }, 1), 'InvalidParameter', 'bbox_list');
	});
});

describe('Qwen-Image 2.0 / 3.0 and snapshots', () => {
	it('2.0: synchronous only, n 1–6, total pixels 512*512 to 2048*2048, default 2048*2048; usage without task_metric', async () => {
		const reply = await sync('qwen-image-2.0', { n: 6 }, 2);
		assert.equal(reply.status, 200, reply.text);
		assert.equal(reply.body.output.choices.length, 6);
		assert.deepEqual(reply.body.usage, { image_count: 6, width: 2048, height: 2048 });
		assert.equal(reply.body.output.task_metric, undefined);
		await expectError(sync('qwen-image-2.0-pro', { n: 7 }), 'InvalidParameter', 'n');
		await expectError(sync('qwen-image-2.0', { size: '2048*2064' }), 'InvalidParameter', 'size');
		const task = await submit(sim, { model: 'qwen-image-2.0', input: messages(), parameters: {} }, { path: TASK });
		assert.notEqual(task.status, 200, 'no task variant');
	});

	it('3.0: also a task; prompt_extend_mode direct | agent; aspect up to 8:1; its own usage fields', async () => {
		const id = await submitOk(sim, { model: 'qwen-image-3.0-pro', input: messages(1), parameters: { n: 2, prompt_extend_mode: 'agent', size: '2048*256' } }, { path: TASK });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.deepEqual(done.usage, { output_width: 2048, output_height: 256, input_image_count: 1, output_image_count: 2, output_image_type: 'qima_output_1k' });
		await expectError(sync('qwen-image-3.0', { prompt_extend_mode: 'smart' }), 'InvalidParameter', 'prompt_extend_mode');
		await expectError(sync('qwen-image-3.0', { size: '2048*255' }), 'InvalidParameter', 'size');
		sim.reset();
		await ok(sync('qwen-image-2.0', { prompt_extend_mode: 'agent' }));
		assert.deepEqual(sim.stats.unknownFields.map((u) => `${u.model}:${u.field}`), ['qwen-image-2.0:parameters.prompt_extend_mode'], 'a 3.0 field, unknown to 2.0');
	});

	it('the snapshots answer the messages call', async () => {
		await ok(sync('qwen-image-max-2025-12-30', { n: 1 }));
		await ok(sync('qwen-image-plus-2026-01-09', { n: 1, size: '1328*1328' }));
	});
});

describe('Virtual Model fields of seed 002', () => {
	const vm = (model: string, input: object) => ({ model, input: { base_image_url: IMG, mask_image_url: IMG, prompt: 'p', face_prompt: 'f', ...input } });
	it('V2: aspect_ratio among the listed ratios and realPerson, in input; V1: predefined_face_id', async () => {
		await ok(submit(sim, vm('virtualmodel-v2', { aspect_ratio: '4:3', realPerson: false }), { path: VM }));
		await expectError(submit(sim, vm('virtualmodel-v2', { aspect_ratio: '5:4' }), { path: VM }), 'InvalidParameter', 'aspect_ratio');
		await ok(submit(sim, vm('wanx-virtualmodel', { predefined_face_id: 'boy3' }), { path: VM }));
	});
});
