/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The avatar endpoints (api-avatar.md §2, §3, §6–§10): synchronous detect calls with four answer shapes,
// the AnimateAnyone template job, and each generation model's own validation and result shape.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { call, expectError, I2V_PATH, ok, startUnthrottledSimulator, submit, submitOk, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startUnthrottledSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const FACE = '/services/aigc/image2video/face-detect';
const AA_DETECT = '/services/aigc/image2video/aa-detect';
const PHOTO = 'https://example.com/p.png';
const VOICE = 'https://example.com/v.mp3';

const detectCall = (body: object, headers: Record<string, string> = {}, path = FACE) => call(sim, 'POST', path, { body, headers });

describe('detect: synchronous, one endpoint, four shapes', () => {
	it('answers at once without a task; the async header is refused as on the real service', async () => {
		const r = await detectCall({ model: 'wan2.2-s2v-detect', input: { image_url: PHOTO } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body.output, { check_pass: true, humanoid: true });
		assert.deepEqual(r.body.usage, { image_count: 1 });
		assert.equal(sim.tasks.size, 0);
		const refused = await detectCall({ model: 'wan2.2-s2v-detect', input: { image_url: PHOTO } }, { 'X-DashScope-Async': 'enable' });
		assert.equal(refused.status, 403);
		assert.equal(refused.body.code, 'AccessDenied');
		assert.match(refused.body.message, /does not support asynchronous calls/);
	});

	it('[[nopass]] in the image URL fails the check in each model\'s own shape', async () => {
		const url = 'https://example.com/[[nopass]].png';
		const answers = await Promise.all([
			detectCall({ model: 'wan2.2-s2v-detect', input: { image_url: url } }),
			detectCall({ model: 'emo-detect-v1', input: { image_url: url }, parameters: { ratio: '1:1' } }),
			detectCall({ model: 'liveportrait-detect', input: { image_url: url } }),
			detectCall({ model: 'emoji-detect-v1', input: { image_url: url }, parameters: { ratio: '1:1' } }),
			detectCall({ model: 'animate-anyone-detect-gen2', input: { image_url: url } }, {}, AA_DETECT),
		]);
		assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
		assert.deepEqual(answers[0].body.output, { check_pass: false, code: '', message: '' });
		assert.equal(answers[1].body.output.check_pass, false);
		assert.deepEqual(answers[2].body.output, { pass: false, message: 'No human face detected.' });
		assert.equal(answers[3].body.output.bbox_face, undefined);
		assert.ok(answers[3].body.output.code);
		assert.equal(answers[4].body.output.check_pass, false);
		assert.ok(answers[4].body.output.reason);
	});

	it('EMO answers boxes whose motion region follows the ratio; Emoji names them bbox_face / ext_bbox_face', async () => {
		const tall = await detectCall({ model: 'emo-detect-v1', input: { image_url: PHOTO }, parameters: { ratio: '3:4' } });
		const [x1, y1, x2, y2] = tall.body.output.ext_bbox;
		assert.ok(Math.abs((y2 - y1) / (x2 - x1) - 4 / 3) < 0.01);
		const emoji = await detectCall({ model: 'emoji-detect-v1', input: { image_url: PHOTO }, parameters: { ratio: '1:1' } });
		assert.deepEqual(Object.keys(emoji.body.output).sort(), ['bbox_face', 'ext_bbox_face']);
	});

	it('validates: EMO ratio 1:1 | 3:4, Emoji needs parameters.ratio 1:1, AnimateAnyone only on aa-detect', async () => {
		await expectError(detectCall({ model: 'emo-detect-v1', input: { image_url: PHOTO }, parameters: { ratio: '16:9' } }), 'InvalidParameter', 'parameters.ratio');
		const noParameters = await detectCall({ model: 'emoji-detect-v1', input: { image_url: PHOTO } });
		assert.equal(noParameters.body.code, 'BadRequest.EmptyParameters');
		await expectError(detectCall({ model: 'emoji-detect-v1', input: { image_url: PHOTO }, parameters: { ratio: '3:4' } }), 'InvalidParameter');
		await expectError(detectCall({ model: 'animate-anyone-detect-gen2', input: { image_url: PHOTO } }), 'InvalidParameter', 'not supported by the API');
		await expectError(detectCall({ model: 'wan2.2-s2v-detect', input: {} }), 'InvalidParameter', 'input.image_url');
		// A detect model is no task model, and the other way round.
		await expectError(submit(sim, { model: 'wan2.2-s2v-detect', input: { image_url: PHOTO } }, { path: I2V_PATH }), 'InvalidParameter');
		await expectError(detectCall({ model: 'wan2.2-s2v', input: { image_url: PHOTO, audio_url: VOICE } }), 'InvalidParameter');
	});

	it('checks the image it can read: s2v-detect needs 400–7000 px per side', async () => {
		await expectError(detectCall({ model: 'wan2.2-s2v-detect', input: { image_url: sim.fixtureUrl('person.png') } }), 'InvalidParameter', '320*480');
		await ok(detectCall({ model: 'wan2.2-s2v-detect', input: { image_url: sim.fixtureUrl('first-frame.png') } }));
	});

	it('is Beijing only', async () => {
		const singapore = await startSimulator({ region: 'ap-southeast-1' });
		try {
			const r = await call(singapore, 'POST', FACE, { body: { model: 'wan2.2-s2v-detect', input: { image_url: PHOTO } } });
			assert.equal(r.status, 404);
			assert.equal(r.body.code, 'ModelNotFound');
		} finally {
			await singapore.close();
		}
	});
});

describe('wan2.2-s2v', () => {
	it('takes image + audio and 480P | 720P; the URL is under output.results, usage has duration/video_count/SR', async () => {
		const id = await submitOk(sim, { model: 'wan2.2-s2v', input: { image_url: PHOTO, audio_url: VOICE }, parameters: { resolution: '720P' } }, { path: `${I2V_PATH}/` });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.match(done.output.results.video_url, /\.mp4\?/);
		assert.deepEqual(done.usage, { duration: 5, video_count: 1, SR: 720 });
		const video = await fetch(done.output.results.video_url);
		assert.equal((await video.arrayBuffer()).byteLength > 0, true);
	});

	it('defaults to 480P and refuses other tiers, a missing audio, and the call without the async header', async () => {
		const id = await submitOk(sim, { model: 'wan2.2-s2v', input: { image_url: PHOTO, audio_url: VOICE } }, { path: I2V_PATH });
		assert.equal(sim.tasks.get(id)?.parameters.resolution, '480P');
		await expectError(submit(sim, { model: 'wan2.2-s2v', input: { image_url: PHOTO, audio_url: VOICE }, parameters: { resolution: '1080P' } }, { path: I2V_PATH }), 'InvalidParameter', 'resolution');
		await expectError(submit(sim, { model: 'wan2.2-s2v', input: { image_url: PHOTO } }, { path: I2V_PATH }), 'InvalidParameter', 'input.audio_url');
		const sync = await call(sim, 'POST', I2V_PATH, { body: { model: 'wan2.2-s2v', input: { image_url: PHOTO, audio_url: VOICE } } });
		assert.equal(sync.status, 403);
		assert.match(sync.body.message, /does not support synchronous calls/);
	});
});

describe('emo-v1, liveportrait, emoji-v1', () => {
	const emo = (input: object = {}, parameters?: object) => ({
		model: 'emo-v1',
		input: { image_url: PHOTO, audio_url: VOICE, face_bbox: [302, 286, 610, 593], ext_bbox: [71, 9, 840, 778], ...input },
		...(parameters ? { parameters } : {}),
	});

	it('emo-v1 needs both boxes as 4 integers, a 1:1 or 3:4 motion region, and style_level normal | calm | active', async () => {
		await expectError(submit(sim, emo({ face_bbox: undefined }), { path: I2V_PATH }), 'InvalidParameter', 'input.face_bbox');
		await expectError(submit(sim, emo({ ext_bbox: [1, 2, 3] }), { path: I2V_PATH }), 'InvalidParameter', 'input.ext_bbox');
		await expectError(submit(sim, emo({ ext_bbox: [10, 10, 5, 20] }), { path: I2V_PATH }), 'InvalidParameter', 'top-left');
		await expectError(submit(sim, emo({ ext_bbox: [0, 0, 1600, 900] }), { path: I2V_PATH }), 'InvalidParameter', 'aspect ratio');
		await expectError(submit(sim, emo({}, { style_level: 'wild' }), { path: I2V_PATH }), 'InvalidParameter', 'style_level');
		const id = await submitOk(sim, emo({ ext_bbox: [71, 9, 671, 809] }, { style_level: 'calm' }), { path: I2V_PATH });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.ok(done.output.results.video_url);
		assert.deepEqual(done.usage, { video_duration: 5, video_ratio: '3:4' });
	});

	it('liveportrait: documented ranges of its parameters, defaults applied, URL under output.results', async () => {
		const body = (parameters: object) => ({ model: 'liveportrait', input: { image_url: PHOTO, audio_url: VOICE }, parameters });
		for (const [parameters, field] of [
			[{ eye_move_freq: 1.1 }, 'eye_move_freq'],
			[{ video_fps: 31 }, 'video_fps'],
			[{ video_fps: 14 }, 'video_fps'],
			[{ mouth_move_strength: 1.6 }, 'mouth_move_strength'],
			[{ head_move_strength: -0.1 }, 'head_move_strength'],
			[{ template_id: 'wild' }, 'template_id'],
			[{ paste_back: 'yes' }, 'paste_back'],
		] as const) {
			await expectError(submit(sim, body(parameters), { path: `${I2V_PATH}/` }), 'InvalidParameter', field);
		}
		const id = await submitOk(sim, body({ eye_move_freq: 0, mouth_move_strength: 1.5, head_move_strength: 1 }), { path: `${I2V_PATH}/` });
		assert.deepEqual(sim.tasks.get(id)?.parameters, { eye_move_freq: 0, mouth_move_strength: 1.5, head_move_strength: 1, template_id: 'normal', video_fps: 24, paste_back: true });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.ok(done.output.results.video_url);
	});

	it('emoji-v1: driven_id from the documented list, boxes named face_bbox / ext_bbox, URL directly under output, integer duration', async () => {
		const body = (input: object) => ({ model: 'emoji-v1', input: { image_url: PHOTO, face_bbox: [212, 194, 460, 441], ext_bbox: [63, 30, 609, 575], driven_id: 'mengwa_kaixin', ...input } });
		await expectError(submit(sim, body({ driven_id: 'nope' }), { path: I2V_PATH }), 'InvalidParameter', 'driven_id');
		await expectError(submit(sim, body({ driven_id: undefined }), { path: I2V_PATH }), 'InvalidParameter', 'driven_id');
		await expectError(submit(sim, body({ face_bbox: undefined, bbox_face: [212, 194, 460, 441] }), { path: I2V_PATH }), 'InvalidParameter', 'input.face_bbox');
		const id = await submitOk(sim, body({}), { path: I2V_PATH });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.match(done.output.video_url, /\.mp4\?/);
		assert.equal(done.output.results, undefined);
		assert.deepEqual(done.usage, { video_duration: 2, video_ratio: 'standard' });
	});
});

describe('AnimateAnyone template job and generation, VideoRetalk', () => {
	const TEMPLATE_PATH = '/services/aigc/image2video/aa-template-generation/';

	it('the template job is a task whose SUCCEEDED output is a template_id (no file); the generation takes it', async () => {
		await expectError(submit(sim, { model: 'animate-anyone-template-gen2', input: {} }, { path: TEMPLATE_PATH }), 'InvalidParameter', 'input.video_url');
		const id = await submitOk(sim, { model: 'animate-anyone-template-gen2', input: { video_url: sim.fixtureUrl('dance.mp4') } }, { path: TEMPLATE_PATH });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.match(done.output.template_id, /^AACT\./);
		assert.equal(done.output.video_url, undefined);
		assert.deepEqual(done.usage, { video_duration: 5.2, video_ratio: 'standard' });
		const generation = { model: 'animate-anyone-gen2', input: { image_url: PHOTO, template_id: done.output.template_id }, parameters: { video_ratio: '3:4' } };
		const videoId = await submitOk(sim, generation, { path: `${I2V_PATH}/` });
		const video = await waitFor(sim, videoId, ['SUCCEEDED']);
		assert.match(video.output.video_url, /\.mp4\?/);
		assert.deepEqual(video.usage, { video_duration: 5.2, video_ratio: 'standard' });
		await expectError(submit(sim, { ...generation, input: { image_url: PHOTO, template_id: 'AACT.unknown' } }, { path: I2V_PATH }), 'InvalidParameter', 'template_id');
		await expectError(submit(sim, { ...generation, parameters: { video_ratio: '16:9' } }, { path: I2V_PATH }), 'InvalidParameter', 'video_ratio');
		await expectError(submit(sim, { ...generation, parameters: { use_ref_img_bg: 'yes' } }, { path: I2V_PATH }), 'InvalidParameter', 'use_ref_img_bg');
	});

	it('videoretalk: video + audio required, ref_image_url optional, URL under output, 1 submission per second', async () => {
		const limited = await startSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05 });
		try {
			const body = { model: 'videoretalk', input: { video_url: 'https://example.com/v.mp4', audio_url: VOICE }, parameters: { video_extension: true } };
			const id = await submitOk(limited, body, { path: `${I2V_PATH}/` });
			const second = await submit(limited, body, { path: I2V_PATH });
			assert.equal(second.status, 429);
			const done = await waitFor(limited, id, ['SUCCEEDED']);
			assert.match(done.output.video_url, /\.mp4\?/);
			assert.deepEqual(done.usage, { video_duration: 5, video_ratio: 'standard' });
			await new Promise((resolve) => setTimeout(resolve, 1100));
			await expectError(submit(limited, { model: 'videoretalk', input: { video_url: 'https://example.com/v.mp4' } }, { path: I2V_PATH }), 'InvalidParameter', 'input.audio_url');
		} finally {
			await limited.close();
		}
	});
});
