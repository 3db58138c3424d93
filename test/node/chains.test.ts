/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The avatar chains (check → template job → generation) where a step can waste a billed one: oss:// URLs bound to
// one model, Dry Run of every step, a template kept on failure, known face boxes, dedicated deployments; and the
// budget across a video model, an image model and a chained avatar model. Inside n8n-core against the simulator.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { items, kit, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const PHOTO = 'https://example.com/portrait.png';
const VOICE = 'https://example.com/voice.mp3';
const DANCE = 'https://example.com/dance.mp4';
const EMO: INodeParameters = { resource: 'avatar', operation: 'emo', model: 'emo-v1', imageUrl: PHOTO, audioUrl: VOICE, ratio: '1:1', styleLevel: 'normal' };
const EMOJI: INodeParameters = { resource: 'avatar', operation: 'emoji', model: 'emoji-v1', imageUrl: PHOTO, drivenId: 'jingdian_xianqi' };
const AA: INodeParameters = { resource: 'avatar', operation: 'animateAnyone', model: 'animate-anyone-gen2', imageUrl: PHOTO, videoUrl: DANCE };
const PAGE = 'https://help.aliyun.com/zh/model-studio/model-pricing';

const json = (value: unknown) => value as Record<string, any>;

describe('avatar chains: no billed step wasted', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ deployments: { 'emo-private-1': 'emo-v1', 'emo-detect-private-1': 'emo-detect-v1', 'aa-private-1': 'animate-anyone-gen2' } });
	});
	afterAll(() => k.close());

	it('an oss:// URL that would go to both the check and the generation is refused before anything is sent, with what to do', async () => {
		for (const parameters of [
			{ ...EMO, imageUrl: 'oss://dashscope-instant/abc/2026-12-06/x/portrait.png' },
			{ ...AA, imageUrl: 'oss://dashscope-instant/abc/2026-12-06/x/person.png' },
		]) {
			k.sim.reset();
			const result = await k.run(parameters);
			assert.match(String(result.error?.message), /Portrait Image URL|Person Image URL/);
			assert.match(String(result.error?.message), /temporary oss:\/\/ URL, which works only for the one model it was uploaded for/);
			assert.match(String(result.error?.message), /Give the file as binary data instead .* or a public http\(s\) URL/);
			assert.equal(k.sim.stats.requests.length, 0, 'nothing was sent, nothing paid');
		}
	});

	it('Dry Run of EMO shows the check request, then the generation request with named placeholders, and the estimate of each step', async () => {
		k.sim.reset();
		const result = await k.run({ ...EMO, options: { dryRun: true } });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.requests.length, 0);
		const out = json(result.items[0].json);
		const [check, generation] = out.steps;
		assert.deepEqual(
			{ step: check.step, model: check.model, endpoint: check.endpoint, request: check.request, headers: check.headers },
			{
				step: 'check',
				model: 'emo-detect-v1',
				endpoint: `${k.sim.apiBaseUrl}/services/aigc/image2video/face-detect`,
				request: { model: 'emo-detect-v1', input: { image_url: PHOTO }, parameters: { ratio: '1:1' } },
				headers: {},
			},
		);
		assert.deepEqual(check.estimate, { unit: 'image', units: 1, unitPrice: 0.004, currency: 'CNY', amount: 0.004, priceDate: '2026-05-26', source: PAGE });
		assert.equal(generation.step, 'generation');
		assert.deepEqual(generation.request, {
			model: 'emo-v1',
			input: { image_url: PHOTO, audio_url: VOICE, face_bbox: '<face_bbox from emo-detect-v1>', ext_bbox: '<ext_bbox from emo-detect-v1>' },
			parameters: { style_level: 'normal' },
		});
		assert.equal(generation.headers['X-DashScope-Async'], 'enable');
		assert.deepEqual([generation.estimate.unitsMin, generation.estimate.unitsMax, generation.estimate.unitPrice, generation.estimate.amountMax], [0, 60, 0.08, 4.8]);
		// The item's estimate is the sum of its steps.
		assert.deepEqual([out.estimate.amountMin, out.estimate.amountMax, out.estimate.currency], [0.004, 4.804, 'CNY']);
		assert.deepEqual(out.request, generation.request, 'the top-level request is the generation step');
	});

	it('Dry Run of Talking Portrait, LivePortrait and Emoji: the check, then the generation; each step priced', async () => {
		for (const [parameters, check, generation] of [
			[{ resource: 'avatar', operation: 'talkingPortrait', model: 'wan2.2-s2v', imageUrl: PHOTO, audioUrl: VOICE, resolution: '480P' }, 'wan2.2-s2v-detect', 'wan2.2-s2v'],
			[{ resource: 'avatar', operation: 'livePortrait', model: 'liveportrait', imageUrl: PHOTO, audioUrl: VOICE, headMotion: 'normal' }, 'liveportrait-detect', 'liveportrait'],
			[EMOJI, 'emoji-detect-v1', 'emoji-v1'],
		] as const) {
			k.sim.reset();
			const result = await k.run({ ...parameters, options: { dryRun: true } });
			assert.equal(result.error, undefined, String(result.error));
			const steps = json(result.items[0].json).steps;
			assert.deepEqual(steps.map((s: any) => [s.step, s.model]), [['check', check], ['generation', generation]]);
			assert.equal(steps[0].estimate.amount, 0.004);
			assert.ok(steps[1].estimate.unitPrice > 0, `${generation} has a unit price`);
			assert.equal(k.sim.stats.requests.length, 0);
		}
		const emoji = await k.run({ ...EMOJI, options: { dryRun: true } });
		assert.deepEqual(json(emoji.items[0].json).steps[1].request.input, {
			image_url: PHOTO,
			driven_id: 'jingdian_xianqi',
			face_bbox: '<bbox_face from emoji-detect-v1>',
			ext_bbox: '<ext_bbox_face from emoji-detect-v1>',
		});
	});

	it('Dry Run of AnimateAnyone shows three steps; the template ID is a placeholder the template job fills', async () => {
		k.sim.reset();
		const result = await k.run({ ...AA, options: { dryRun: true } });
		assert.equal(result.error, undefined, String(result.error));
		const steps = json(result.items[0].json).steps;
		assert.deepEqual(steps.map((s: any) => [s.step, s.model]), [
			['check', 'animate-anyone-detect-gen2'],
			['template', 'animate-anyone-template-gen2'],
			['generation', 'animate-anyone-gen2'],
		]);
		assert.deepEqual(steps[1].request, { model: 'animate-anyone-template-gen2', input: { video_url: DANCE }, parameters: {} });
		assert.equal(steps[1].endpoint, `${k.sim.apiBaseUrl}/services/aigc/image2video/aa-template-generation/`);
		assert.deepEqual([steps[1].estimate.unitsMin, steps[1].estimate.unitsMax, steps[1].estimate.amountMax], [2, 60, 4.8]);
		assert.equal(steps[2].request.input.template_id, '<template_id from animate-anyone-template-gen2>');
		assert.equal(steps[2].request.input.video_url, undefined, 'the motion video goes to the template job only');
		assert.equal(k.sim.stats.requests.length, 0);
		// With a template ID, the template job is shown as skipped and not counted.
		const reuse = await k.run({ ...AA, videoUrl: '', templateId: 'AACT.x.y-z.w', options: { dryRun: true } });
		const reuseSteps = json(reuse.items[0].json).steps;
		assert.deepEqual(reuseSteps[1], { step: 'template', model: 'animate-anyone-template-gen2', skipped: 'Template ID was given' });
		assert.equal(reuseSteps[2].request.input.template_id, 'AACT.x.y-z.w');
	});

	it('AnimateAnyone: when the generation fails after a template was made, the error item keeps the template ID for reuse', async () => {
		k.sim.reset();
		const result = await k.run({ ...AA, imageUrl: 'https://example.com/[[fail:InternalError.Algo]]/person.png' }, { continueOnFail: true });
		const item = json(result.items[0].json);
		const template = k.sim.stats.submissions.find((s) => s.model === 'animate-anyone-template-gen2');
		assert.ok(template, 'the template job ran (and was billed)');
		assert.equal(item.code, 'InternalError.Algo');
		assert.match(String(item.templateId), /^AACT\./);
		assert.match(String(item.description), new RegExp(`motion template ${String(item.templateId).replace(/\./g, '\\.')} made in this run is kept`));
		// Without On Error → Continue, the message the node fails with names it too.
		k.sim.reset();
		const failed = await k.run({ ...AA, imageUrl: 'https://example.com/[[fail:InternalError.Algo]]/person.png' });
		assert.match(String((failed.error as { description?: string }).description), /motion template AACT\..* is kept: run again with it under Template ID/);
	});

	it('EMO and Emoji take known face boxes (from an earlier Detect node): no check is paid again', async () => {
		for (const [parameters, extra] of [
			[EMO, { parameters: { style_level: 'normal' } }],
			[EMOJI, { parameters: {} }],
		] as const) {
			k.sim.reset();
			const result = await k.run({ ...parameters, chainOptions: { faceBbox: '[302, 286, 610, 593]', extBbox: '71,9,671,809' } });
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(k.sim.stats.detects.length, 0, 'the check was not run');
			const body = json(k.sim.stats.submissions[0].body);
			assert.deepEqual(body.input.face_bbox, [302, 286, 610, 593]);
			assert.deepEqual(body.input.ext_bbox, [71, 9, 671, 809]);
			assert.deepEqual(body.parameters, extra.parameters, 'the check-only ratio is not sent to the generation');
			assert.equal(json(result.items[0].json).detect.skipped, true);
		}
		k.sim.reset();
		const half = await k.run({ ...EMO, chainOptions: { faceBbox: '[302, 286, 610, 593]' } });
		assert.match(String(half.error?.message), /Known Face Box and Known Extended Box go together/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('EMO and AnimateAnyone on a dedicated deployment: its names replace the model ids; no list-price estimate', async () => {
		k.sim.reset();
		const result = await k.run({ ...EMO, chainOptions: { deploymentName: 'emo-private-1', checkDeploymentName: 'emo-detect-private-1' } });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(json(k.sim.stats.detects[0].body).model, 'emo-detect-private-1');
		assert.equal(json(k.sim.stats.submissions[0].body).model, 'emo-private-1');
		k.sim.reset();
		const aa = await k.run({ ...AA, chainOptions: { deploymentName: 'aa-private-1' } });
		assert.equal(aa.error, undefined, String(aa.error));
		assert.deepEqual(k.sim.stats.submissions.map((s) => json(s.body).model), ['animate-anyone-template-gen2', 'aa-private-1']);
		const dry = await k.run({ ...EMO, chainOptions: { deploymentName: 'emo-private-1' }, options: { dryRun: true } });
		const out = json(dry.items[0].json);
		assert.equal(out.request.model, 'emo-private-1');
		assert.equal(out.estimate.amountMax, undefined);
		assert.match(out.estimate.reason, /dedicated deployment emo-private-1, which is billed by its instances/);
	});
});

describe('Avatar → Create Motion Template (AnimateAnyone)', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('makes a reusable template on its own: the template ID is the result (no file), with its cost; AnimateAnyone reuses it', async () => {
		k.sim.reset();
		const made = await k.run({ resource: 'avatar', operation: 'createMotionTemplate', model: 'animate-anyone-template-gen2', videoUrl: DANCE });
		assert.equal(made.error, undefined, String(made.error));
		const out = json(made.items[0].json);
		assert.match(String(out.templateId), /^AACT\./);
		assert.equal(made.items[0].binary, undefined, 'a template is not a file');
		assert.deepEqual(k.sim.stats.submissions.map((s) => [s.path, s.body]), [
			['/api/v1/services/aigc/image2video/aa-template-generation/', { model: 'animate-anyone-template-gen2', input: { video_url: DANCE }, parameters: {} }],
		]);
		assert.equal(k.sim.stats.detects.length, 0, 'no photo check: there is no photo');
		assert.equal(out.cost.unitPrice, 0.08);
		assert.equal(out.cost.usageField, 'usage.video_duration');
		// Reused by AnimateAnyone Dance: no second template job.
		const danced = await k.run({ ...AA, videoUrl: '', templateId: out.templateId });
		assert.equal(danced.error, undefined, String(danced.error));
		assert.deepEqual(k.sim.stats.submissions.map((s) => s.model), ['animate-anyone-template-gen2', 'animate-anyone-gen2']);
	});

	it('needs the motion video, refused before anything is sent', async () => {
		k.sim.reset();
		const result = await k.run({ resource: 'avatar', operation: 'createMotionTemplate', model: 'animate-anyone-template-gen2', videoUrl: '' });
		assert.match(String(result.error?.message), /Motion Video URL|workflow has issues/);
		assert.equal(k.sim.stats.requests.length, 0);
	});
});

describe('budget across a video model, an image model and a chained avatar model', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	const rows = () => items({ row: '1' }, { row: '2' }, { row: '3' });
	const cases: Array<[string, INodeParameters, number, RegExp]> = [
		// 720P, 5 s × 0.6 CNY = 3 CNY a row: 7 admits two.
		['video wan2.6-t2v', TEXT_TO_VIDEO, 7, /Item 3 would exceed .* of 7 CNY: the items before it are estimated at 6 CNY in all, and this item at 3 CNY \(5 seconds × 0\.6 CNY\/second, 720P\)/],
		// 2 images × 0.14 CNY = 0.28 CNY a row: 0.6 admits two.
		[
			'image wanx2.1-t2i-turbo',
			{ resource: 'image', operation: 'textToImage', model: 'wanx2.1-t2i-turbo', prompt: 'A lighthouse', size: '1024*1024', numberOfImages: 2 },
			0.6,
			/Item 3 would exceed .* of 0\.6 CNY: the items before it are estimated at 0\.56 CNY in all, and this item at 0\.28 CNY \(2 images × 0\.14 CNY\/image\)/,
		],
		// Check 0.004 + up to 60 s × 0.08 = 4.804 CNY a row: 10 admits two.
		[
			'chained avatar emo-v1',
			EMO,
			10,
			/Item 3 would exceed .* of 10 CNY: the items before it are estimated at 9\.608 CNY in all, and this item at up to 4\.804 CNY \(check emo-detect-v1: 0\.004 CNY .* \+ generation emo-v1: up to 4\.8 CNY/,
		],
	];
	for (const [name, parameters, budget, message] of cases) {
		it(`${name}: two rows within the budget run, the third is refused before anything is sent`, async () => {
			k.sim.reset();
			const refused = await k.run({ ...parameters, options: { maxEstimatedCost: budget } }, { inputItems: rows() });
			assert.match(String(refused.error?.message), message);
			assert.equal(k.sim.stats.requests.length, 0, 'nothing sent: the budget is checked before any item runs');
			k.sim.reset();
			const run = await k.run({ ...parameters, options: { maxEstimatedCost: budget, returnAs: 'url' } }, { inputItems: rows(), continueOnFail: true });
			assert.deepEqual(run.items.map((item) => (item.json.error ? 'refused' : 'ran')), ['ran', 'ran', 'refused']);
			assert.equal(k.sim.stats.submissions.length, 2);
		});
	}

	it('free-trial-only tools pass a budget (no paid price): nothing counts against it', async () => {
		k.sim.reset();
		const shoe = {
			resource: 'image',
			operation: 'shoeModel',
			model: 'shoemodel-v1',
			templateImageUrl: 'https://example.com/model.png',
			shoeImageUrls: ['https://example.com/shoe.webp'],
		};
		const run = await k.run({ ...shoe, options: { maxEstimatedCost: 0.01, returnAs: 'url' } }, { inputItems: rows() });
		assert.equal(run.error, undefined, String(run.error));
		assert.equal(k.sim.stats.submissions.length, 3);
		const dry = await k.run({ ...shoe, options: { dryRun: true } });
		assert.deepEqual([json(dry.items[0].json).estimate.amount, json(dry.items[0].json).estimate.freeTrial], [0, 500]);
	});
});
