/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The result download path (nodes/Wan/engine/download.ts): the file goes from the storage host into n8n's binary
// store as a stream, in ONE plain GET, and arrives byte for byte. Not a memory-timing test: the verdicts come from
// what n8n wrote to disk while the host was still sending, from the simulator's request log and from the bytes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';

import { scratchDir } from '../harness/runtime';
import { kit, TEXT_TO_VIDEO } from './kit';
import type { Kit } from './kit';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What the simulator serves at `url` (fetched again, straight from the file host). */
async function served(url: string): Promise<Buffer> {
	const response = await fetch(url);
	assert.equal(response.status, 200);
	return Buffer.from(await response.arrayBuffer());
}

/** Sizes of the files n8n's filesystem binary store holds in this process's harness runs (metadata excluded). */
function storedFileSizes(): number[] {
	const sizes: number[] = [];
	for (const entry of readdirSync(scratchDir(), { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || entry.name.endsWith('.metadata')) continue;
		const dir = (entry as unknown as { parentPath?: string; path?: string }).parentPath ?? (entry as unknown as { path: string }).path;
		if (!dir.includes(`${path.sep}binary_data`)) continue;
		try {
			sizes.push(statSync(path.join(dir, entry.name)).size);
		} catch {
			// renamed or removed meanwhile
		}
	}
	return sizes;
}

/** Resolves once `check` holds (polled), or rejects after `limitMs` (a guard against hanging, not a verdict on speed). */
async function until(check: () => boolean, limitMs: number, what: string): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > limitMs) throw new Error(`gave up waiting: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

const resultGets = (k: Kit) => k.sim.stats.requests.filter((e) => e.host === 'file' && e.method === 'GET' && e.path.startsWith('/results/'));

describe('result download: streamed into the binary store', () => {
	let k: Kit;
	beforeAll(async () => {
		k = await kit();
	});
	afterAll(async () => {
		await k.close();
	});

	it('writes the first part to the binary store while the host still holds back the rest (not buffered in memory)', async () => {
		k.sim.reset();
		const total = 6 * MiB + 3;
		const firstPart = 2 * MiB;
		k.sim.setVideoBytes(total);
		let release!: () => void;
		k.sim.faults.holdDownload = { afterBytes: firstPart, release: new Promise<void>((resolve) => (release = resolve)) };
		const before = new Set(storedFileSizes());
		const running = k.run(TEXT_TO_VIDEO);
		try {
			// A buffered download (encoding arraybuffer, or a stream collected into a Buffer) writes nothing before the
			// host has sent everything: this wait would then give up.
			await until(() => storedFileSizes().some((size) => size >= firstPart / 2 && size < total && !before.has(size)), 60_000, 'part of the result in the binary store while the host holds the rest');
			assert.ok(k.sim.faults.holdDownload === undefined, 'the held download is the one in progress');
		} finally {
			release();
		}
		const result = await running;
		assert.equal(result.error, undefined, String(result.error));
		const item = result.items[0];
		const filePath = result.binaryFilePath(item);
		assert.ok(filePath, 'filesystem mode stores the result as a file');
		const stored = readFileSync(filePath);
		assert.equal(stored.length, total);
		assert.equal(sha256(stored), sha256(await served(String(item.json.resultUrl))), 'stored bytes = served bytes');
		k.sim.setVideoBytes(8 * 1024);
	});

	it('fetches each result with one plain GET (no Range, no second request) and stores exactly the served bytes', async () => {
		k.sim.reset();
		const total = 3 * MiB + 17;
		k.sim.setVideoBytes(total);
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		const item = result.items[0];
		const gets = resultGets(k);
		assert.equal(gets.length, 1, `one GET of the result (got ${gets.map((g) => g.path).join(', ')})`);
		assert.equal(gets[0].status, 200);
		const stored = await result.readBinary(item);
		assert.equal(item.binary?.data?.bytes ?? stored.length, total);
		assert.equal(sha256(stored), sha256(await served(String(item.json.resultUrl))));
		k.sim.setVideoBytes(8 * 1024);
	});

	it('a download cut mid-body is fetched again from the start and the stored file is still byte-identical', async () => {
		k.sim.reset();
		const total = 2 * MiB + 5;
		k.sim.setVideoBytes(total);
		k.sim.faults.resetDownload = 1;
		const result = await k.run(TEXT_TO_VIDEO);
		assert.equal(result.error, undefined, String(result.error));
		assert.equal(k.sim.faults.resetDownload, 0, 'the cut happened');
		const gets = resultGets(k);
		assert.equal(gets.length, 2, 'the cut download and one full retry');
		const stored = await result.readBinary(result.items[0]);
		assert.equal(stored.length, total);
		assert.equal(sha256(stored), sha256(await served(String(result.items[0].json.resultUrl))));
		k.sim.setVideoBytes(8 * 1024);
	});
});
