/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { FIRST_FRAME, personPng } from '../simulator/fixtures';
import { kit } from './kit';
import type { Kit } from './kit';

const EDIT_IMAGE: INodeParameters = {
	resource: 'image',
	operation: 'editImage',
	model: 'wan2.5-i2i-preview',
	prompt: 'Put the logo of Image 2 on the shirt of Image 1',
	size: '1024*1024',
	numberOfImages: 2,
};

const isPng = (bytes: Buffer) => bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';

async function itemWith(files: Record<string, Buffer>): Promise<INodeExecutionData> {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, bytes] of Object.entries(files)) binary[property] = await prepareInputBinary(bytes, `${property}.png`, 'image/png');
	return { json: {}, binary };
}

describe('edit image inside n8n-core against the simulator', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('image URLs in order: one output item with both PNGs, the exact body sent', async () => {
		k.sim.reset();
		const urls = [k.sim.fixtureUrl('first-frame.png'), 'https://example.com/logo.webp'];
		const result = await k.run({ ...EDIT_IMAGE, imageUrls: urls, additionalFields: { negativePrompt: 'blur', watermark: true, seed: 7 } });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items.length, 1);
		const [item] = result.items;
		assert.equal(item.json.status, 'SUCCEEDED');
		assert.equal(item.json.model, 'wan2.5-i2i-preview');
		assert.deepEqual(Object.keys(item.binary ?? {}).sort(), ['data', 'data_2']);
		for (const property of ['data', 'data_2']) {
			const bytes = await result.readBinary(item, property);
			assert.ok(isPng(bytes), property);
			assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1024, 1024]);
		}
		const [submission] = k.sim.stats.submissions;
		assert.match(submission.path, /\/api\/v1\/services\/aigc\/image2image\/image-synthesis$/);
		assert.equal(submission.headers['x-dashscope-async'], 'enable');
		assert.deepEqual(submission.body, {
			model: 'wan2.5-i2i-preview',
			input: { prompt: EDIT_IMAGE.prompt, images: urls, negative_prompt: 'blur' },
			parameters: { size: '1024*1024', n: 2, watermark: true, seed: 7 },
		});
		assert.deepEqual(k.sim.stats.unknownFields, []);
		assert.equal(k.sim.stats.authHeadersOnFileHost, 0);
	});

	it('two images from binary fields (photo, logo): uploaded to temporary storage, sent in that order', async () => {
		k.sim.reset();
		const input = await itemWith({ photo: personPng(FIRST_FRAME.width, FIRST_FRAME.height), logo: personPng(400, 400) });
		const result = await k.run(
			{ ...EDIT_IMAGE, numberOfImages: 1, imageSource: 'binary', imageBinaryProperties: 'photo, logo' },
			{ inputItems: [input] },
		);
		assert.equal(result.error, undefined, String(result.error));
		const [submission] = k.sim.stats.submissions;
		assert.equal(submission.headers['x-dashscope-ossresourceresolve'], 'enable');
		const images = (submission.body.input as Record<string, string[]>).images;
		assert.equal(images.length, 2);
		for (const url of images) assert.match(url, /^oss:\/\/.+\.png$/);
		assert.equal(k.sim.stats.policies, 1, 'one policy for both files');
		assert.equal(k.sim.stats.authHeadersOnFileHost, 0);
		const inputFiles = result.items[0].json.inputFiles as Array<{ binaryProperty: string; url: string }>;
		assert.deepEqual(
			inputFiles.map((f) => [f.binaryProperty, f.url]),
			[
				['photo', images[0]],
				['logo', images[1]],
			],
		);
		// The service read Image 1 as the photo (480×720) and Image 2 as the logo (400×400).
		const task = k.sim.tasks.get(String(result.items[0].json.taskId));
		assert.deepEqual(task?.mediaPixels, { 'images[0]': { width: 480, height: 720 }, 'images[1]': { width: 400, height: 400 } });
		assert.ok(isPng(await result.readBinary(result.items[0], 'data')));
	});

	it('refuses a fourth image before any request', async () => {
		k.sim.reset();
		const png = personPng(400, 400);
		const input = await itemWith({ a: png, b: png, c: png, d: png });
		const result = await k.run({ ...EDIT_IMAGE, imageSource: 'binary', imageBinaryProperties: 'a, b, c, d' }, { inputItems: [input] });
		assert.match(String(result.error?.message), /Image URLs takes at most 3 files for model wan2\.5-i2i-preview \(got 4\)/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('refuses an image under 384 px by its bytes before uploading anything', async () => {
		k.sim.reset();
		const input = await itemWith({ data: personPng(320, 480) });
		const result = await k.run({ ...EDIT_IMAGE, imageSource: 'binary', imageBinaryProperties: 'data' }, { inputItems: [input] });
		assert.match(String(result.error?.message), /wan2\.5-i2i-preview/);
		assert.match(String(result.error?.message), /384/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('one image flagged: the other is delivered and the failure listed', async () => {
		k.sim.reset();
		const result = await k.run({
			...EDIT_IMAGE,
			prompt: 'x [[partial:DataInspectionFailed]]',
			imageUrls: [k.sim.fixtureUrl('first-frame.png')],
		});
		assert.equal(result.error, undefined, String(result.error));
		const [item] = result.items;
		assert.ok(item.binary?.data);
		assert.equal(item.binary?.data_2, undefined);
		assert.deepEqual(item.json.taskMetrics, { TOTAL: 2, SUCCEEDED: 1, FAILED: 1 });
	});
});
