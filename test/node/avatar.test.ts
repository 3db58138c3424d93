/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Avatar → Detect and Talking Portrait (wan2.2-s2v) inside n8n-core against the simulator: the check runs
// first, a failing check sends no generation request, every step's result is in the output.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { fixtures } from '../simulator/fixtures';
import { isMp4, items, kit } from './kit';
import type { Kit } from './kit';

const PHOTO = 'https://example.com/portrait.png';
const FAILING_PHOTO = 'https://example.com/[[nopass]]/portrait.png';
const VOICE = 'https://example.com/voice.mp3';

export const TALKING: INodeParameters = {
	resource: 'avatar',
	operation: 'talkingPortrait',
	model: 'wan2.2-s2v',
	imageUrl: PHOTO,
	audioUrl: VOICE,
	resolution: '480P',
};

const DETECT: INodeParameters = { resource: 'avatar', operation: 'detect', model: 'wan2.2-s2v-detect', imageUrl: PHOTO };

/** Requests that reached a generation or template endpoint (anything but detect and task queries). */
export const paidRequests = (k: Kit) => k.sim.stats.requests.filter((r) => /video-synthesis|aa-template/.test(r.path));

describe('avatar: Detect operation (synchronous)', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('answers with the pass flag and the service fields, without the async header and without a task', async () => {
		k.sim.reset();
		const result = await k.run(DETECT);
		assert.equal(result.error, undefined, String(result.error));
		const json = result.items[0].json;
		assert.equal(json.model, 'wan2.2-s2v-detect');
		assert.equal(json.pass, true);
		assert.deepEqual(json.detection, { check_pass: true, humanoid: true });
		assert.equal(json.imageCount, 1);
		assert.equal(k.sim.stats.detects.length, 1);
		assert.equal(k.sim.stats.detects[0].headers['x-dashscope-async'], undefined);
		assert.equal(k.sim.stats.submitRequests, 0);
		assert.equal(k.sim.stats.queries, 0);
	});

	it('a failing photo is output (pass false), not an error, so a workflow can branch on it', async () => {
		k.sim.reset();
		const result = await k.run({ ...DETECT, model: 'liveportrait-detect', imageUrl: FAILING_PHOTO });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items[0].json.pass, false);
		assert.equal(result.items[0].json.reason, 'No human face detected.');
	});

	it('each detect model: its endpoint, its parameters and its own answer shape read into one verdict', async () => {
		const cases: Array<[string, INodeParameters, string, Record<string, unknown>]> = [
			['emo-detect-v1', { ratio: '3:4' }, '/face-detect', { check_pass: true, face_bbox: [302, 286, 610, 593], ext_bbox: [71, 9, 671, 809] }],
			['emoji-detect-v1', {}, '/face-detect', { bbox_face: [212, 194, 460, 441], ext_bbox_face: [63, 30, 609, 575] }],
			['animate-anyone-detect-gen2', {}, '/aa-detect', { bodystyle: 'full', check_pass: true }],
			['liveportrait-detect', {}, '/face-detect', { pass: true, message: '' }],
		];
		for (const [model, extra, path, detection] of cases) {
			k.sim.reset();
			const result = await k.run({ ...DETECT, model, ...extra });
			assert.equal(result.error, undefined, `${model}: ${String(result.error)}`);
			assert.equal(result.items[0].json.pass, true, model);
			assert.deepEqual(result.items[0].json.detection, detection, model);
			assert.ok(k.sim.stats.detects[0].path.endsWith(path), k.sim.stats.detects[0].path);
		}
		// Emoji's fixed ratio and EMO's chosen one are sent; s2v and LivePortrait take none.
		k.sim.reset();
		await k.run({ ...DETECT, model: 'emoji-detect-v1' });
		assert.deepEqual(k.sim.stats.detects[0].body.parameters, { ratio: '1:1' });
		assert.deepEqual(k.sim.stats.unknownFields, []);
	});

	it('emoji: a failing photo gives the code and message (no pass flag is documented)', async () => {
		k.sim.reset();
		const result = await k.run({ ...DETECT, model: 'emoji-detect-v1', imageUrl: FAILING_PHOTO });
		assert.equal(result.items[0].json.pass, false);
		assert.equal(result.items[0].json.code, 'InvalidFile.Content');
	});

	it('a binary photo is uploaded for the detect model itself and sent with the resolve header', async () => {
		k.sim.reset();
		const png = fixtures().get('first-frame.png')!;
		const input = { json: {}, binary: { data: await prepareInputBinary(png.body, 'first-frame.png', png.type) } };
		const result = await k.run({ ...DETECT, imageSource: 'binary', imageBinaryProperty: 'data' }, { inputItems: [input] });
		assert.equal(result.error, undefined, String(result.error));
		const sent = k.sim.stats.detects[0];
		assert.match(String((sent.body.input as { image_url: string }).image_url), /^oss:\/\//);
		assert.equal(sent.headers['x-dashscope-ossresourceresolve'], 'enable');
	});

	it('throttled detect calls are retried; a refusal with a final code is not', async () => {
		k.sim.reset();
		k.sim.faults.detectRefusals = [{ status: 429, code: 'Throttling.RateQuota' }];
		const ok = await k.run(DETECT);
		assert.equal(ok.error, undefined, String(ok.error));
		assert.equal(k.sim.stats.detectRequests, 2);
		k.sim.reset();
		k.sim.faults.detectRefusals = [{ status: 400, code: 'InvalidParameter.UnsupportedFileFormat', message: 'Input files format not supported.' }];
		const refused = await k.run(DETECT);
		assert.match(String(refused.error?.message), /^InvalidParameter\.UnsupportedFileFormat: Input files format not supported/);
		assert.equal(k.sim.stats.detectRequests, 1);
	});

	it('is Beijing only: another region is refused before any request', async () => {
		k.sim.reset();
		const result = await k.run(DETECT, { region: 'ap-southeast-1' });
		assert.match(String(result.error?.message), /not offered in Singapore.*China \(Beijing\)/);
		assert.equal(k.sim.stats.requests.length, 0);
	});
});

describe('avatar: Talking Portrait (wan2.2-s2v-detect → wan2.2-s2v)', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('checks the photo, then generates: a playable MP4, the detect result in the output', async () => {
		k.sim.reset();
		const result = await k.run({ ...TALKING, resolution: '720P' });
		assert.equal(result.error, undefined, String(result.error));
		const json = result.items[0].json;
		assert.equal(json.status, 'SUCCEEDED');
		assert.equal(json.model, 'wan2.2-s2v');
		assert.deepEqual(json.usage, { duration: 5, video_count: 1, SR: 720 });
		assert.deepEqual((json.detect as { pass: boolean; model: string }).pass, true);
		assert.equal((json.detect as { model: string }).model, 'wan2.2-s2v-detect');
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		// The detect call came first, with the same image; the generation with image, audio and resolution.
		const [detect] = k.sim.stats.detects;
		assert.deepEqual(detect.body, { model: 'wan2.2-s2v-detect', input: { image_url: PHOTO }, parameters: {} });
		const [submission] = k.sim.stats.submissions;
		assert.deepEqual(submission.body, { model: 'wan2.2-s2v', input: { image_url: PHOTO, audio_url: VOICE }, parameters: { resolution: '720P' } });
		assert.equal(submission.headers['x-dashscope-async'], 'enable');
		assert.ok(k.sim.stats.requests.findIndex((r) => r.path.includes('face-detect')) < k.sim.stats.requests.findIndex((r) => r.path.includes('video-synthesis')));
		assert.deepEqual(k.sim.stats.unknownFields, []);
	});

	it('a failing check fails the item with the reason, and no generation request reaches the server', async () => {
		k.sim.reset();
		const result = await k.run({ ...TALKING, imageUrl: FAILING_PHOTO });
		assert.ok(result.error);
		assert.equal(result.error.name, 'NodeApiError');
		assert.match(result.error.message, /^DetectFailed: The image did not pass wan2\.2-s2v-detect/);
		assert.match(String((result.error as { description?: string }).description), /Nothing was sent to the paid generation/);
		assert.equal(k.sim.stats.detects.length, 1);
		assert.equal(k.sim.stats.submitRequests, 0);
		assert.deepEqual(k.sim.stats.submissions, []);
		assert.deepEqual(paidRequests(k), []);
	});

	it('continueOnFail: the failing photo becomes an error item, the others are generated', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...TALKING, imageUrl: '={{ $json.photo }}' },
			{ inputItems: items({ photo: PHOTO }, { photo: FAILING_PHOTO }, { photo: PHOTO }), continueOnFail: true },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.deepEqual(result.items.map((i) => i.json.status ?? i.json.code), ['SUCCEEDED', 'DetectFailed', 'SUCCEEDED']);
		assert.deepEqual(result.items[1].pairedItem, { item: 1 });
		assert.equal(k.sim.stats.submissions.length, 2);
		assert.equal(k.sim.stats.detects.length, 3);
	});

	it('refuses an unknown resolution and a non-URL audio before any request', async () => {
		for (const [parameters, message] of [
			[{ ...TALKING, resolution: '1080P' }, /Resolution must be one of 480P, 720P for model wan2\.2-s2v/],
			[{ ...TALKING, audioUrl: 'voice.mp3' }, /Voice Audio URL must be a public http\(s\) URL for model wan2\.2-s2v/],
		] as const) {
			k.sim.reset();
			const result = await k.run(parameters);
			assert.match(String(result.error?.message), message);
			assert.equal(k.sim.stats.requests.length, 0);
		}
	});

	it('binary photo and voice: the photo is uploaded once per model (detect and generation), the voice once', async () => {
		k.sim.reset();
		const png = fixtures().get('first-frame.png')!;
		const mp3 = fixtures().get('voice.mp3')!;
		const input = {
			json: {},
			binary: { photo: await prepareInputBinary(png.body, 'photo.png', png.type), voice: await prepareInputBinary(mp3.body, 'voice.mp3', mp3.type) },
		};
		const result = await k.run(
			{ ...TALKING, imageSource: 'binary', imageBinaryProperty: 'photo', audioSource: 'binary', audioBinaryProperty: 'voice' },
			{ inputItems: [input] },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.uploads, 3);
		const files = result.items[0].json.inputFiles as Array<{ field: string }>;
		assert.deepEqual(files.map((f) => f.field), ['imageUrl', 'imageUrl', 'audioUrl']);
		assert.match(String((k.sim.stats.detects[0].body.input as { image_url: string }).image_url), /^oss:\/\//);
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});
});
