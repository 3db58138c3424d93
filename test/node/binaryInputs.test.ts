/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DashScopeApi } from '../../credentials/DashScopeApi.credentials';
import { Wan } from '../../nodes/Wan/Wan.node';
import { prepareInputBinary, runNode } from '../harness';
import { fixtures } from '../simulator/fixtures';
import { isMp4, kit, SWAP_FROM_BINARY, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const file = (name: string) => {
	const fixture = fixtures().get(name);
	assert.ok(fixture, name);
	return fixture;
};

async function item(binaries: Record<string, { body: Buffer; name: string; type: string }>): Promise<INodeExecutionData> {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, { body, name, type }] of Object.entries(binaries)) binary[property] = await prepareInputBinary(body, name, type);
	return { json: {}, binary };
}


describe('binary inputs uploaded to temporary storage (inside n8n-core, against the simulator)', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	for (const mode of ['filesystem', 'default'] as const) {
		it(`character swap from an image and a video of the input item (${mode} binary mode)`, async () => {
			k.sim.reset();
			const input = await item({
				photo: { body: file('person.png').body, name: 'me.png', type: 'image/png' },
				clip: { body: file('dance.mp4').body, name: 'dance.mp4', type: 'video/mp4' },
			});
			const result = await k.run(SWAP_FROM_BINARY, { inputItems: [input], binaryDataMode: mode });
			assert.equal(result.error, undefined, String(result.error));
			const json = result.items[0].json;
			assert.equal(json.status, 'SUCCEEDED');
			assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));

			const [submission] = k.sim.stats.submissions;
			const input_ = submission.body.input as Record<string, string>;
			assert.match(input_.image_url, /^oss:\/\/dashscope-instant\/.+\.png$/);
			assert.match(input_.video_url, /^oss:\/\/dashscope-instant\/.+\.mp4$/);
			assert.equal(submission.headers['x-dashscope-ossresourceresolve'], 'enable');
			assert.equal(k.sim.stats.policies, 1, 'one policy served both files');
			assert.equal(k.sim.stats.uploads, 2);
			assert.equal(k.sim.stats.authHeadersOnFileHost, 0, 'the API key never reached the upload host');

			const inputFiles = json.inputFiles as Array<Record<string, string>>;
			assert.deepEqual(inputFiles.map((f) => f.field), ['imageUrl', 'videoUrl']);
			assert.ok(inputFiles.every((f) => f.url.startsWith('oss://') && Date.parse(f.expiresAt) > Date.now() + 47 * 3600_000));
		});
	}

	it('text to video with driving audio from a binary field (Additional Fields)', async () => {
		k.sim.reset();
		const input = await item({ voice: { body: file('voice.mp3').body, name: 'voice.mp3', type: 'audio/mpeg' } });
		const result = await k.run(
			{ ...TEXT_TO_VIDEO, additionalFields: { audioSource: 'binary', audioBinaryProperty: 'voice' } },
			{ inputItems: [input] },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.match(String((k.sim.stats.submissions[0].body.input as Record<string, string>).audio_url), /^oss:\/\/.+\.mp3$/);
	});

	const refusals: Array<[string, INodeParameters, () => Promise<INodeExecutionData>, RegExp]> = [
		[
			'an image above the model limit',
			SWAP_FROM_BINARY,
			() =>
				item({
					photo: { body: Buffer.concat([file('person.png').body, Buffer.alloc(6 * 1024 * 1024)]), name: 'big.png', type: 'image/png' },
					clip: { body: file('dance.mp4').body, name: 'dance.mp4', type: 'video/mp4' },
				}),
			/Character Image \(binary field "photo"\).*wan2\.2-animate-mix.*5 MB/,
		],
		[
			'a file whose bytes are not an accepted format',
			SWAP_FROM_BINARY,
			() =>
				item({
					photo: { body: Buffer.from('GIF89a not a photo'), name: 'photo.png', type: 'image/png' },
					clip: { body: file('dance.mp4').body, name: 'dance.mp4', type: 'video/mp4' },
				}),
			/Character Image \(binary field "photo"\)/,
		],
		[
			'a missing binary field',
			SWAP_FROM_BINARY,
			() => item({ photo: { body: file('person.png').body, name: 'me.png', type: 'image/png' } }),
			/clip/,
		],
	];
	for (const [name, parameters, input, message] of refusals) {
		it(`refuses ${name} before uploading or submitting anything`, async () => {
			k.sim.reset();
			const result = await k.run(parameters, { inputItems: [await input()] });
			assert.match(String(result.error?.message), message);
			assert.equal(k.sim.stats.requests.length, 0, 'nothing reached the simulator');
		});
	}

	it('a region without temporary upload says to pass a URL instead', async () => {
		const input = await item({
			photo: { body: file('person.png').body, name: 'me.png', type: 'image/png' },
			clip: { body: file('dance.mp4').body, name: 'dance.mp4', type: 'video/mp4' },
		});
		const result = await runNode({
			nodeType: new Wan(),
			credentialTypes: [new DashScopeApi()],
			credentials: { dashScopeApi: { apiKey: 'sk-x', region: 'ap-southeast-1', workspaceId: '', baseUrl: '' } },
			parameters: SWAP_FROM_BINARY,
			inputItems: [input],
		});
		assert.match(String(result.error?.message), /only in China \(Beijing\).*Give a public URL instead/);
	});
});
