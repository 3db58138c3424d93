/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The messages-protocol image models (wan2.6-t2i, qwen-image-max, wan2.7-image(-pro), wan2.6-image) inside n8n-core
// against the simulator: the exact JSON the service receives, the synchronous endpoint while waiting and the task
// endpoint otherwise, the range edges refused before paying, binary inputs as message parts, interleaved text and
// images, one item per image, and a lost synchronous answer that is never sent twice.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { personPng } from '../simulator/fixtures';
import { generatedImages, isPng, kit, refused } from './kit';
import type { Kit } from './kit';

const SYNC = '/api/v1/services/aigc/multimodal-generation/generation';
const TASK = '/api/v1/services/aigc/image-generation/generation';
const PROMPT = 'A flower shop with exquisite windows';
const T2I: INodeParameters = { resource: 'image', operation: 'textToImage', prompt: PROMPT };
const EDIT: INodeParameters = { resource: 'image', operation: 'editImage', prompt: 'Put the vase of Image 1 on the table of Image 2' };
const IMG1 = 'https://example.com/vase.png';
const IMG2 = 'https://example.com/table.png';

const message = (...images: string[]) => [{ role: 'user', content: [{ text: PROMPT }, ...images.map((image) => ({ image }))] }];

async function photoItem(): Promise<INodeExecutionData> {
	return { json: {}, binary: { photo: await prepareInputBinary(personPng(480, 720), 'photo.png', 'image/png') } };
}

describe('messages-protocol image models inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		const fast = { rps: 100, concurrency: 10 };
		k = await kit({
			limits: { 'wan2.6-t2i': fast, 'qwen-image-max': fast, 'wan2.7-image': fast, 'wan2.7-image-pro': fast, 'wan2.6-image': fast },
		});
	});
	afterAll(() => k.close());

	it('wan2.6-t2i while waiting: one synchronous call (no async header, no task), its images decoded', async () => {
		const { body, json, sizes } = await generatedImages(k, { ...T2I, model: 'wan2.6-t2i', numberOfImages: 2 });
		assert.deepEqual(body, {
			model: 'wan2.6-t2i',
			input: { messages: [{ role: 'user', content: [{ text: PROMPT }] }] },
			parameters: { size: '1280*1280', n: 2 },
		});
		const [call] = k.sim.stats.syncGenerations;
		assert.equal(call.path, SYNC);
		assert.equal(call.headers['x-dashscope-async'], undefined);
		assert.equal(k.sim.stats.submitRequests, 0, 'no task was created');
		assert.equal(k.sim.stats.queries, 0, 'nothing to poll');
		assert.deepEqual(sizes, [
			[1280, 1280],
			[1280, 1280],
		]);
		assert.equal(json.taskId, null);
		assert.match(String(json.requestId), /^[0-9a-f-]{36}$/);
		assert.equal((json.resultUrls as string[]).length, 2);
		assert.deepEqual(json.usage, { image_count: 2, input_tokens: 0, output_tokens: 0, size: '1280*1280', total_tokens: 0 });
	});

	it('wan2.6-t2i without waiting: a task on the image-generation endpoint, which Task → Wait downloads later', async () => {
		k.sim.reset();
		const submitted = await k.run({
			...T2I,
			model: 'wan2.6-t2i',
			numberOfImages: 1,
			size: '1792*1008',
			additionalFields: { negativePrompt: 'people', promptExtend: false, watermark: true, seed: 2147483647 },
			options: { waitForCompletion: false },
		});
		assert.equal(submitted.error, undefined, String(submitted.error));
		const [submission] = k.sim.stats.submissions;
		assert.equal(submission.path, TASK);
		assert.equal(submission.headers['x-dashscope-async'], 'enable');
		assert.deepEqual(submission.body, {
			model: 'wan2.6-t2i',
			input: { messages: [{ role: 'user', content: [{ text: PROMPT }] }] },
			parameters: { size: '1792*1008', n: 1, negative_prompt: 'people', prompt_extend: false, watermark: true, seed: 2147483647 },
		});
		const taskId = String(submitted.items[0].json.taskId);
		const waited = await k.run({ resource: 'task', operation: 'wait', taskId });
		assert.equal(waited.error, undefined, String(waited.error));
		const bytes = await waited.readBinary(waited.items[0], 'data');
		assert.ok(isPng(bytes));
		assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1792, 1008]);
	});

	it('wan2.6-t2i edges: 2,100 characters and 4 images pass; 2,101 characters and 5 images are refused before paying', async () => {
		const prompt = 'x'.repeat(2100);
		const { body } = await generatedImages(k, { ...T2I, model: 'wan2.6-t2i', prompt, numberOfImages: 4 });
		assert.equal(((body.input as any).messages[0].content[0] as { text: string }).text, prompt);
		await refused(k, { ...T2I, model: 'wan2.6-t2i', prompt: `${prompt}x` }, /Prompt must be at most 2100 characters/);
		await refused(k, { ...T2I, model: 'wan2.6-t2i', numberOfImages: 5 }, /Number of Images must be 1 to 4/);
		await refused(k, { ...T2I, model: 'wan2.6-t2i', size: '1024*1024' }, /Size must be a custom size with 1280×1280 to 1440×1440 pixels in all/);
	});

	it('qwen-image-max: always synchronous (it has no task variant), even with waiting off; one image, five fixed sizes', async () => {
		k.sim.reset();
		const result = await k.run({ ...T2I, model: 'qwen-image-max', size: '928*1664', options: { waitForCompletion: false } });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.submitRequests, 0);
		const [call] = k.sim.stats.syncGenerations;
		assert.equal(call.path, SYNC);
		assert.deepEqual(call.body, { model: 'qwen-image-max', input: { messages: message() }, parameters: { size: '928*1664', n: 1 } });
		const bytes = await result.readBinary(result.items[0], 'data');
		assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [928, 1664]);
		assert.deepEqual(result.items[0].json.usage, { image_count: 1, width: 928, height: 1664 });
		await refused(k, { ...T2I, model: 'qwen-image-max', numberOfImages: 2 }, /Number of Images must be 1 to 1/);
		await refused(k, { ...T2I, model: 'qwen-image-max', prompt: 'x'.repeat(801) }, /at most 800 characters/);
	});

	it('wan2.7-image: no negative prompt offered; more than 4 images only as an image set, at most 12', async () => {
		await refused(k, { ...T2I, model: 'wan2.7-image', size: '1K', numberOfImages: 5 }, /Number of Images must be at most 4 for model wan2.7-image unless Image Set is on/);
		await refused(k, { ...T2I, model: 'wan2.7-image', size: '1K', numberOfImages: 13, additionalFields: { imageSet: true } }, /Number of Images must be 1 to 12/);
		const { body, sizes } = await generatedImages(k, {
			...T2I,
			model: 'wan2.7-image',
			size: '1K',
			numberOfImages: 5,
			additionalFields: { imageSet: true, thinkingMode: false, negativePrompt: 'ignored: not a wan2.7 field' },
		});
		assert.deepEqual(body, {
			model: 'wan2.7-image',
			input: { messages: message() },
			parameters: { size: '1K', n: 5, enable_sequential: true, thinking_mode: false },
		});
		assert.equal(sizes.length, 5);
	});

	it('wan2.7-image-pro offers 4K from text (a dry run shows the synchronous call it would make)', async () => {
		k.sim.reset();
		const result = await k.run({ ...T2I, model: 'wan2.7-image-pro', size: '4K', numberOfImages: 1, options: { dryRun: true } });
		assert.equal(result.error, undefined, String(result.error));
		const json = result.items[0].json as Record<string, any>;
		assert.equal(json.endpoint, `${k.sim.apiBaseUrl.replace(/\/api\/v1$/, '')}${SYNC}`);
		assert.deepEqual(json.headers, {});
		assert.deepEqual(json.request, { model: 'wan2.7-image-pro', input: { messages: message() }, parameters: { size: '4K', n: 1 } });
		assert.equal(k.sim.stats.syncRequests + k.sim.stats.submitRequests, 0);
		await refused(k, { ...T2I, model: 'wan2.7-image', size: '4K' }, /Size must be one of 1K, 2K/);
	});

	it('Edit Image wan2.6-image: the prompt, then each image as a part of the message, in order', async () => {
		const { body, sizes } = await generatedImages(k, { ...EDIT, model: 'wan2.6-image', imageUrls: `${IMG1}, ${IMG2}`, numberOfImages: 1, size: '2K' });
		assert.deepEqual(body, {
			model: 'wan2.6-image',
			input: { messages: [{ role: 'user', content: [{ text: EDIT.prompt }, { image: IMG1 }, { image: IMG2 }] }] },
			parameters: { enable_interleave: false, size: '2K', n: 1 },
		});
		assert.deepEqual(sizes, [[2048, 2048]]);
		await refused(k, { ...EDIT, model: 'wan2.6-image', imageUrls: [IMG1, IMG1, IMG1, IMG1, IMG1].join(',') }, /at most 4 files/);
		await refused(k, { ...EDIT, model: 'wan2.6-image', imageUrls: '' }, /Image URLs is required/);
	});

	it('Edit Image wan2.7-image-pro: nine reference images pass, ten are refused; 4K is for text alone', async () => {
		const nine = Array.from({ length: 9 }, (_, i) => `https://example.com/ref-${i + 1}.png`);
		const { body } = await generatedImages(k, { ...EDIT, model: 'wan2.7-image-pro', imageUrls: nine.join(','), size: '1K', numberOfImages: 1 });
		assert.deepEqual((body.input as any).messages[0].content, [{ text: EDIT.prompt }, ...nine.map((image) => ({ image }))]);
		await refused(k, { ...EDIT, model: 'wan2.7-image-pro', imageUrls: [...nine, IMG1].join(','), size: '1K' }, /at most 9 files/);
		await refused(k, { ...EDIT, model: 'wan2.7-image-pro', imageUrls: IMG1, size: '4K' }, /Size must be one of 1K, 2K/);
	});

	it('Edit Image wan2.7-image from binary data: uploaded, sent as an oss:// image part with the resolve header', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...EDIT, model: 'wan2.7-image', imageSource: 'binary', imageBinaryProperties: 'photo', size: '1K', numberOfImages: 1 },
			{ inputItems: [await photoItem()] },
		);
		assert.equal(result.error, undefined, String(result.error));
		const [call] = k.sim.stats.syncGenerations;
		assert.equal(call.headers['x-dashscope-ossresourceresolve'], 'enable');
		const content = (call.body.input as any).messages[0].content as Array<Record<string, string>>;
		assert.equal(content[0].text, EDIT.prompt);
		assert.match(content[1].image, /^oss:\/\/.+\.png$/);
		assert.equal(content.length, 2);
		assert.ok(isPng(await result.readBinary(result.items[0], 'data')));
	});

	it('outside Beijing (no temporary storage) a binary image goes inline as a data: URI part', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...EDIT, model: 'wan2.6-image', imageSource: 'binary', imageBinaryProperties: 'photo', size: '1K', numberOfImages: 1 },
			{ inputItems: [await photoItem()], region: 'ap-southeast-1' },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.policies, 0, 'no upload');
		const [call] = k.sim.stats.syncGenerations;
		assert.equal(call.headers['x-dashscope-ossresourceresolve'], undefined);
		const content = (call.body.input as any).messages[0].content as Array<Record<string, string>>;
		assert.match(content[1].image, /^data:image\/png;base64,iVBORw0KGgo/);
	});

	it('Text and Images (wan2.6-image interleaved): always a task; the text and the parts in order, the pictures as binary', async () => {
		k.sim.reset();
		const result = await k.run({
			resource: 'image',
			operation: 'textAndImages',
			model: 'wan2.6-image',
			prompt: 'A three-step guide to planting tulips',
			maxImages: 3,
		});
		assert.equal(result.error, undefined, String(result.error));
		const [submission] = k.sim.stats.submissions;
		assert.equal(submission.path, TASK);
		assert.deepEqual(submission.body, {
			model: 'wan2.6-image',
			input: { messages: [{ role: 'user', content: [{ text: 'A three-step guide to planting tulips' }] }] },
			parameters: { enable_interleave: true, n: 1, max_images: 3 },
		});
		const [item] = result.items;
		assert.deepEqual(Object.keys(item.binary ?? {}).sort(), ['data', 'data_2', 'data_3']);
		for (const property of ['data', 'data_2', 'data_3']) assert.ok(isPng(await result.readBinary(item, property)));
		assert.equal(item.json.text, 'Step 1 of the story.\n\nStep 2 of the story.\n\nStep 3 of the story.');
		const content = item.json.content as Array<Record<string, string>>;
		assert.deepEqual(
			content.map((part) => part.text ?? part.binaryProperty),
			['Step 1 of the story.', 'data', 'Step 2 of the story.', 'data_2', 'Step 3 of the story.', 'data_3'],
		);
		// One item per picture: each keeps the text and the parts, which name pictures by URL only.
		const split = await k.run({ resource: 'task', operation: 'wait', taskId: String(item.json.taskId), options: { oneItemPerFile: true } });
		assert.equal(split.items.length, 3);
		for (const one of split.items) {
			assert.equal(one.json.text, item.json.text);
			assert.ok((one.json.content as Array<Record<string, unknown>>).every((part) => part.binaryProperty === undefined));
		}
		// Picked up later by Task → Wait, the same task gives the same text and parts.
		const again = await k.run({ resource: 'task', operation: 'wait', taskId: String(item.json.taskId) });
		assert.equal(again.error, undefined, String(again.error));
		assert.equal(again.items[0].json.text, item.json.text);
		assert.deepEqual(again.items[0].json.content, item.json.content);
		// An answer of images only carries no text or content fields.
		const plain = await k.run({ ...EDIT, model: 'wan2.6-image', imageUrls: IMG1, numberOfImages: 1, size: '1K' });
		assert.equal(plain.items[0].json.text, undefined);
		assert.equal(plain.items[0].json.content, undefined);
		await refused(k, { resource: 'image', operation: 'textAndImages', model: 'wan2.6-image', prompt: 'x', maxImages: 6 }, /Max Images must be 1 to 5/);
		await refused(
			k,
			{ resource: 'image', operation: 'textAndImages', model: 'wan2.6-image', prompt: 'x', imageUrls: `${IMG1},${IMG2}` },
			/at most 1 files/,
		);
	});

	it('One Item per Image: three images become three items, each in the output field and paired with its input', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...T2I, model: 'wan2.6-t2i', numberOfImages: 3, options: { oneItemPerFile: true, binaryPropertyName: 'picture' } },
			{ inputItems: [{ json: { row: 1 } }, { json: { row: 2 } }] },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items.length, 6);
		assert.deepEqual(
			result.items.map((item) => [item.pairedItem, item.json.fileIndex, item.json.fileCount, Object.keys(item.binary ?? {})]),
			[0, 0, 0, 1, 1, 1].map((input, i) => [{ item: input }, (i % 3) + 1, 3, ['picture']]),
		);
		const urls = new Set(result.items.map((item) => item.json.resultUrl));
		assert.equal(urls.size, 6, 'each item holds its own image');
		for (const item of result.items) assert.ok(isPng(await result.readBinary(item, 'picture')));
	});

	it("many items: synchronous calls held open at once stay within the model's concurrency (5 for wan2.6-t2i)", async () => {
		// 2 s per call at 5 calls per second: without the limit, all 8 would be held open together.
		const slow = await kit({ taskSeconds: 2, limits: { 'wan2.6-t2i': { rps: 100, concurrency: 10 } } });
		try {
			const result = await slow.run(
				{ ...T2I, model: 'wan2.6-t2i', numberOfImages: 1, prompt: '={{ $json.prompt }}' },
				{ inputItems: Array.from({ length: 8 }, (_, i) => ({ json: { prompt: `flower shop ${i + 1}` } })), region: 'ap-southeast-1' },
			);
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(result.items.length, 8);
			assert.equal(slow.sim.stats.syncGenerations.length, 8);
			const peak = slow.sim.stats.syncPeakInFlight['wan2.6-t2i'];
			assert.ok(peak <= 5 && peak >= 4, `peak ${peak} calls at once (without the limit: 8)`);
		} finally {
			await slow.close();
		}
	});

	it('a throttled synchronous call is retried; an answer lost after the image was made is not sent again', async () => {
		k.sim.reset();
		k.sim.faults.submitRefusals = [{ status: 429, code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' }];
		const retried = await k.run({ ...T2I, model: 'wan2.6-t2i', numberOfImages: 1 });
		assert.equal(retried.error, undefined, String(retried.error));
		assert.equal(k.sim.stats.syncRequests, 2);

		k.sim.reset();
		k.sim.faults.dropSubmitResponseAfterCreate = 1;
		const lost = await k.run({ ...T2I, model: 'wan2.6-t2i', numberOfImages: 1 });
		assert.match(String(lost.error?.message), /no answer from DashScope after the request was sent/);
		assert.match(String((lost.error as { description?: string }).description), /may have been generated and billed/);
		assert.equal(k.sim.stats.syncRequests, 1, 'sent once: a second call could pay twice');
	});

	it('a synchronous HTTP 200 answer with a code, or without an image, fails the item with what it said', async () => {
		k.sim.reset();
		k.sim.faults.syncAnswers = [
			{ code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.', request_id: 'r-1' },
			{ output: { choices: [], finished: true }, usage: { image_count: 0 }, request_id: 'r-2' },
		];
		const flagged = await k.run({ ...T2I, model: 'wan2.6-t2i', numberOfImages: 1 });
		assert.match(String(flagged.error?.message), /DataInspectionFailed/);
		const empty = await k.run({ ...T2I, model: 'wan2.6-t2i', numberOfImages: 1 });
		assert.match(String(empty.error?.message), /answer succeeded but holds no result URL/);
		assert.match(String((empty.error as { description?: string }).description), /no task to inspect/);
		assert.equal(k.sim.stats.syncRequests, 2, 'neither was sent again');
	});

	it('region gating: wan2.7-image is not offered in Virginia, wan2.6-t2i is', async () => {
		k.sim.reset();
		const gated = await k.run({ ...T2I, model: 'wan2.7-image', size: '1K', numberOfImages: 1 }, { region: 'us-east-1' });
		assert.match(String(gated.error?.message), /not offered in US \(Virginia\)/);
		assert.equal(k.sim.stats.syncRequests + k.sim.stats.submitRequests, 0);
		const served = await k.run({ ...T2I, model: 'wan2.6-t2i', numberOfImages: 1 }, { region: 'us-east-1' });
		assert.equal(served.error, undefined, String(served.error));
	});
});
