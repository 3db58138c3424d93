/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import { isMp4, items, kit, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function served(k: Kit, url: string): Promise<Buffer> {
	return Buffer.from(await (await fetch(url)).arrayBuffer());
}

describe('generation inside n8n-core against the simulator', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(() => k.close());

	it('text to video: submits asynchronously, waits, and outputs the MP4 as binary with the task facts', async () => {
		k.sim.reset();
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items.length, 1);
		const [item] = result.items;
		assert.deepEqual(item.pairedItem, { item: 0 });
		const json = item.json as Record<string, unknown>;
		assert.equal(json.status, 'SUCCEEDED');
		assert.equal(json.model, 'wan2.6-t2v');
		assert.match(String(json.taskId), /\S+/);
		for (const key of ['submitTime', 'scheduledTime', 'endTime', 'requestId', 'usage', 'resultUrl', 'resultUrlExpiresAt']) {
			assert.ok(json[key], `${key} present`);
		}
		assert.ok(Date.parse(String(json.resultUrlExpiresAt)) > Date.now());

		const binary = item.binary?.data;
		assert.ok(binary);
		assert.equal(binary.mimeType, 'video/mp4');
		assert.equal(binary.fileName, `${json.taskId}.mp4`);
		const bytes = await result.readBinary(item, 'data');
		assert.ok(isMp4(bytes), 'a real MP4');
		assert.equal(sha(bytes), sha(await served(k, String(json.resultUrl))));
		const path = result.binaryFilePath?.(item, 'data');
		assert.ok(path && existsSync(path), 'filesystem binary mode stored the file on disk');

		const [submission] = k.sim.stats.submissions;
		assert.deepEqual(submission.body, {
			model: 'wan2.6-t2v',
			input: { prompt: TEXT_TO_VIDEO.prompt },
			parameters: { size: '1280*720', duration: 5 },
		});
		assert.equal(k.sim.stats.authHeadersOnFileHost, 0, 'the API key never went to the file host');
	});

	it('default (in-memory) binary mode gives the same bytes', async () => {
		const result = await k.run(TEXT_TO_VIDEO, { binaryDataMode: 'default' });
		assert.equal(result.error, undefined, String(result.error));
		assert.ok(isMp4(await result.readBinary(result.items[0], 'data')));
	});

	it('character swap and animate image read the nested result and put watermark in input', async () => {
		for (const [operation, model] of [
			['characterSwap', 'wan2.2-animate-mix'],
			['animateImage', 'wan2.2-animate-move'],
		]) {
			k.sim.reset();
			const result = await k.run({
				resource: 'video',
				operation,
				model,
				imageUrl: k.sim.fixtureUrl('person.png'),
				videoUrl: k.sim.fixtureUrl('dance.mp4'),
				mode: 'wan-pro',
				additionalFields: { watermark: true, checkImage: false },
			});
			assert.equal(result.error, undefined, `${operation}: ${String(result.error)}`);
			const [item] = result.items;
			assert.equal(item.json.status, 'SUCCEEDED');
			assert.deepEqual((item.json.usage as Record<string, unknown>).video_ratio, 'pro');
			assert.ok(isMp4(await result.readBinary(item, 'data')));
			assert.deepEqual(k.sim.stats.submissions[0].body, {
				model,
				input: { image_url: k.sim.fixtureUrl('person.png'), video_url: k.sim.fixtureUrl('dance.mp4'), watermark: true },
				parameters: { mode: 'wan-pro', check_image: false },
			});
		}
	});

	it('many items: one task each, output order and pairedItem follow the input', async () => {
		k.sim.reset();
		const prompts = ['one', 'two', 'three', 'four', 'five', 'six'].map((p) => ({ prompt: `scene ${p}` }));
		const result = await k.run({ ...TEXT_TO_VIDEO, prompt: '={{ $json.prompt }}' }, { inputItems: items(...prompts) });
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(result.items.length, prompts.length);
		result.items.forEach((item, index) => {
			assert.deepEqual(item.pairedItem, { item: index });
			assert.equal(item.json.origPrompt, prompts[index].prompt);
		});
		assert.equal(k.sim.stats.submits, prompts.length);
		assert.equal(new Set(result.items.map((i) => i.json.taskId)).size, prompts.length);
	});

	it('Return As URL skips the download; Put Output in Field renames the binary', async () => {
		k.sim.reset();
		const asUrl = await k.run({ ...TEXT_TO_VIDEO, options: { returnAs: 'url' } });
		assert.equal(asUrl.items[0].binary, undefined);
		assert.match(String(asUrl.items[0].json.resultUrl), /^http:\/\/127\.0\.0\.1:\d+\/results\//);
		assert.equal(k.sim.stats.fileRequests, 0);

		const renamed = await k.run({ ...TEXT_TO_VIDEO, options: { binaryPropertyName: 'video' } });
		assert.ok(renamed.items[0].binary?.video);
		assert.equal(renamed.items[0].binary?.data, undefined);
	});

	it('Wait for Completion off returns the task at once; Task → Wait then delivers the video', async () => {
		k.sim.reset();
		const submitted = await k.run({ ...TEXT_TO_VIDEO, options: { waitForCompletion: false } });
		assert.equal(submitted.error, undefined, String(submitted.error));
		const { taskId, status } = submitted.items[0].json;
		assert.ok(['PENDING', 'RUNNING'].includes(String(status)));
		assert.equal(submitted.items[0].binary, undefined);
		assert.equal(k.sim.stats.queries, 0, 'no polling when not waiting');

		const waited = await k.run({ resource: 'task', operation: 'wait', taskId: String(taskId) });
		assert.equal(waited.error, undefined, String(waited.error));
		assert.equal(waited.items[0].json.taskId, taskId);
		assert.equal(waited.items[0].json.status, 'SUCCEEDED');
		assert.equal(waited.items[0].json.model, 'wan2.6-t2v', 'the model was found through the batch query');
		assert.equal(waited.items[0].binary?.data?.mimeType, 'video/mp4');
		assert.ok(isMp4(await waited.readBinary(waited.items[0], 'data')));
	});

	it('Max Result Size refuses a larger result but keeps its URL and task id', async () => {
		const big = await kit({ videoBytes: 3 * 1024 * 1024 });
		try {
			const result = await big.run({ ...TEXT_TO_VIDEO, options: { maxResultMb: 1 } }, { continueOnFail: true });
			const json = result.items[0].json;
			assert.equal(json.code, 'DownloadFailed');
			assert.match(String(json.error), /above the 1048576-byte limit/);
			assert.match(String(json.resultUrl), /\/results\//);
			assert.ok(big.sim.tasks.has(String(json.taskId)));
		} finally {
			await big.close();
		}
	});
});
