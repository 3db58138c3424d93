/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from '@jest/globals';

import { DashScopeApi } from '../../credentials/DashScopeApi.credentials';
import { Wan } from '../../nodes/Wan/Wan.node';
import { runNode } from '../harness';
import { items, kit, TEXT_TO_VIDEO } from './kit';

const prompts = (n: number) => items(...Array.from({ length: n }, (_, i) => ({ prompt: `scene ${i}` })));

/** Largest number of submissions the simulator saw inside any one-second window. */
function peakPerSecond(times: number[]): number {
	let peak = 0;
	for (const start of times) peak = Math.max(peak, times.filter((t) => t >= start && t < start + 1000).length);
	return peak;
}

describe('pacing within the service limits', () => {
	it("submissions stay within the model's RPS: no 429 for a batch on a 2-per-second model", async () => {
		const k = await kit({ taskSeconds: 0.2 });
		try {
			const result = await k.run(
				{ ...TEXT_TO_VIDEO, model: 'wan2.2-t2v-plus', size: '832*480', prompt: '={{ $json.prompt }}' },
				{ inputItems: prompts(8) },
			);
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(result.items.length, 8);
			// Grants are spaced 550 ms apart; on a loaded machine one request may reach the service late and land
			// next to the following one (the real service would throttle it too, and the node retries). Without
			// pacing, 8 submissions at once would meet 6 refusals.
			assert.ok(k.sim.stats.rejected429 <= 1, `${k.sim.stats.rejected429} submissions throttled`);
			assert.equal(k.sim.tasks.size, 8, 'one task per item');
			const times = k.sim.stats.requests.filter((r) => r.method === 'POST' && r.status === 200).map((r) => r.at);
			assert.ok(peakPerSecond(times) <= 2, `peak ${peakPerSecond(times)} submissions per second`);
		} finally {
			await k.close();
		}
	});

	it('429 on submit (another client used the quota) slows down and retries, without duplicate tasks', async () => {
		// The service allows 1/s here while the table says 5/s: the node meets real throttling.
		const k = await kit({ taskSeconds: 0.2, limits: { 'wan2.6-t2v': { rps: 1 } } });
		try {
			const result = await k.run({ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' }, { inputItems: prompts(4) });
			assert.equal(result.error, undefined, String(result.error));
			assert.ok(k.sim.stats.rejected429 > 0, 'the simulator did throttle');
			assert.equal(k.sim.tasks.size, 4, 'one task per item');
			assert.ok(result.items.every((i) => i.json.status === 'SUCCEEDED'));
		} finally {
			await k.close();
		}
	});

	it('429 on task queries is retried with backoff and the result still arrives', async () => {
		const k = await kit({ taskSeconds: 0.2 });
		try {
			k.sim.faults.queryStatus = { status: 429, count: 3, code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' };
			const result = await k.run(TEXT_TO_VIDEO);
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(result.items[0].json.status, 'SUCCEEDED');
		} finally {
			await k.close();
		}
	});

	it('a refused connection fails quickly with a clear message and creates nothing', async () => {
		const closed = await new Promise<number>((resolve) => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as { port: number };
				server.close(() => resolve(port));
			});
		});
		const started = Date.now();
		const result = await runNode({
			nodeType: new Wan(),
			credentialTypes: [new DashScopeApi()],
			credentials: { dashScopeApi: { apiKey: 'sk-x', region: 'cn-beijing', workspaceId: '', baseUrl: `http://127.0.0.1:${closed}/api/v1` } },
			parameters: TEXT_TO_VIDEO,
		});
		assert.match(String(result.error?.message), /^ConnectionFailed: Could not connect to DashScope/);
		assert.match(String((result.error as { description?: string }).description), /base URL in the credential/);
		assert.ok(Date.now() - started < 10_000, 'gave up within seconds');
	});
});
