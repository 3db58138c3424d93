/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { everythingVisible, isMp4, items, kit, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const SWAP: INodeParameters = {
	resource: 'video',
	operation: 'characterSwap',
	model: 'wan2.2-animate-mix',
	imageUrl: 'https://example.com/p.png',
	videoUrl: 'https://example.com/v.mp4',
	mode: 'wan-std',
};

/**
 * Inputs the node must refuse before spending money: [case, parameters, what the message must say].
 * An empty required parameter is caught by n8n itself (WorkflowHasIssuesError) before the node runs;
 * everything else by the node's own validation (NodeOperationError).
 */
const BAD_INPUTS: Array<[string, INodeParameters, RegExp, string?]> = [
	['size not offered by the model', { ...TEXT_TO_VIDEO, model: 'wanx2.1-t2v-plus', size: '1920*1080' }, /Size must be one of 1280\*720, .* for model wanx2\.1-t2v-plus \(got "1920\*1080"\)/],
	['duration above the range', { ...TEXT_TO_VIDEO, duration: 30 }, /Duration \(Seconds\) must be 2 to 15 for model wan2\.6-t2v/],
	['duration outside the set', { ...TEXT_TO_VIDEO, model: 'wan2.5-t2v-preview', duration: 8 }, /must be one of 5, 10 for model wan2\.5-t2v-preview/],
	['empty prompt', { ...TEXT_TO_VIDEO, prompt: '' }, /Prompt|issues/i, 'WorkflowHasIssuesError'],
	['prompt that resolves to nothing', { ...TEXT_TO_VIDEO, prompt: '={{ "" }}' }, /Prompt is required for model wan2\.6-t2v/],
	['prompt over the limit', { ...TEXT_TO_VIDEO, prompt: 'x'.repeat(1501) }, /Prompt must be at most 1500 characters/],
	['negative prompt over the limit', { ...TEXT_TO_VIDEO, additionalFields: { negativePrompt: 'n'.repeat(501) } }, /Negative Prompt must be at most 500/],
	['seed out of range', { ...TEXT_TO_VIDEO, additionalFields: { seed: 2147483648 } }, /Seed must be 0 to 2147483647/],
	['audio URL with a file path', { ...TEXT_TO_VIDEO, additionalFields: { audioUrl: '/tmp/voice.mp3' } }, /Audio URL must be a public http\(s\) URL/],
	['image URL with javascript:', { ...SWAP, imageUrl: 'javascript:alert(1)' }, /Character Image URL must be a public http\(s\) URL for model wan2\.2-animate-mix/],
	['missing reference video', { ...SWAP, videoUrl: '' }, /Reference Video URL|issues/i, 'WorkflowHasIssuesError'],
	['reference video that resolves to nothing', { ...SWAP, videoUrl: '={{ $json.missing }}' }, /Reference Video URL is required for model wan2\.2-animate-mix/],
	['unknown model', { ...TEXT_TO_VIDEO, model: 'wan9-t2v' }, /Model "wan9-t2v" is not a Text to Video model/],
];

describe('failures inside n8n-core against the simulator', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	for (const [name, parameters, message, errorName = 'NodeOperationError'] of BAD_INPUTS) {
		it(`refuses ${name} before any request`, async () => {
			k.sim.reset();
			const result = await k.run(parameters);
			assert.ok(result.error, 'the node failed');
			assert.equal(result.error.name, errorName);
			assert.match(result.error.message, message);
			assert.equal(k.sim.stats.requests.length, 0, 'nothing reached the server');
		});
	}

	it('one bad row fails the node before any other row is submitted', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' }, { inputItems: items({ prompt: 'ok' }, { prompt: '' }) });
		assert.match(String(result.error?.message), /Prompt is required/);
		assert.equal((result.error as { context?: { itemIndex?: number } }).context?.itemIndex, 1);
		assert.equal(k.sim.stats.submitRequests, 0);
	});

	it('continueOnFail: the bad row becomes an error item, the good rows still run', async () => {
		k.sim.reset();
		const result = await k.run(
			{ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' },
			{ inputItems: items({ prompt: 'first' }, { prompt: '' }, { prompt: 'third' }), continueOnFail: true },
		);
		assert.equal(result.error, undefined);
		assert.equal(result.items.length, 3);
		assert.equal(result.items[0].json.status, 'SUCCEEDED');
		assert.match(String(result.items[1].json.error), /Prompt is required/);
		assert.deepEqual(result.items[1].pairedItem, { item: 1 });
		assert.equal(result.items[2].json.status, 'SUCCEEDED');
		assert.equal(k.sim.stats.submits, 2);
	});

	it('a FAILED task becomes a NodeApiError with the code, what to do and the task id', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_VIDEO, prompt: 'a scene [[fail:DataInspectionFailed]]' });
		assert.ok(result.error);
		assert.equal(result.error.name, 'NodeApiError');
		assert.match(result.error.message, /^DataInspectionFailed: /);
		const description = String((result.error as { description?: string }).description);
		assert.match(description, /Change the prompt or the input media/);
		assert.match(description, new RegExp(`Task ID: ${[...k.sim.tasks.keys()][0]}`));
	});

	it('continueOnFail: each failed task is its own item, the others are unaffected', async () => {
		k.sim.reset();
		const prompts = ['fine', 'bad [[fail:IPInfringementSuspect]]', 'slow [[fail:InternalError.Timeout]]', 'fine too'];
		const result = await k.run(
			{ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' },
			{ inputItems: items(...prompts.map((prompt) => ({ prompt }))), continueOnFail: true },
		);
		assert.equal(result.error, undefined);
		assert.deepEqual(
			result.items.map((i) => i.json.code ?? i.json.status),
			['SUCCEEDED', 'IPInfringementSuspect', 'InternalError.Timeout', 'SUCCEEDED'],
		);
		assert.ok(result.items[1].json.taskId);
		assert.equal(result.items[1].json.status, 'FAILED');
		assert.match(String(result.items[2].json.description), /Submit the task again/);
	});

	it('a wrong key is InvalidApiKey with advice, and the key shows up nowhere', async () => {
		k.sim.reset();
		const key = 'sk-wrong-0123456789abcdef';
		const result = await k.run(TEXT_TO_VIDEO, { apiKey: key });
		assert.ok(result.error);
		assert.match(result.error.message, /InvalidApiKey/);
		assert.match(String((result.error as { description?: string }).description), /belong to the region/);
		assert.equal(everythingVisible(result).includes(key), false, 'key leaked into output, error or logs');
		assert.equal(everythingVisible(result).includes('0123456789abcdef'), false);
	});

	it('the key never appears in successful output, logs, or on the file host', async () => {
		k.sim.reset();
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(everythingVisible(result).includes(k.sim.key), false);
		assert.equal(k.sim.stats.authHeadersOnFileHost, 0);
	});

	it('Max Wait reached: the error carries task id, status and waited seconds for Task → Wait', async () => {
		const slow = await kit({ taskSeconds: 30 });
		try {
			const result = await slow.run({ ...TEXT_TO_VIDEO, options: { maxWaitMinutes: 0.05 } });
			// Still RUNNING: the node gave up at Max Wait (3 s), not when the 30 s task ended.
			assert.match(String(result.error?.message), /^WaitTimeout: Task \S+ is still RUNNING after running 0\.\d minutes/);
			assert.match(String((result.error as { description?: string }).description), /Task → Wait/);
			const continued = await slow.run({ ...TEXT_TO_VIDEO, options: { maxWaitMinutes: 0.05 } }, { continueOnFail: true });
			assert.equal(continued.items[0].json.code, 'WaitTimeout');
			assert.equal(continued.items[0].json.status, 'RUNNING');
			assert.ok(Number(continued.items[0].json.waitedSeconds) >= 3);
			assert.ok(slow.sim.tasks.has(String(continued.items[0].json.taskId)));
		} finally {
			await slow.close();
		}
	});

	it('cancelling the execution with 50 tasks in flight stops all polling within a second', async () => {
		const slow = await kit({ taskSeconds: 60 });
		try {
			const controller = new AbortController();
			const rows = items(...Array.from({ length: 50 }, (_, i) => ({ prompt: `scene ${i}` })));
			const running = slow.run({ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' }, { abortSignal: controller.signal, inputItems: rows });
			// 50 submissions at the model's 5 per second take about 11 s (longer on a busy machine): wait for them.
			for (let waited = 0; slow.sim.tasks.size < 50 && waited < 120_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
			assert.equal(slow.sim.tasks.size, 50, 'all tasks submitted before the cancel');
			controller.abort();
			const result = await running;
			// Once the execution has ended, nothing asks about its tasks any more (task queries or list sweeps).
			const asked = () => slow.sim.stats.queries + slow.sim.stats.lists;
			const afterEnd = asked();
			await new Promise((resolve) => setTimeout(resolve, 2500));
			assert.ok(asked() <= afterEnd + 1, `${asked() - afterEnd} queries after the execution ended`);
			assert.equal(result.items.filter((i) => i.binary).length, 0);
		} finally {
			await slow.close();
		}
	});

	for (const cancelQueuedOnStop of [true, false]) {
		it(`stopping the execution ${cancelQueuedOnStop ? 'cancels' : 'leaves'} its queued tasks on the service when the option is ${cancelQueuedOnStop ? 'on' : 'off'}`, async () => {
			const slow = await kit({ taskSeconds: 60, limits: { 'wan2.6-t2v': { concurrency: 1 } } });
			try {
				const controller = new AbortController();
				const rows = items(...['one', 'two', 'three'].map((prompt) => ({ prompt })));
				const running = slow.run(
					{ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}', options: { cancelQueuedOnStop } },
					{ abortSignal: controller.signal, inputItems: rows },
				);
				await new Promise((resolve) => setTimeout(resolve, 2500));
				controller.abort();
				await running;
				await new Promise((resolve) => setTimeout(resolve, 1500));
				const statuses = [...slow.sim.tasks.values()].map((t) => t.status).sort();
				assert.deepEqual(statuses, cancelQueuedOnStop ? ['CANCELED', 'CANCELED', 'RUNNING'] : ['PENDING', 'PENDING', 'RUNNING']);
			} finally {
				await slow.close();
			}
		});
	}

	it('Cancel Queued Tasks on Stop paces its cancels under the account limit and retries the throttled ones: no queued task left to run', async () => {
		// The task API takes 5 calls per second here; 11 cancels sent at once would leave 6 tasks queued (and billed).
		const slow = await kit({ taskSeconds: 120, queryQps: 5, limits: { 'wan2.6-t2v': { concurrency: 1 } } });
		try {
			const controller = new AbortController();
			const rows = items(...Array.from({ length: 12 }, (_, i) => ({ prompt: `fox ${i}` })));
			const running = slow.run(
				{ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}', options: { cancelQueuedOnStop: true } },
				{ abortSignal: controller.signal, inputItems: rows },
			);
			for (let i = 0; i < 100 && slow.sim.tasks.size < 12; i++) await new Promise((resolve) => setTimeout(resolve, 100));
			assert.equal(slow.sim.tasks.size, 12, 'all tasks submitted before the stop');
			controller.abort();
			await running;
			const pending = () => [...slow.sim.tasks.values()].filter((t) => t.status === 'PENDING').length;
			for (let i = 0; i < 300 && pending() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
			const statuses = [...slow.sim.tasks.values()].map((t) => t.status).sort();
			assert.deepEqual(statuses, [...Array(11).fill('CANCELED'), 'RUNNING']);
		} finally {
			await slow.close();
		}
	});

		it('a task that expires (UNKNOWN) while waited on is a clear error carrying its task id', async () => {
		// Retention shorter than the run: the service forgets the first task before it finishes.
		const forgetful = await kit({ taskSeconds: 1.5, taskRetentionSeconds: 1 });
		try {
			const result = await forgetful.run(TEXT_TO_VIDEO, { continueOnFail: true });
			assert.equal(result.items[0].json.code, 'TaskUnknown');
			assert.match(String(result.items[0].json.description), /expired \(tasks are kept about 24 hours\)/);
			assert.ok(result.items[0].json.taskId);
		} finally {
			await forgetful.close();
		}
	});

	it('poll errors (500s) are retried and the result still arrives', async () => {
		k.sim.reset();
		k.sim.faults.queryStatus = { status: 500, count: 2, code: 'InternalError', message: 'boom' };
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});

	it('connection resets on polls are retried and the result still arrives', async () => {
		k.sim.reset();
		k.sim.faults.resetQuery = 3;
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.faults.resetQuery, 0, 'the resets happened');
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});

	it('a download that keeps failing names the task and its result URL (paid work is not lost)', async () => {
		k.sim.reset();
		k.sim.faults.resetDownload = 10;
		const result = await k.run(TEXT_TO_VIDEO, { continueOnFail: true });
		const json = result.items[0].json;
		assert.equal(json.code, 'DownloadFailed');
		assert.ok(k.sim.tasks.has(String(json.taskId)));
		assert.match(String(json.resultUrl), /\/results\//);
		assert.equal(json.status, 'SUCCEEDED');
		k.sim.faults.resetDownload = 0;
	});

	it('a download reset once is retried transparently', async () => {
		k.sim.reset();
		k.sim.faults.resetDownload = 1;
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});

	it('a submission whose answer is lost is found in the task list and adopted (no duplicate paid task)', async () => {
		k.sim.reset();
		k.sim.faults.dropSubmitResponseAfterCreate = 1;
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.tasks.size, 1, 'exactly one task exists server-side');
		assert.equal(result.items[0].json.taskId, [...k.sim.tasks.keys()][0]);
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
		assert.ok(k.sim.stats.lists >= 1, 'the task list was consulted');
	});
});
