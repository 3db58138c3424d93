/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// AnimateAnyone (detect → template task → generation, template reuse) and VideoRetalk (1 RPS) inside
// n8n-core against the simulator.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { isMp4, items, kit } from './kit';
import type { Kit } from './kit';

const PERSON = 'https://example.com/person.png';
const DANCE = 'https://example.com/dance.mp4';

const AA: INodeParameters = { resource: 'avatar', operation: 'animateAnyone', model: 'animate-anyone-gen2', imageUrl: PERSON, videoUrl: DANCE };
const RETALK: INodeParameters = {
	resource: 'avatar',
	operation: 'videoRetalk',
	model: 'videoretalk',
	videoUrl: 'https://example.com/speaker.mp4',
	audioUrl: 'https://example.com/voice.mp3',
};

const modelsSubmitted = (k: Kit) => k.sim.stats.submissions.map((s) => s.model);

describe('avatar: AnimateAnyone (detect → template → generation)', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('runs the three steps in order; the output holds the reusable template ID and the detect result', async () => {
		k.sim.reset();
		const result = await k.run({ ...AA, additionalFields: { useRefImgBg: true, videoRatio: '3:4' } });
		assert.equal(result.error, undefined, String(result.error));
		const json = result.items[0].json;
		assert.equal(json.status, 'SUCCEEDED');
		assert.match(String(json.templateId), /^AACT\./);
		assert.equal((json.template as { reused: boolean }).reused, false);
		assert.deepEqual((json.template as { usage: unknown }).usage, { video_duration: 5, video_ratio: 'standard' });
		assert.deepEqual((json.detect as { detection: unknown }).detection, { bodystyle: 'full', check_pass: true });
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		assert.ok(k.sim.stats.detects[0].path.endsWith('/aa-detect'));
		assert.deepEqual(modelsSubmitted(k), ['animate-anyone-template-gen2', 'animate-anyone-gen2']);
		const [template, generation] = k.sim.stats.submissions;
		assert.equal(template.path, '/api/v1/services/aigc/image2video/aa-template-generation/');
		assert.deepEqual(template.body, { model: 'animate-anyone-template-gen2', input: { video_url: DANCE }, parameters: {} });
		assert.equal(generation.path, '/api/v1/services/aigc/image2video/video-synthesis/');
		assert.deepEqual(generation.body, {
			model: 'animate-anyone-gen2',
			input: { image_url: PERSON, template_id: json.templateId },
			parameters: { use_ref_img_bg: true, video_ratio: '3:4' },
		});
		assert.deepEqual(k.sim.stats.unknownFields, []);
	});

	it('reuses a template: with a Template ID no template job runs and no video is needed', async () => {
		k.sim.reset();
		const first = await k.run(AA);
		const templateId = String(first.items[0].json.templateId);
		const again = await k.run({ ...AA, videoUrl: '', templateId });
		assert.equal(again.error, undefined, String(again.error));
		assert.deepEqual(modelsSubmitted(k), ['animate-anyone-template-gen2', 'animate-anyone-gen2', 'animate-anyone-gen2']);
		assert.equal(again.items[0].json.templateId, templateId);
		assert.deepEqual(again.items[0].json.template, { reused: true });
		assert.ok(isMp4(await again.readBinary(again.items[0], 'data')));
	});

	it('the template task itself can be picked up with Task → Wait and Task → Get: its result is the template ID', async () => {
		k.sim.reset();
		const first = await k.run(AA);
		const templateTask = k.sim.stats.submissions.find((s) => s.model === 'animate-anyone-template-gen2');
		assert.ok(templateTask);
		const waited = await k.run({ resource: 'task', operation: 'wait', taskId: templateTask.taskId });
		assert.equal(waited.error, undefined, String(waited.error));
		assert.equal(waited.items[0].json.templateId, first.items[0].json.templateId);
		assert.equal(waited.items[0].binary, undefined, 'a template is not a file');
		const got = await k.run({ resource: 'task', operation: 'get', taskId: templateTask.taskId });
		assert.equal(got.items[0].json.templateId, first.items[0].json.templateId);
	});

	it('a failing check stops before the template job and the generation', async () => {
		k.sim.reset();
		const result = await k.run({ ...AA, imageUrl: 'https://example.com/[[nopass]].png' });
		assert.match(String(result.error?.message), /^DetectFailed: The image did not pass animate-anyone-detect-gen2: The input image has no human body/);
		assert.equal(k.sim.stats.submitRequests, 0);
		assert.deepEqual(k.sim.stats.requests.filter((r) => /aa-template|video-synthesis/.test(r.path)), []);
	});

	it('a failed template job fails the item with its code and task ID; the generation is never sent', async () => {
		k.sim.reset();
		const result = await k.run({ ...AA, videoUrl: 'https://example.com/[[fail:InvalidParameter]].mp4' }, { continueOnFail: true });
		assert.equal(result.items[0].json.code, 'InvalidParameter');
		assert.equal(result.items[0].json.status, 'FAILED');
		assert.ok(result.items[0].json.taskId);
		assert.deepEqual(modelsSubmitted(k), ['animate-anyone-template-gen2']);
	});

	it('needs a motion video or a template ID, refuses WEBP-named options and a wrong ratio, before any request', async () => {
		for (const [parameters, message] of [
			[{ ...AA, videoUrl: '' }, /Motion Video URL or Template ID is required for model animate-anyone-gen2/],
			[{ ...AA, additionalFields: { videoRatio: '16:9' } }, /Aspect Ratio must be one of 9:16, 3:4 for model animate-anyone-gen2/],
		] as const) {
			k.sim.reset();
			const result = await k.run(parameters);
			assert.match(String(result.error?.message), message);
			assert.equal(k.sim.stats.requests.length, 0);
		}
	});

	it('an unknown template ID is refused by the service (templates belong to the account)', async () => {
		k.sim.reset();
		const result = await k.run({ ...AA, videoUrl: '', templateId: 'AACT.other.account-1.x' });
		assert.match(String(result.error?.message), /^InvalidParameter: input\.template_id/);
		assert.deepEqual(modelsSubmitted(k), []);
	});
});

describe('avatar: VideoRetalk', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('sends video, audio, the optional reference face and video_extension; URL directly under output', async () => {
		k.sim.reset();
		const result = await k.run({ ...RETALK, additionalFields: { refImageUrl: 'https://example.com/face.png', videoExtension: true } });
		assert.equal(result.error, undefined, String(result.error));
		assert.deepEqual(k.sim.stats.submissions[0].body, {
			model: 'videoretalk',
			input: { video_url: RETALK.videoUrl, audio_url: RETALK.audioUrl, ref_image_url: 'https://example.com/face.png' },
			parameters: { video_extension: true },
		});
		assert.equal(k.sim.stats.detects.length, 0, 'no check step');
		assert.deepEqual(result.items[0].json.usage, { video_duration: 5, video_ratio: 'standard' });
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});

	it('paces submissions to 1 per second: three items, no 429', async () => {
		k.sim.reset();
		const since = Date.now();
		const result = await k.run({ ...RETALK, videoUrl: '={{ $json.video }}' }, { inputItems: items({ video: 'https://example.com/a.mp4' }, { video: 'https://example.com/b.mp4' }, { video: 'https://example.com/c.mp4' }) });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.stats.submitRequests, 3);
		// Judged by the node's own decisions (the model's gate), not by when the requests reached the simulator:
		// a loaded machine can hold one request back until it lands next to the following one.
		const grants = (k.account().submitGateOf(String(RETALK.model))?.grants ?? []).filter((g) => g.at >= since);
		assert.equal(grants.length, 3);
		for (let i = 1; i < grants.length; i++) assert.ok(grants[i].at - grants[i - 1].at >= 1100, `spacing ${grants[i].at - grants[i - 1].at} ms`);
		assert.ok(k.sim.stats.rejected429 <= 1, `${k.sim.stats.rejected429} submissions throttled`);
	});
});
