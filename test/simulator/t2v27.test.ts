/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// wan2.7-t2v on the text-to-video endpoint (api-gaps.md §5 [Q13]; rate 5/5 api-platform.md §4.2).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { modelRule } from './models';
import { expectError, submit, submitOk, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 0.1, pendingSeconds: 0, limits: { 'wan2.7-t2v': { rps: 1000 } } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('wan2.7-t2v', () => {
	it('is served in Beijing and Singapore only, at 5 RPS / 5 concurrent', () => {
		const rule = modelRule('wan2.7-t2v');
		assert.ok(rule);
		assert.deepEqual([...rule.regions], ['cn-beijing', 'ap-southeast-1']);
		assert.equal(rule.rps, 5);
		assert.equal(rule.concurrency, 5);
		assert.equal(modelRule('wan2.7-t2v', 'us-east-1'), undefined);
	});

	it('maps resolution + ratio to the output size and reports wan2.6-style usage', async () => {
		const id = await submitOk(sim, {
			model: 'wan2.7-t2v',
			input: { prompt: 'a lighthouse', negative_prompt: 'blur' },
			parameters: { resolution: '720P', ratio: '3:4', duration: 12 },
		});
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.output.orig_prompt, 'a lighthouse');
		assert.equal(done.output.actual_prompt, undefined);
		assert.match(done.output.video_url, /^https?:\/\//);
		assert.deepEqual(done.usage, {
			duration: 12,
			size: '832*1088',
			input_video_duration: 0,
			output_video_duration: 12,
			video_count: 1,
			SR: 720,
		});
	});

	it('defaults to 1080P, 16:9 and 5 s', async () => {
		const id = await submitOk(sim, { model: 'wan2.7-t2v', input: { prompt: 'x' } });
		const done = await waitFor(sim, id, ['SUCCEEDED']);
		assert.equal(done.usage.size, '1920*1080');
		assert.equal(done.usage.duration, 5);
		assert.equal(done.usage.SR, 1080);
	});

	it('accepts a 5,000-character prompt', async () => {
		await submitOk(sim, { model: 'wan2.7-t2v', input: { prompt: 'p'.repeat(5000) } });
	});

	it('rejects other tiers and ratios, durations outside 2–15', async () => {
		const body = (parameters: object) => ({ model: 'wan2.7-t2v', input: { prompt: 'x' }, parameters });
		await expectError(submit(sim, body({ resolution: '480P' })), 'InvalidParameter');
		await expectError(submit(sim, body({ ratio: '21:9' })), 'InvalidParameter');
		await expectError(submit(sim, body({ duration: 16 })), 'InvalidParameter');
		await expectError(submit(sim, body({ duration: 1 })), 'InvalidParameter');
	});
});
