/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// EMO, LivePortrait and Emoji inside n8n-core against the simulator: each detect model's answer is read in
// its own shape and what it found is carried into the generation under the names the generation takes.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { isMp4, kit } from './kit';
import type { Kit } from './kit';

const PHOTO = 'https://example.com/portrait.png';
const FAILING_PHOTO = 'https://example.com/[[nopass]]/portrait.png';
const VOICE = 'https://example.com/voice.mp3';

const EMO: INodeParameters = { resource: 'avatar', operation: 'emo', model: 'emo-v1', imageUrl: PHOTO, audioUrl: VOICE, ratio: '1:1', styleLevel: 'normal' };
const LIVE: INodeParameters = { resource: 'avatar', operation: 'livePortrait', model: 'liveportrait', imageUrl: PHOTO, audioUrl: VOICE, headMotion: 'normal' };
const EMOJI: INodeParameters = { resource: 'avatar', operation: 'emoji', model: 'emoji-v1', imageUrl: PHOTO, drivenId: 'jingdian_xianqi' };

const paid = (k: Kit) => k.sim.stats.requests.filter((r) => r.path.includes('video-synthesis'));

describe('avatar: EMO, LivePortrait, Emoji chains', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('EMO: the ratio goes to emo-detect-v1, its face_bbox / ext_bbox to emo-v1; 3:4 makes a 512×704 half-body video', async () => {
		k.sim.reset();
		const result = await k.run({ ...EMO, ratio: '3:4', styleLevel: 'active' });
		assert.equal(result.error, undefined, String(result.error));
		assert.deepEqual(k.sim.stats.detects[0].body, { model: 'emo-detect-v1', input: { image_url: PHOTO }, parameters: { ratio: '3:4' } });
		const detection = k.sim.stats.detects[0].output;
		assert.deepEqual(k.sim.stats.submissions[0].body, {
			model: 'emo-v1',
			input: { image_url: PHOTO, audio_url: VOICE, face_bbox: detection.face_bbox, ext_bbox: detection.ext_bbox },
			parameters: { style_level: 'active' },
		});
		const json = result.items[0].json;
		assert.deepEqual((json.detect as { detection: unknown }).detection, detection);
		assert.deepEqual(json.usage, { video_duration: 5, video_ratio: '3:4' });
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		assert.deepEqual(k.sim.stats.unknownFields, []);
	});

	it('EMO: a failing check fails the item before emo-v1; style levels other than normal/calm/active are refused', async () => {
		k.sim.reset();
		const failed = await k.run({ ...EMO, imageUrl: FAILING_PHOTO });
		assert.match(String(failed.error?.message), /^DetectFailed: The image did not pass emo-detect-v1: No human face detected/);
		assert.deepEqual(paid(k), []);
		k.sim.reset();
		const wrong = await k.run({ ...EMO, styleLevel: 'wild' });
		assert.match(String(wrong.error?.message), /Style Level must be one of normal, calm, active for model emo-v1/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('LivePortrait: the pass flag of liveportrait-detect gates; its parameters reach liveportrait on the trailing-slash path', async () => {
		k.sim.reset();
		const result = await k.run({
			...LIVE,
			headMotion: 'calm',
			additionalFields: { eyeMoveFreq: 0.3, videoFps: 30, mouthMoveStrength: 1.2, pasteBack: false, headMoveStrength: 0.4 },
		});
		assert.equal(result.error, undefined, String(result.error));
		const [submission] = k.sim.stats.submissions;
		assert.equal(submission.path, '/api/v1/services/aigc/image2video/video-synthesis/');
		assert.deepEqual(submission.body.parameters, {
			template_id: 'calm',
			eye_move_freq: 0.3,
			video_fps: 30,
			mouth_move_strength: 1.2,
			paste_back: false,
			head_move_strength: 0.4,
		});
		assert.deepEqual(result.items[0].json.usage, { video_duration: 5, video_ratio: 'standard' });
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		k.sim.reset();
		const failed = await k.run({ ...LIVE, imageUrl: FAILING_PHOTO });
		assert.match(String(failed.error?.message), /did not pass liveportrait-detect: No human face detected/);
		assert.deepEqual(paid(k), []);
	});

	it('LivePortrait: every documented range is enforced before any request', async () => {
		const cases: Array<[Record<string, number>, RegExp]> = [
			[{ eyeMoveFreq: 1.5 }, /Blinks per Second must be 0 to 1 for model liveportrait/],
			[{ videoFps: 60 }, /Frames per Second must be 15 to 30/],
			[{ videoFps: 24.5 }, /Frames per Second must be a whole number/],
			[{ mouthMoveStrength: 2 }, /Mouth Movement must be 0 to 1\.5/],
			[{ headMoveStrength: -0.1 }, /Head Movement must be 0 to 1/],
		];
		for (const [additionalFields, message] of cases) {
			k.sim.reset();
			const result = await k.run({ ...LIVE, additionalFields });
			assert.match(String(result.error?.message), message);
			assert.equal(k.sim.stats.requests.length, 0);
		}
		k.sim.reset();
		const edges = await k.run({ ...LIVE, additionalFields: { eyeMoveFreq: 0, videoFps: 15, mouthMoveStrength: 1.5, headMoveStrength: 1 } });
		assert.equal(edges.error, undefined, String(edges.error));
	});

	it('Emoji: bbox_face / ext_bbox_face of emoji-detect-v1 (ratio 1:1) become face_bbox / ext_bbox of emoji-v1', async () => {
		k.sim.reset();
		const result = await k.run(EMOJI);
		assert.equal(result.error, undefined, String(result.error));
		assert.deepEqual(k.sim.stats.detects[0].body.parameters, { ratio: '1:1' });
		const { bbox_face, ext_bbox_face } = k.sim.stats.detects[0].output;
		assert.deepEqual(k.sim.stats.submissions[0].body.input, { image_url: PHOTO, driven_id: 'jingdian_xianqi', face_bbox: bbox_face, ext_bbox: ext_bbox_face });
		assert.deepEqual(result.items[0].json.usage, { video_duration: 2, video_ratio: 'standard' });
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		assert.deepEqual(k.sim.stats.unknownFields, []);
	});

	it('Emoji: a failing check carries the service code; a template outside the list is refused', async () => {
		k.sim.reset();
		const failed = await k.run({ ...EMOJI, imageUrl: FAILING_PHOTO });
		assert.match(String(failed.error?.message), /^InvalidFile\.Content: The image did not pass emoji-detect-v1/);
		assert.deepEqual(paid(k), []);
		k.sim.reset();
		const wrong = await k.run({ ...EMOJI, drivenId: 'mengwa_kaixin_2' });
		assert.match(String(wrong.error?.message), /Expression Template must be one of mengwa_kaixin/);
		assert.equal(k.sim.stats.requests.length, 0);
	});
});
