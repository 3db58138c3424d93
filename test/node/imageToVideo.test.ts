/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Image to Video and First and Last Frame to Video, run by real n8n-core against the simulator.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { fixtures, personPng } from '../simulator/fixtures';
import { isMp4, kit } from './kit';
import type { Kit } from './kit';

const I2V_PATH = '/api/v1/services/aigc/video-generation/video-synthesis';
const KF2V_PATH = '/api/v1/services/aigc/image2video/video-synthesis';

/** PNG pixel size from the IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

// The simulator's person.png is 320×480: below the 360 px minimum of these models. Generate a fitting one.
const PERSON = fixtures().get('person.png')!.body;
const FRAME = personPng(540, 720);

async function withBinary(binaries: Record<string, { body: Buffer; name: string }>): Promise<INodeExecutionData> {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, { body, name }] of Object.entries(binaries)) binary[property] = await prepareInputBinary(body, name, 'image/png');
	return { json: {}, binary };
}

const IMAGE_TO_VIDEO: INodeParameters = {
	resource: 'video',
	operation: 'imageToVideo',
	model: 'wan2.6-i2v-flash',
	imageSource: 'binary',
	prompt: 'The person waves at the camera',
	resolution: '720P',
	duration: 4,
};

describe('image to video inside n8n-core against the simulator', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('the fixtures: person.png is too small for a first frame, the generated frame fits 360–2000 px', () => {
		assert.deepEqual(pngSize(PERSON), { width: 320, height: 480 });
		const { width, height } = pngSize(FRAME);
		assert.ok(Math.min(width, height) >= 360 && Math.max(width, height) <= 2000);
	});

	it('a binary first frame (field "data") is uploaded, the video generated and returned as binary', async () => {
		k.sim.reset();
		const input = await withBinary({ data: { body: FRAME, name: 'first-frame.png' } });
		const result = await k.run({ ...IMAGE_TO_VIDEO, additionalFields: { audio: false, seed: 11 } }, { inputItems: [input] });
		assert.equal(result.error, undefined, String(result.error));
		const [item] = result.items;
		assert.equal(item.json.status, 'SUCCEEDED');
		assert.equal(item.json.model, 'wan2.6-i2v-flash');
		assert.equal(item.json.origPrompt, IMAGE_TO_VIDEO.prompt);
		assert.deepEqual(item.json.usage, { duration: 4, input_video_duration: 0, output_video_duration: 4, video_count: 1, SR: 720, audio: false });
		assert.equal(item.binary?.data?.mimeType, 'video/mp4');
		assert.equal(item.binary?.data?.fileName, `${item.json.taskId}.mp4`);
		assert.ok(isMp4(await result.readBinary(item, 'data')));

		const [submission] = k.sim.stats.submissions;
		assert.equal(submission.path, I2V_PATH);
		assert.equal(submission.headers['x-dashscope-ossresourceresolve'], 'enable');
		const body = submission.body as { input: Record<string, string>; parameters: Record<string, unknown> };
		assert.match(body.input.img_url, /^oss:\/\/dashscope-instant\/.+\.png$/);
		assert.deepEqual(Object.keys(body.input).sort(), ['img_url', 'prompt']);
		assert.deepEqual(body.parameters, { resolution: '720P', duration: 4, audio: false, seed: 11 });
		assert.equal(k.sim.stats.unknownFields.length, 0, 'only documented fields were sent');
		// The simulator read the uploaded frame.
		assert.deepEqual(k.sim.tasks.get(String(item.json.taskId))?.mediaPixels.img_url, pngSize(FRAME));
		assert.deepEqual((item.json.inputFiles as Array<Record<string, string>>).map((f) => f.field), ['imageUrl']);
	});

	it('refuses a binary first frame below 360 px before uploading anything', async () => {
		k.sim.reset();
		const input = await withBinary({ data: { body: PERSON, name: 'person.png' } });
		const result = await k.run(IMAGE_TO_VIDEO, { inputItems: [input] });
		assert.match(String(result.error?.message), /First Frame Image \(binary field "data"\).*360/);
		assert.equal(k.sim.stats.requests.length, 0, 'nothing reached the simulator');
	});

	it('an effect template without a prompt (URL first frame, wanx2.1-i2v-turbo)', async () => {
		k.sim.reset();
		const result = await k.run({
			resource: 'video',
			operation: 'imageToVideo',
			model: 'wanx2.1-i2v-turbo',
			imageUrl: k.sim.fixtureUrl('first-frame.png'),
			template: 'flying',
			duration: 3,
			// Left over from wan2.6-i2v-flash: not taken by this model, so never sent.
			additionalFields: { audio: true, shotType: 'multi', promptExtend: false },
		});
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items[0].json.status, 'SUCCEEDED');
		assert.deepEqual(result.items[0].json.usage, { video_duration: 3, video_count: 1, video_ratio: 'standard' });
		assert.deepEqual(k.sim.stats.submissions[0].body, {
			model: 'wanx2.1-i2v-turbo',
			input: { img_url: k.sim.fixtureUrl('first-frame.png'), template: 'flying' },
			parameters: { resolution: '720P', duration: 3, prompt_extend: false },
		});
	});

	it('first and last frame: binary first frame, URL last frame, on the image2video path', async () => {
		k.sim.reset();
		const input = await withBinary({ start: { body: FRAME, name: 'start.png' } });
		const result = await k.run(
			{
				resource: 'video',
				operation: 'firstLastFrameToVideo',
				model: 'wan2.2-kf2v-flash',
				firstFrameSource: 'binary',
				firstFrameBinaryProperty: 'start',
				lastFrameUrl: k.sim.fixtureUrl('first-frame.png'),
				prompt: 'The sun sets behind the person',
				resolution: '480P',
			},
			{ inputItems: [input] },
		);
		assert.equal(result.error, undefined, String(result.error));
		const [item] = result.items;
		assert.equal(item.json.status, 'SUCCEEDED');
		assert.equal(item.json.model, 'wan2.2-kf2v-flash');
		assert.deepEqual(item.json.usage, { video_duration: 5, video_count: 1, SR: 480 });
		assert.ok(isMp4(await result.readBinary(item, 'data')));

		const [submission] = k.sim.stats.submissions;
		assert.equal(submission.path, KF2V_PATH);
		const body = submission.body as { input: Record<string, string>; parameters: Record<string, unknown> };
		assert.match(body.input.first_frame_url, /^oss:\/\/dashscope-instant\/.+start\.png$/);
		assert.equal(body.input.last_frame_url, k.sim.fixtureUrl('first-frame.png'));
		assert.equal(body.input.prompt, 'The sun sets behind the person');
		assert.deepEqual(body.parameters, { resolution: '480P' });
		assert.equal(k.sim.stats.unknownFields.length, 0);
	});
});
