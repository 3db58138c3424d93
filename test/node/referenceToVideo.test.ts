/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { fixtures } from '../simulator/fixtures';
import { isMp4, kit } from './kit';
import type { Kit } from './kit';

const R2V: INodeParameters = {
	resource: 'video',
	operation: 'referenceToVideo',
	model: 'wan2.6-r2v-flash',
	prompt: 'character1 dances next to character2',
	size: '1280*720',
	duration: 5,
};

async function itemWith(files: Record<string, string>): Promise<INodeExecutionData> {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, name] of Object.entries(files)) {
		const fixture = fixtures().get(name)!;
		binary[property] = await prepareInputBinary(fixture.body, name, fixture.type);
	}
	return { json: {}, binary };
}

describe('reference to video: several files in one field (inside n8n-core, against the simulator)', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('takes a list of URLs, in order', async () => {
		k.sim.reset();
		const urls = [k.sim.fixtureUrl('dance.mp4'), k.sim.fixtureUrl('person.png')];
		const result = await k.run({ ...R2V, referenceUrls: urls });
		assert.equal(result.error, undefined, String(result.error));
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		assert.deepEqual((k.sim.stats.submissions[0].body.input as Record<string, unknown>).reference_urls, urls);
	});

	it('uploads several binary fields of one item into one list, keeping their order', async () => {
		k.sim.reset();
		const input = await itemWith({ clip: 'dance.mp4', photo: 'person.png' });
		const result = await k.run({ ...R2V, referenceSource: 'binary', referenceBinaryProperties: 'clip, photo' }, { inputItems: [input] });
		assert.equal(result.error, undefined, String(result.error));
		const references = (k.sim.stats.submissions[0].body.input as Record<string, string[]>).reference_urls;
		assert.equal(references.length, 2);
		assert.match(references[0], /^oss:\/\/.+\.mp4$/);
		assert.match(references[1], /^oss:\/\/.+\.png$/);
		assert.equal(k.sim.stats.policies, 1, 'one policy for both files');
		assert.equal(k.sim.stats.authHeadersOnFileHost, 0);
		assert.deepEqual(
			(result.items[0].json.inputFiles as Array<{ binaryProperty: string }>).map((f) => f.binaryProperty),
			['clip', 'photo'],
		);
	});

	it('refuses a fourth video by its bytes before uploading anything', async () => {
		k.sim.reset();
		const input = await itemWith({ a: 'dance.mp4', b: 'dance.mp4', c: 'dance.mp4', d: 'dance.mp4' });
		const result = await k.run({ ...R2V, referenceSource: 'binary', referenceBinaryProperties: 'a,b,c,d' }, { inputItems: [input] });
		assert.match(String(result.error?.message), /at most 3 video file\(s\) for model wan2\.6-r2v-flash \(got 4\)/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('refuses a file of a kind the list does not take (audio)', async () => {
		k.sim.reset();
		const input = await itemWith({ voice: 'voice.mp3' });
		const result = await k.run({ ...R2V, referenceSource: 'binary', referenceBinaryProperties: 'voice' }, { inputItems: [input] });
		assert.match(String(result.error?.message), /Reference \(binary field "voice"\) is a MP3 file; wan2\.6-r2v-flash accepts image .* or video/);
		assert.equal(k.sim.stats.requests.length, 0);
	});
});
