/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Nothing paid is lost: definite refusals are retried, lost answers are looked up instead of resubmitted,
// a failing execution names every task it created, deadlines count from when a task runs, regions and
// inline inputs are checked before paying.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import type { INodeParameters } from 'n8n-workflow';

import { prepareInputBinary } from '../harness';
import { fixtures } from '../simulator/fixtures';
import { SIMULATOR_DEMO_KEY } from '../simulator';
import { isMp4, items, kit, SWAP_FROM_BINARY, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const prompts = (...texts: string[]) => items(...texts.map((prompt) => ({ prompt })));
const PER_ROW: INodeParameters = { ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' };
const description = (error: unknown) => String((error as { description?: string } | undefined)?.description);

describe('submissions the service refused are retried; unknown outcomes are looked up', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('the reported run: 503 ModelServingError and 429 on submit, 500s on a third of the polls, a reset download: all three delivered', async () => {
		k.sim.reset();
		k.sim.faults.submitRefusals = [
			{ status: 503, code: 'ModelServingError', message: 'Too many requests. Your requests are being throttled due to system capacity limits.' },
			{ status: 429, code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' },
		];
		k.sim.faults.queryStatus = { status: 500, count: 4 };
		k.sim.faults.resetDownload = 1;
		const result = await k.run(PER_ROW, { inputItems: prompts('one', 'two', 'three') });
		assert.equal(result.error, undefined, String(result.error));
		assert.deepEqual(result.items.map((i) => i.json.status), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
		assert.equal(k.sim.tasks.size, 3, 'one task per item, none twice');
		for (const item of result.items) assert.ok(isMp4(await result.readBinary(item, 'data')));
	});

	it('429, 500 InternalError and 503 refusals in a row are retried until the task is created', async () => {
		for (const [status, code] of [
			[429, 'Throttling.RateQuota'],
			[500, 'InternalError'],
			[503, 'ModelUnavailable'],
		] as const) {
			k.sim.reset();
			k.sim.faults.submitRefusals = [{ status, code }, { status, code }];
			const result = await k.run(TEXT_TO_VIDEO);
			assert.equal(result.error, undefined, `${code}: ${String(result.error)}`);
			assert.equal(k.sim.stats.submitRequests, 3, `${code}: two refusals, then the task`);
			assert.equal(k.sim.tasks.size, 1);
		}
	});

	it('final refusals are not retried: Arrearage is sent once', async () => {
		k.sim.reset();
		k.sim.faults.submitRefusals = [{ status: 400, code: 'Arrearage', message: 'Access denied, please make sure your account is in good standing.' }];
		const result = await k.run(TEXT_TO_VIDEO);
		assert.match(String(result.error?.message), /^Arrearage/);
		assert.equal(k.sim.stats.submitRequests, 1);
	});

	it('"Free allocated quota exceeded" is final, "Allocated quota exceeded" is retried', async () => {
		k.sim.reset();
		k.sim.faults.submitRefusals = [{ status: 429, code: 'Throttling.AllocationQuota', message: 'Free allocated quota exceeded.' }];
		const free = await k.run(TEXT_TO_VIDEO);
		assert.match(String(free.error?.message), /Throttling\.AllocationQuota/);
		assert.equal(k.sim.stats.submitRequests, 1);
		k.sim.reset();
		k.sim.faults.submitRefusals = [{ status: 429, code: 'Throttling.AllocationQuota', message: 'Allocated quota exceeded, please increase your quota limit.' }];
		const paid = await k.run(TEXT_TO_VIDEO);
		assert.equal(paid.error, undefined, String(paid.error));
		assert.equal(k.sim.stats.submitRequests, 2);
	});

	it('insufficient_quota "Free allocated quota exceeded" is final too: sent once, never retried', async () => {
		k.sim.reset();
		k.sim.faults.submitRefusals = [{ status: 429, code: 'insufficient_quota', message: 'Free allocated quota exceeded.' }];
		const free = await k.run(TEXT_TO_VIDEO);
		assert.match(String(free.error?.message), /^insufficient_quota: Free allocated quota exceeded/);
		assert.match(String((free.error as { description?: string }).description), /free tier only/);
		assert.equal(k.sim.stats.submitRequests, 1);
		assert.equal(k.sim.tasks.size, 0);
	});

	it('a gateway 502 page (no DashScope code) before the task was created: looked up, not found, sent again once', async () => {
		k.sim.reset();
		k.sim.faults.submitRefusals = [{ status: 502 }];
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.tasks.size, 1);
		assert.ok(k.sim.stats.lists >= 1, 'the task list was consulted before sending again');
	});

	it('a connection reset before the task was created: looked up, not found, sent again once', async () => {
		k.sim.reset();
		k.sim.faults.dropSubmitBeforeCreate = 1;
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.tasks.size, 1);
		assert.equal(k.sim.stats.submitRequests, 2);
	});

	it('three lost answers among five items: each adopts its own task, no duplicates, every item delivered', async () => {
		k.sim.reset();
		k.sim.faults.dropSubmitResponseAfterCreate = 3;
		const result = await k.run(PER_ROW, { inputItems: prompts('p1', 'p2', 'p3', 'p4', 'p5') });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.tasks.size, 5, 'exactly one task per item');
		const ids = result.items.map((i) => String(i.json.taskId));
		assert.equal(new Set(ids).size, 5, 'no task adopted twice');
		for (const [index, id] of ids.entries()) {
			assert.equal(k.sim.tasks.get(id)?.input.prompt, `p${index + 1}`, `item ${index} got its own task`);
		}
	});
});

describe('a lost answer while other executions of the account submit the same prompt', () => {
	it('4 executions × 5 identical prompts, one answer lost: the item adopts its own task, never another execution\'s', async () => {
		const k = await kit({ taskSeconds: 0.5 });
		try {
			k.sim.faults.dropSubmitResponseAfterCreate = 1;
			const runs = await k.runMany(
				Array.from({ length: 4 }, () => ({
					parameters: { ...TEXT_TO_VIDEO, options: { returnAs: 'url' } },
					options: { inputItems: items(...Array.from({ length: 5 }, () => ({}))) },
				})),
			);
			for (const run of runs) assert.equal(run.error, undefined, String(run.error));
			const ids = runs.flatMap((run) => run.items.map((i) => String(i.json.taskId)));
			assert.equal(ids.length, 20);
			assert.equal(k.sim.tasks.size, 20, 'nothing sent twice');
			assert.equal(new Set(ids).size, 20, 'no task delivered to two items');
			for (const id of ids) assert.ok(k.sim.tasks.has(id));
			assert.ok(k.sim.stats.lists >= 1, 'the lost answer was looked up in the task list');
		} finally {
			await k.close();
		}
	});

	it('while tasks of another client with the same prompt stay indistinguishable, it keeps looking until Max Wait, then names every candidate', async () => {
		// Another key of the same account (as another process would): its tasks are not in this process's registry.
		const other = 'sk-simulator-other-client';
		const k = await kit({ taskSeconds: 60, apiKeys: [SIMULATOR_DEMO_KEY, other] });
		try {
			const theirs = await k.run({ ...TEXT_TO_VIDEO, options: { waitForCompletion: false } }, { apiKey: other, inputItems: items({}, {}) });
			assert.equal(theirs.error, undefined, String(theirs.error));
			k.sim.faults.dropSubmitResponseAfterCreate = 1;
			// Max Wait 0.2 minutes (12 s): the tasks run 60 s, so none echoes its prompt in time.
			const result = await k.run({ ...TEXT_TO_VIDEO, options: { maxWaitMinutes: 0.2 } });
			assert.match(String(result.error?.message), /^SubmitOutcomeUnknown: .*3 matching tasks were found/);
			const text = description(result.error);
			for (const taskId of k.sim.tasks.keys()) assert.ok(text.includes(taskId), `candidate ${taskId} is named`);
			assert.equal(k.sim.tasks.size, 3, 'not sent again');
			// Looked again while ambiguous: the first look found the candidates, later rounds listed again.
			assert.ok(k.sim.stats.lists >= 2, `${k.sim.stats.lists} list calls`);
		} finally {
			await k.close();
		}
	});
});

describe('a failing execution loses no paid task', () => {
	let k: Kit;
	beforeAll(async () => {
		// wan2.2-t2v-plus submits at 2/s: six items take about three seconds to submit.
		k = await kit({ taskSeconds: 2 });
	});
	afterAll(() => k.close());

	it('without continueOnFail: submitting stops at the first final failure and the error lists every task created', async () => {
		k.sim.reset();
		const rows = prompts('ok 1 [[fail:DataInspectionFailed]]', 'ok 2', 'ok 3', 'ok 4', 'ok 5', 'ok 6', 'ok 7', 'ok 8');
		const result = await k.run({ ...PER_ROW, model: 'wan2.2-t2v-plus', size: '1920*1080' }, { inputItems: rows });
		assert.ok(result.error);
		assert.match(result.error.message, /^DataInspectionFailed/);
		assert.ok(k.sim.tasks.size < 8, `submitting stopped (${k.sim.tasks.size} of 8 created)`);
		const text = description(result.error);
		for (const taskId of k.sim.tasks.keys()) assert.ok(text.includes(taskId), `task ${taskId} is named in the error`);
		assert.match(text, /Task → Wait/);
		const listed = (result.error as { context?: { createdTasks?: unknown[] } }).context?.createdTasks;
		assert.equal(listed?.length, k.sim.tasks.size);
	});
});

describe('deadlines count from when the service runs a task', () => {
	it('concurrency 1: the third queued item does not time out while it waits its turn', async () => {
		const k = await kit({ taskSeconds: 2, limits: { 'wan2.6-t2v': { concurrency: 1 } } });
		try {
			// Max Wait 3 s of running; the third task starts only after ~4 s in the queue.
			const result = await k.run({ ...PER_ROW, options: { maxWaitMinutes: 0.05 } }, { inputItems: prompts('a', 'b', 'c') });
			assert.equal(result.error, undefined, String(result.error));
			assert.deepEqual(result.items.map((i) => i.json.status), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
		} finally {
			await k.close();
		}
	});
});

describe('CANCELLED (the video pages\' spelling) is final', () => {
	it('Task → Wait on a cancelled task ends at once with TaskCanceled', async () => {
		const k = await kit({ taskSeconds: 5, pendingSeconds: 5 });
		try {
			const submitted = await k.run({ ...TEXT_TO_VIDEO, options: { waitForCompletion: false } });
			const taskId = String(submitted.items[0].json.taskId);
			const cancelled = await k.run({ resource: 'task', operation: 'cancel', taskId });
			assert.equal(cancelled.error, undefined, String(cancelled.error));
			k.sim.faults.cancelledSpelling = true;
			const queriesBefore = k.sim.stats.queries;
			const waited = await k.run({ resource: 'task', operation: 'wait', taskId, options: { maxWaitMinutes: 0.2 } });
			assert.match(String(waited.error?.message), /^TaskCanceled/);
			// No waiting until Max Wait: the first answers (the model lookup, the wait's first query) end it.
			assert.ok(k.sim.stats.queries - queriesBefore <= 2, `${k.sim.stats.queries - queriesBefore} queries`);
		} finally {
			await k.close();
		}
	});
});

describe('regions and inline inputs, checked before paying', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('a model the credential region does not serve is refused before any request, naming the regions that do', async () => {
		k.sim.reset();
		const result = await k.run({ ...TEXT_TO_VIDEO, model: 'wan2.2-t2v-plus', size: '1920*1080' }, { region: 'us-east-1' });
		assert.equal(result.error?.name, 'NodeOperationError');
		assert.match(String(result.error?.message), /wan2\.2-t2v-plus is not offered in US \(Virginia\).*China \(Beijing\), Singapore/);
		assert.equal(k.sim.stats.requests.length, 0);
	});

	it('outside Beijing a binary first frame goes inline as a data URI (no upload, no resolve header)', async () => {
		k.sim.reset();
		const frame = fixtures().get('first-frame.png');
		assert.ok(frame);
		const input = { json: {}, binary: { frame: await prepareInputBinary(frame.body, 'frame.png', 'image/png') } };
		const result = await k.run(
			{ resource: 'video', operation: 'imageToVideo', model: 'wan2.6-i2v', imageSource: 'binary', imageBinaryProperty: 'frame', resolution: '720P', duration: 5 },
			{ inputItems: [input], region: 'ap-southeast-1' },
		);
		assert.equal(result.error, undefined, String(result.error));
		const [submission] = k.sim.stats.submissions;
		const imgUrl = String((submission.body.input as Record<string, unknown>).img_url);
		assert.ok(imgUrl.startsWith('data:image/png;base64,'), imgUrl.slice(0, 40));
		assert.equal(Buffer.from(imgUrl.split(',')[1], 'base64').equals(frame.body), true, 'the exact bytes');
		assert.equal(submission.headers['x-dashscope-ossresourceresolve'], undefined);
		assert.equal(k.sim.stats.policies, 0);
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});

	it('outside Beijing a binary input of a field without data URIs is refused before any request', async () => {
		k.sim.reset();
		const files = fixtures();
		const input = {
			json: {},
			binary: {
				photo: await prepareInputBinary(files.get('person.png')!.body, 'me.png', 'image/png'),
				clip: await prepareInputBinary(files.get('dance.mp4')!.body, 'dance.mp4', 'video/mp4'),
			},
		};
		const result = await k.run(SWAP_FROM_BINARY, { inputItems: [input], region: 'ap-southeast-1' });
		assert.match(String(result.error?.message), /cannot come from a binary file here: .*Singapore.*Give a public URL/);
		assert.equal(k.sim.stats.requests.length, 0);
	});
});

describe('an answer in an unexpected shape', () => {
	it('a create answer of HTTP 200 without a task id is an unknown outcome: looked up, none found, sent again once', async () => {
		const k = await kit();
		try {
			k.sim.faults.submitRefusals = [{ status: 200, code: 'NotATask', message: 'a gateway answered' }];
			const result = await k.run(TEXT_TO_VIDEO);
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(k.sim.tasks.size, 1);
			assert.ok(k.sim.stats.lists >= 1);
		} finally {
			await k.close();
		}
	});
});
