/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// wan2.7-t2v end to end inside n8n-core against the simulator: resolution + ratio, no size, an MP4 out.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import { isMp4, kit } from './kit';
import type { Kit } from './kit';

describe('wan2.7-t2v inside n8n-core', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit({ limits: { 'wan2.7-t2v': { rps: 100 } } });
	});
	afterAll(() => k.close());

	it('submits resolution and ratio (never size) and outputs the MP4', async () => {
		k.sim.reset();
		const result = await k.run({
			resource: 'video',
			operation: 'textToVideo',
			model: 'wan2.7-t2v',
			prompt: 'A paper lantern drifting over a lake',
			resolution: '720P',
			ratio: '9:16',
			duration: 3,
			additionalFields: { negativePrompt: 'text' },
		});
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items.length, 1);
		const [item] = result.items;
		const json = item.json as Record<string, unknown>;
		assert.equal(json.status, 'SUCCEEDED');
		assert.equal(json.model, 'wan2.7-t2v');
		assert.equal((json.usage as Record<string, unknown>).size, '720*1280');
		assert.equal(item.binary?.data?.mimeType, 'video/mp4');
		assert.ok(isMp4(await result.readBinary(item, 'data')), 'a real MP4');

		const [submission] = k.sim.stats.submissions;
		assert.deepEqual(submission.body, {
			model: 'wan2.7-t2v',
			input: { prompt: 'A paper lantern drifting over a lake', negative_prompt: 'text' },
			parameters: { resolution: '720P', ratio: '9:16', duration: 3 },
		});
	});
});
