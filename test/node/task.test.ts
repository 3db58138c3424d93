/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import { DashScopeApi } from '../../credentials/DashScopeApi.credentials';
import { testCredential } from '../harness';
import { kit, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const submit = async (k: Kit) => {
	const result = await k.run({ ...TEXT_TO_VIDEO, options: { waitForCompletion: false } });
	assert.equal(result.error, undefined, String(result.error));
	return String(result.items[0].json.taskId);
};

describe('task actions inside n8n-core against the simulator', () => {
	let k: Kit;
	beforeAll(async () => {
		// Concurrency 1 keeps a second task PENDING while the first runs.
		k = await kit({ taskSeconds: 3, limits: { 'wan2.6-t2v': { concurrency: 1 } } });
	});
	afterAll(() => k.close());

	it('Get reports status while running and the result once done; UNKNOWN ids are reported, not thrown', async () => {
		k.sim.reset();
		const taskId = await submit(k);
		const running = await k.run({ resource: 'task', operation: 'get', taskId });
		assert.ok(['PENDING', 'RUNNING'].includes(String(running.items[0].json.status)));
		assert.equal(running.items[0].json.resultUrl, undefined);

		const unknown = await k.run({ resource: 'task', operation: 'get', taskId: 'no-such-task' });
		assert.equal(unknown.error, undefined);
		assert.equal(unknown.items[0].json.status, 'UNKNOWN');
	});

	it('Cancel succeeds for a PENDING task and explains why a RUNNING one cannot be cancelled', async () => {
		k.sim.reset();
		const first = await submit(k);
		const second = await submit(k);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const cancelled = await k.run({ resource: 'task', operation: 'cancel', taskId: second });
		assert.equal(cancelled.error, undefined, String(cancelled.error));
		assert.equal(cancelled.items[0].json.canceled, true);
		assert.equal(k.sim.tasks.get(second)?.status, 'CANCELED');

		const refused = await k.run({ resource: 'task', operation: 'cancel', taskId: first });
		assert.match(String(refused.error?.message), /cannot be cancelled: it is RUNNING, and only PENDING tasks can be cancelled/);

		const waitCancelled = await k.run({ resource: 'task', operation: 'wait', taskId: second }, { continueOnFail: true });
		assert.equal(waitCancelled.items[0].json.code, 'TaskCanceled');
	});

	it('Get Many lists tasks with filters and paging (status only)', async () => {
		k.sim.reset();
		const ids = [await submit(k), await submit(k), await submit(k)];
		const all = await k.run({ resource: 'task', operation: 'list', returnAll: true });
		assert.equal(all.error, undefined, String(all.error));
		assert.deepEqual(new Set(all.items.map((i) => i.json.taskId)), new Set(ids));
		assert.ok(all.items.every((i) => i.json.model === 'wan2.6-t2v' && typeof i.json.createdAt === 'string'));

		const limited = await k.run({ resource: 'task', operation: 'list', returnAll: false, limit: 2 });
		assert.equal(limited.items.length, 2);

		const pending = await k.run({ resource: 'task', operation: 'list', returnAll: true, filters: { status: 'PENDING' } });
		assert.ok(pending.items.length >= 1 && pending.items.every((i) => i.json.status === 'PENDING'));
		const lastRequest = k.sim.stats.requests.filter((r) => r.path.startsWith('/api/v1/tasks?')).pop();
		assert.match(String(lastRequest?.path), /status=PENDING/);
	});

	it('the credential test tells a valid key from an invalid one', async () => {
		const base = { region: 'cn-beijing', workspaceId: '', baseUrl: k.sim.apiBaseUrl };
		const good = await testCredential(new DashScopeApi(), { ...base, apiKey: k.sim.key });
		assert.equal(good.status, 'OK', good.message);
		const bad = await testCredential(new DashScopeApi(), { ...base, apiKey: 'sk-not-a-key' });
		assert.equal(bad.status, 'Error');
	});

});

describe('credential test: regions served only on workspace hosts', () => {
	for (const region of ['eu-central-1', 'ap-northeast-1']) {
		it(`${region} without a Workspace ID fails with words: workspace hosts only, enter the Workspace ID`, async () => {
			const result = await testCredential(new DashScopeApi(), { apiKey: 'sk-any', region, workspaceId: '', baseUrl: '' });
			assert.equal(result.status, 'Error');
			assert.match(result.message, /Germany \(Frankfurt\) and Japan \(Tokyo\) are served only on workspace hosts/);
			assert.match(result.message, /enter the Workspace ID/);
		});
	}

	it('the credential UI says a Workspace ID is needed there', () => {
		const notice = new DashScopeApi().properties.find((p) => p.type === 'notice');
		assert.ok(notice);
		assert.deepEqual(notice.displayOptions?.show?.region, ['eu-central-1', 'ap-northeast-1']);
		assert.match(notice.displayName, /Workspace ID/);
	});
});

describe('Task → Get and Task → Cancel in batches: the query gate and retries of waiting', () => {
	// The account's task API takes 5 calls per second here: a batch of 12 IDs sent at once would be throttled.
	let k: Kit;
	let ids: string[];
	beforeAll(async () => {
		k = await kit({ queryQps: 5, taskSeconds: 120, limits: { 'wan2.6-t2v': { concurrency: 1 } } });
		const rows = Array.from({ length: 12 }, (_, i) => ({ json: { prompt: `fox ${i}` } }));
		const submitted = await k.run({ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}', options: { waitForCompletion: false } }, { inputItems: rows });
		assert.equal(submitted.error, undefined, String(submitted.error));
		ids = submitted.items.map((item) => String(item.json.taskId));
	});
	afterAll(() => k.close());

	it('Get: every item answered though the service throttles; throttled queries were retried', async () => {
		const before = k.sim.stats.rejected429;
		const got = await k.run({ resource: 'task', operation: 'get', taskId: '={{ $json.id }}' }, { inputItems: ids.map((id) => ({ json: { id } })) });
		assert.equal(got.error, undefined, String(got.error));
		assert.deepEqual(got.items.map((item) => item.json.taskId), ids);
		assert.ok(got.items.every((item) => ['PENDING', 'RUNNING'].includes(String(item.json.status))));
		// Judged by what the node decided: any 429 it met was followed by another try, never surfaced.
		assert.ok(k.sim.stats.queries >= ids.length + (k.sim.stats.rejected429 - before));
	});

	it('Cancel: every queued task cancelled though the service throttles; the running one explained', async () => {
		const result = await k.run(
			{ resource: 'task', operation: 'cancel', taskId: '={{ $json.id }}' },
			{ inputItems: ids.map((id) => ({ json: { id } })), continueOnFail: true },
		);
		assert.equal(result.error, undefined, String(result.error));
		const cancelled = result.items.filter((item) => item.json.canceled === true);
		const refused = result.items.filter((item) => item.json.error);
		assert.equal(cancelled.length, 11, JSON.stringify(refused.map((item) => item.json.error)));
		assert.equal(refused.length, 1);
		assert.match(String(refused[0].json.error), /it is RUNNING, and only PENDING tasks can be cancelled/);
		assert.equal([...k.sim.tasks.values()].filter((task) => task.status === 'CANCELED').length, 11);
	});
});
