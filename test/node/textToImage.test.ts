/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { kit } from './kit';
import type { Kit } from './kit';

const TEXT_TO_IMAGE: INodeParameters = {
	resource: 'image',
	operation: 'textToImage',
	model: 'wan2.2-t2i-flash',
	prompt: 'A small white chapel under the aurora',
	size: '1024*1024',
	numberOfImages: 2,
};

async function served(url: string): Promise<Buffer> {
	const res = await fetch(url);
	assert.equal(res.status, 200, url);
	return Buffer.from(await res.arrayBuffer());
}

const isPng = (bytes: Buffer) => bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';

describe('text to image inside n8n-core against the simulator', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('n = 2: one output item with both PNGs as data and data_2, bytes as served', async () => {
		k.sim.reset();
		const result = await k.run({
			...TEXT_TO_IMAGE,
			size: '1280*720',
			additionalFields: { negativePrompt: 'people', promptExtend: false, watermark: true, seed: 42 },
		});
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items.length, 1);
		const [item] = result.items;
		const json = item.json as Record<string, unknown>;
		assert.equal(json.status, 'SUCCEEDED');
		assert.equal(json.model, 'wan2.2-t2i-flash');

		const task = k.sim.tasks.get(String(json.taskId));
		const urls = (task?.output?.results as Array<{ url: string }>).map((r) => r.url);
		assert.equal(urls.length, 2);
		assert.deepEqual(Object.keys(item.binary ?? {}).sort(), ['data', 'data_2']);
		for (const [index, property] of ['data', 'data_2'].entries()) {
			const binary = item.binary?.[property];
			assert.equal(binary?.mimeType, 'image/png', property);
			assert.equal(binary?.fileName, `${json.taskId}-${index + 1}.png`);
			const bytes = await result.readBinary(item, property);
			assert.ok(isPng(bytes), `${property} is a PNG`);
			assert.deepEqual(bytes, await served(urls[index]), `${property} holds image ${index + 1}`);
		}

		assert.equal(k.sim.stats.submissions.length, 1);
		const [submission] = k.sim.stats.submissions;
		assert.match(submission.path, /\/api\/v1\/services\/aigc\/text2image\/image-synthesis$/);
		assert.equal(submission.headers['x-dashscope-async'], 'enable');
		assert.deepEqual(submission.body, {
			model: 'wan2.2-t2i-flash',
			input: { prompt: TEXT_TO_IMAGE.prompt, negative_prompt: 'people' },
			parameters: { size: '1280*720', n: 2, prompt_extend: false, watermark: true, seed: 42 },
		});
		assert.deepEqual(k.sim.stats.unknownFields, []);
		assert.equal(k.sim.stats.authHeadersOnFileHost, 0, 'the API key never went to the file host');
	});

	it('one image: a single binary field', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_IMAGE, model: 'wan2.5-t2i-preview', size: '1152*1536', numberOfImages: 1 });
		assert.equal(result.error, undefined, String(result.error));
		const [item] = result.items;
		assert.deepEqual(Object.keys(item.binary ?? {}), ['data']);
		assert.equal(item.binary?.data.mimeType, 'image/png');
		const bytes = await result.readBinary(item, 'data');
		assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1152, 1536]);
	});

	it("refuses a size the model does not take before any request", async () => {
		k.sim.reset();
		// 1280*720 is offered for wan2.2 and older, not for wan2.5 (its sizes hold 1280×1280 to 1440×1440 pixels).
		const result = await k.run({ ...TEXT_TO_IMAGE, model: 'wan2.5-t2i-preview', size: '1280*720' });
		assert.match(
			String(result.error?.message),
			/^Size must be a custom size with 1280×1280 to 1440×1440 pixels in all, aspect 1:4 to 4:1 for model wan2\.5-t2i-preview \(got "1280\*720"\)$/,
		);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('one of two images flagged: the other is delivered, the failure is listed with the task metrics', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_IMAGE, numberOfImages: 2, prompt: 'a cat [[partial:DataInspectionFailed]]' });
		assert.equal(result.error, undefined, String(result.error));
		const [item] = result.items;
		assert.ok(item.binary?.data);
		assert.equal(item.binary?.data_2, undefined);
		assert.deepEqual(item.json.failedResults, [{ code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.' }]);
		assert.deepEqual(item.json.taskMetrics, { TOTAL: 2, SUCCEEDED: 1, FAILED: 1 });
	});

	it('every image flagged: the item fails with the service reason and the task id', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_IMAGE, numberOfImages: 1, prompt: 'a cat [[partial:DataInspectionFailed]]' }, { continueOnFail: true });
		const json = result.items[0].json;
		assert.equal(json.code, 'DataInspectionFailed');
		assert.match(String(json.error), /No result was produced/);
		assert.ok(json.taskId);
	});

	it('refuses more than four images before any request', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_IMAGE, numberOfImages: 5 });
		assert.match(String(result.error?.message), /Number of Images must be 1 to 4 for model wan2\.2-t2i-flash/);
		assert.equal(k.sim.stats.requests.length, 0);
	});
});
