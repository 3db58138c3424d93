/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// wan2.7-t2v in the Text to Video family (api-gaps.md §5 [Q13]): resolution + ratio instead of size.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { NodeHelpers } from 'n8n-workflow';

import { textToVideo } from '../../nodes/Wan/models/video/textToVideo';
import { buildRequest } from '../../nodes/Wan/request/build';
import { Wan } from '../../nodes/Wan/Wan.node';
import { InvalidFieldError } from '../../nodes/Wan/errors';

const wan27 = textToVideo.models.find((m) => m.id === 'wan2.7-t2v');

describe('wan2.7-t2v (Text to Video)', () => {
	it('is the family default (the newest generally available model), its snapshots next, then wan2.6-t2v', () => {
		assert.ok(wan27);
		const ids = textToVideo.models.map((m) => m.id);
		assert.equal(ids[0], 'wan2.7-t2v');
		assert.equal(ids.indexOf('wan2.6-t2v'), 3);
		assert.deepEqual([...wan27.regions], ['cn-beijing', 'ap-southeast-1']);
		assert.deepEqual(wan27.limits, { submitRps: 5, concurrency: 5 });
	});

	it('sends resolution and ratio in parameters, never size; negative prompt and audio in input; prompt_extend and watermark (api-gaps.md §5 [Q13])', () => {
		assert.ok(wan27);
		const built = buildRequest(textToVideo, wan27, {
			prompt: 'A lighthouse at dusk',
			size: '1280*720', // left over from another model: not sent
			resolution: '720P',
			ratio: '9:16',
			duration: 12,
			negativePrompt: 'blur',
			audioUrl: 'https://example.com/voice.mp3',
			shotType: 'multi',
			seed: 7,
			promptExtend: false,
			watermark: true,
		});
		assert.deepEqual(built.body, {
			model: 'wan2.7-t2v',
			input: { prompt: 'A lighthouse at dusk', negative_prompt: 'blur', audio_url: 'https://example.com/voice.mp3' },
			parameters: { resolution: '720P', ratio: '9:16', duration: 12, prompt_extend: false, watermark: true },
		});
	});

	it('accepts a 5,000-character prompt and rejects longer ones, other ratios and durations outside 2–15', () => {
		assert.ok(wan27);
		const base = { resolution: '1080P', ratio: '16:9', duration: 5 };
		assert.equal((buildRequest(textToVideo, wan27, { ...base, prompt: '字'.repeat(5000) }).body.input as { prompt: string }).prompt.length, 5000);
		const rejected: Array<[Record<string, unknown>, RegExp]> = [
			[{ ...base, prompt: 'x'.repeat(5001) }, /at most 5000 characters/],
			[{ ...base, prompt: 'x', ratio: '21:9' }, /Aspect Ratio must be one of 16:9, 9:16, 1:1, 4:3, 3:4/],
			[{ ...base, prompt: 'x', resolution: '480P' }, /Resolution must be one of 720P, 1080P/],
			[{ ...base, prompt: 'x', duration: 16 }, /Duration \(Seconds\) must be 2 to 15 for model wan2\.7-t2v/],
			[{ ...base, prompt: 'x', duration: 1 }, /must be 2 to 15/],
		];
		for (const [values, message] of rejected) {
			assert.throws(() => buildRequest(textToVideo, wan27, values), (error: unknown) => {
				assert.ok(error instanceof InvalidFieldError);
				assert.match(error.message, message);
				return true;
			});
		}
	});

	it('shows Resolution and Aspect Ratio (defaults 1080P, 16:9) instead of Size in the node UI', () => {
		const description = new Wan().description;
		const node = { typeVersion: 1 };
		const params = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'video', operation: 'textToVideo', model: 'wan2.7-t2v' },
			true,
			false,
			node,
			description,
		);
		assert.ok(params);
		assert.equal(params.size, undefined);
		assert.equal(params.resolution, '1080P');
		assert.equal(params.ratio, '16:9');
		assert.equal(params.duration, 5);
		const shown = (name: string) =>
			description.properties.some(
				(p) => p.name === name && NodeHelpers.displayParameter({ resource: 'video', operation: 'textToVideo', model: 'wan2.6-t2v' }, p, node, description),
			);
		assert.equal(shown('ratio'), false, 'no ratio for wan2.6-t2v');
		assert.equal(shown('resolution'), false, 'no resolution for wan2.6-t2v');
	});
});
