/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Cost: estimates before submitting, the Max Estimated Cost per Execution guard, Dry Run, and `cost` on
// every finished item — inside n8n-core, against the simulator.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { DANCE_SECONDS, fixtures } from '../simulator/fixtures';
import { items, kit, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const SWAP: INodeParameters = {
	resource: 'video',
	operation: 'characterSwap',
	model: 'wan2.2-animate-mix',
	imageUrl: '',
	videoUrl: '',
	mode: 'wan-std',
};

const file = (name: string) => fixtures().get(name)!;

async function withFiles(files: Record<string, { name: string; type: string; body: Buffer }>): Promise<INodeExecutionData> {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, f] of Object.entries(files)) binary[property] = await prepareInputBinary(f.body, f.name, f.type);
	return { json: {}, binary };
}

const json = (item: INodeExecutionData) => item.json as Record<string, any>;
const description = (error: unknown) => String((error as { description?: string } | undefined)?.description);

describe('cost: estimates, budget guard, dry run', () => {
	let k: Kit;
	let swap: INodeParameters;
	beforeAll(async () => {
		k = await kit();
		swap = { ...SWAP, imageUrl: k.sim.fixtureUrl('person.png'), videoUrl: k.sim.fixtureUrl('dance.mp4') };
	});
	afterAll(() => k.close());

	it('dry run: no request at all; the estimate, the endpoint and the exact body that a real run submits', async () => {
		k.sim.reset();
		const params = { ...TEXT_TO_VIDEO, additionalFields: { seed: 7, negativePrompt: 'rain' } };
		const dry = await k.run({ ...params, options: { dryRun: true } });
		assert.equal(dry.error, undefined, String(dry.error));
		assert.equal(k.sim.stats.requests.length, 0, 'nothing was sent');
		assert.equal(k.sim.stats.submits, 0);
		const [item] = dry.items;
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(json(item).dryRun, true);
		assert.equal(json(item).model, 'wan2.6-t2v');
		assert.equal(json(item).endpoint, `${k.sim.apiBaseUrl}/services/aigc/video-generation/video-synthesis`);
		// wan2.6-t2v 720P: 5 s × 0.6 CNY; the estimate names every figure it is made of.
		assert.deepEqual(json(item).estimate, {
			unit: 'second',
			units: 5,
			unitPrice: 0.6,
			currency: 'CNY',
			amount: 3,
			priceDate: '2026-05-26',
			source: 'https://help.aliyun.com/zh/model-studio/model-pricing',
			tier: { resolution: '720P' },
		});

		const real = await k.run(params);
		assert.equal(real.error, undefined, String(real.error));
		assert.deepEqual(json(item).request, k.sim.stats.submissions[0].body, 'the dry-run body is the body submitted');
	});

	it('dry run with binary inputs: placeholders, nothing uploaded; the estimate follows the video read from the file', async () => {
		k.sim.reset();
		const input = await withFiles({
			photo: { ...file('person.png'), name: 'me.png' },
			clip: { ...file('dance.mp4'), name: 'dance.mp4' },
		});
		const result = await k.run(
			{
				resource: 'video',
				operation: 'animateImage',
				model: 'wan2.2-animate-move',
				imageSource: 'binary',
				imageBinaryProperty: 'photo',
				videoSource: 'binary',
				videoBinaryProperty: 'clip',
				mode: 'wan-pro',
				options: { dryRun: true },
			},
			{ inputItems: [input] },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.requests.length, 0);
		assert.equal(k.sim.stats.uploads, 0);
		const out = json(result.items[0]);
		assert.match(out.request.input.image_url, /^<binary field "photo" \(image\/png, \d+ bytes\), uploaded to temporary storage/);
		assert.match(out.request.input.video_url, /^<binary field "clip" \(video\/mp4, \d+ bytes\)/);
		assert.equal(out.request.parameters.mode, 'wan-pro');
		assert.equal(out.headers['X-DashScope-OssResourceResolve'], 'enable');
		assert.deepEqual(out.estimate, {
			unit: 'second',
			units: DANCE_SECONDS,
			unitPrice: 0.6,
			currency: 'CNY',
			amount: 3.12,
			priceDate: '2026-05-26',
			source: 'https://help.aliyun.com/zh/model-studio/model-pricing',
			tier: { mode: 'wan-pro' },
			note: 'The output is as long as the input file',
		});
	});

	it('estimates: a video URL of unknown length spans the documented 2–30 s; Singapore text to image in CNY as the page writes it; n × price', async () => {
		k.sim.reset();
		const mix = await k.run({ ...swap, options: { dryRun: true } });
		assert.equal(mix.error, undefined, String(mix.error));
		const estimate = json(mix.items[0]).estimate;
		assert.equal(estimate.units, null);
		assert.equal(estimate.amount, null);
		assert.deepEqual([estimate.unitsMin, estimate.unitsMax, estimate.amountMin, estimate.amountMax], [2, 30, 1.2, 18]);
		assert.match(estimate.note, /input\.video_url/);

		const t2i = await k.run(
			{
				resource: 'image',
				operation: 'textToImage',
				model: 'wanx2.1-t2i-turbo',
				prompt: 'A lighthouse',
				size: '1024*1024',
				numberOfImages: 3,
				options: { dryRun: true },
			},
			{ region: 'ap-southeast-1' },
		);
		assert.equal(t2i.error, undefined, String(t2i.error));
		const out = json(t2i.items[0]);
		assert.equal(out.request.model, 'wan2.1-t2i-turbo', 'the regional name is sent');
		assert.equal(out.request.parameters.n, 3);
		assert.deepEqual(
			[out.estimate.units, out.estimate.unitPrice, out.estimate.currency, out.estimate.amount, out.estimate.priceDate],
			[3, 0.183481, 'CNY', 0.550443, '2026-05-26'],
		);
		// The same model in Beijing, at the Beijing price.
		const beijing = await k.run({ ...TEXT_TO_VIDEO, resource: 'image', operation: 'textToImage', model: 'wanx2.1-t2i-turbo', size: '1024*1024', numberOfImages: 3, options: { dryRun: true } });
		assert.deepEqual([json(beijing.items[0]).estimate.unitPrice, json(beijing.items[0]).estimate.amount], [0.14, 0.42]);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('guard: the item past the budget fails the node before any submission, naming budget, running total and estimate', async () => {
		k.sim.reset();
		// Each row: up to 30 s × 0.6 CNY = 18 CNY; 40 admits two rows, the third would make 54.
		const result = await k.run(
			{ ...swap, options: { maxEstimatedCost: 40 } },
			{ inputItems: items({ row: '1' }, { row: '2' }, { row: '3' }) },
		);
		assert.ok(result.error, 'the node failed');
		assert.equal(k.sim.stats.submits, 0, 'nothing was submitted');
		assert.equal(k.sim.stats.submitRequests, 0);
		const message = String(result.error?.message);
		assert.match(message, /Item 3 would exceed the Max Estimated Cost per Execution of 40 CNY/);
		assert.match(message, /items before it are estimated at 36 CNY/);
		assert.match(message, /up to 18 CNY \(2–30 seconds × 0\.6 CNY\/second, wan-std\)/);
		assert.match(description(result.error), /Nothing was sent to DashScope/);
	});

	it('guard with On Error → Continue: items within the budget run, the one past it is an error item; zero submissions past the budget', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...swap, options: { maxEstimatedCost: 40, returnAs: 'url' } },
			{ inputItems: items({ row: '1' }, { row: '2' }, { row: '3' }), continueOnFail: true },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.submits, 2, 'only the two rows within the budget were submitted');
		assert.deepEqual(result.items.map((i) => i.json.status ?? 'error'), ['SUCCEEDED', 'SUCCEEDED', 'error']);
		assert.deepEqual(result.items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		assert.match(String(result.items[2].json.error), /Item 3 would exceed .* 40 CNY: .* 36 CNY .* up to 18 CNY/);
	});

	it('guard: a model whose price is unknown is refused while a budget is set (the budget could not be guaranteed)', async () => {
		k.sim.reset();
		// Video style transform: the output is as long as the input video, whose length a URL does not tell.
		const style = { resource: 'video', operation: 'styleTransform', model: 'video-style-transform', videoUrl: 'https://example.com/dance.mp4' };
		const t2v = await k.run({ ...style, options: { maxEstimatedCost: 100 } });
		assert.match(String(t2v.error?.message), /cost of item 1 \(video-style-transform\) cannot be estimated, so the Max Estimated Cost per Execution of 100 cannot be guaranteed/);
		assert.match(description(t2v.error), /set Max Estimated Cost per Execution to 0/);
		assert.equal(k.sim.stats.submits, 0);
	});
});

describe('the silent price of a -flash model, at submission and when picked up later', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('audio off: the estimate, the cost, and Task → Wait (from usage.audio alone) use the silent price', async () => {
		k.sim.reset();
		const flash = {
			resource: 'video',
			operation: 'imageToVideo',
			model: 'wan2.6-i2v-flash',
			imageUrl: k.sim.fixtureUrl('first-frame.png'),
			resolution: '720P',
			duration: 5,
			additionalFields: { audio: false },
		};
		const dry = await k.run({ ...flash, options: { dryRun: true } });
		assert.deepEqual([json(dry.items[0]).estimate.unitPrice, json(dry.items[0]).estimate.amount, json(dry.items[0]).estimate.tier], [0.15, 0.75, { audio: 'silent', resolution: '720P' }]);
		const submitted = await k.run({ ...flash, options: { waitForCompletion: false } });
		const taskId = String(submitted.items[0].json.taskId);
		const waited = await k.run({ resource: 'task', operation: 'wait', taskId, options: { returnAs: 'url' } });
		assert.equal(waited.error, undefined, String(waited.error));
		assert.deepEqual([json(waited.items[0]).cost.unitPrice, json(waited.items[0]).cost.amount], [0.15, 0.75]);
	});
});

describe('cost on the output of every family', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	const url = (name: string) => k.sim.fixtureUrl(name);
	const families: Array<[string, () => INodeParameters, Record<string, unknown>, string?]> = [
		['text to video', () => TEXT_TO_VIDEO, { units: 5, unit: 'second', usageField: 'usage.duration', unitPrice: 0.6, amount: 3, tier: { resolution: '720P' } }],
		[
			'image to video',
			() => ({ resource: 'video', operation: 'imageToVideo', model: 'wan2.6-i2v', imageUrl: url('first-frame.png'), resolution: '720P', duration: 4 }),
			{ units: 4, unit: 'second', usageField: 'usage.duration', amount: 2.4 },
		],
		[
			'first and last frame',
			() => ({ resource: 'video', operation: 'firstLastFrameToVideo', model: 'wan2.2-kf2v-flash', firstFrameUrl: url('first-frame.png'), prompt: 'Sunset', resolution: '480P' }),
			{ units: 5, unit: 'second', usageField: 'usage.video_duration', unitPrice: 0.1, amount: 0.5 },
		],
		[
			'reference to video',
			() => ({ resource: 'video', operation: 'referenceToVideo', model: 'wan2.6-r2v-flash', prompt: 'character1 waves', referenceUrls: url('first-frame.png'), size: '1280*720', duration: 5 }),
			{ units: 5, unit: 'second', usageField: 'usage.duration', unitPrice: 0.3, amount: 1.5, tier: { audio: 'sound', resolution: '720P' } },
		],
		[
			'character swap',
			() => ({ ...SWAP, imageUrl: url('person.png'), videoUrl: url('dance.mp4') }),
			{ units: DANCE_SECONDS, unit: 'second', usageField: 'usage.video_duration', unitPrice: 0.6, currency: 'CNY', amount: 3.12, priceDate: '2026-05-26', tier: { mode: 'wan-std' } },
		],
		[
			'animate image',
			() => ({ ...SWAP, operation: 'animateImage', model: 'wan2.2-animate-move', imageUrl: url('person.png'), videoUrl: url('dance.mp4'), mode: 'wan-pro' }),
			{ units: DANCE_SECONDS, unit: 'second', usageField: 'usage.video_duration', unitPrice: 0.6, currency: 'CNY', amount: 3.12, priceDate: '2026-05-26', tier: { mode: 'wan-pro' } },
		],
		[
			'text to image',
			() => ({ resource: 'image', operation: 'textToImage', model: 'wan2.2-t2i-flash', prompt: 'A chapel', size: '1024*1024', numberOfImages: 2 }),
			{ units: 2, unit: 'image', usageField: 'usage.image_count', unitPrice: 0.14, amount: 0.28 },
		],
		[
			'text to image (Singapore, in CNY as the price page writes it)',
			() => ({ resource: 'image', operation: 'textToImage', model: 'wanx2.1-t2i-plus', prompt: 'A chapel', size: '1024*1024', numberOfImages: 2 }),
			{ units: 2, unit: 'image', usageField: 'usage.image_count', unitPrice: 0.366962, currency: 'CNY', amount: 0.733924, priceDate: '2026-05-26' },
			'ap-southeast-1',
		],
		[
			'edit image',
			() => ({ resource: 'image', operation: 'editImage', model: 'wan2.5-i2i-preview', prompt: 'Make Image 1 blue', imageUrls: url('first-frame.png'), size: '1024*1024', numberOfImages: 2 }),
			{ units: 2, unit: 'image', usageField: 'usage.image_count', unitPrice: 0.2, amount: 0.4 },
		],
	];

	for (const [name, params, expected, region] of families) {
		it(`${name}: json.cost from the task's usage`, async () => {
			k.sim.reset();
			const result = await k.run({ ...params(), options: { returnAs: 'url' } }, region ? { region } : {});
			assert.equal(result.error, undefined, String(result.error));
			const cost = json(result.items[0]).cost;
			assert.ok(cost, 'the item carries cost');
			for (const [key, value] of Object.entries(expected)) assert.deepEqual(cost[key], value, `${name}: cost.${key}`);
			if (cost.amount === null) assert.match(cost.reason, /unknown|not stated|do not state/);
			else assert.equal(cost.reason, undefined);
		});
	}
});
