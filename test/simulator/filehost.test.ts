/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// File host: signed result URLs, the Authorization-header rule, fixtures, large streamed results.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { startSimulator, type Simulator } from './index';
import { submitOk, waitFor } from './testkit';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ taskSeconds: 0.1, pendingSeconds: 0, limits: { 'wan2.6-t2v': { rps: 100 } } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function resultUrl(target: Simulator = sim): Promise<string> {
	const id = await submitOk(target, {
		model: 'wan2.6-t2v',
		input: { prompt: 'x' },
		parameters: { size: '1280*720', duration: 5 },
	});
	return (await waitFor(target, id, ['SUCCEEDED'])).output.video_url as string;
}

function ossCode(xml: string): string | undefined {
	return /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
}

describe('signed result URLs', () => {
	it('serve the MP4 with type and length', async () => {
		const url = await resultUrl();
		const res = await fetch(url);
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'video/mp4');
		const body = Buffer.from(await res.arrayBuffer());
		assert.equal(Number(res.headers.get('content-length')), body.length);
		assert.equal(body.length, 8 * 1024);
		assert.equal(body.toString('latin1', 4, 8), 'ftyp');
	});

	it('refuse tampered, unsigned and foreign-verb requests', async () => {
		const url = new URL(await resultUrl());
		const tampered = new URL(url);
		tampered.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 1));
		for (const bad of [
			tampered.href,
			`${url.origin}${url.pathname}`,
			url.href.replace(/Signature=[^&]+/, 'Signature=AAAA'),
		]) {
			const res = await fetch(bad);
			assert.equal(res.status, 403, bad);
			assert.equal(res.headers.get('content-type'), 'application/xml');
			assert.equal(ossCode(await res.text()), 'AccessDenied');
		}
		const otherTask = url.href.replace(/results\/[^.]+\.mp4/, 'results/00000000-0000-0000-0000-000000000000.mp4');
		assert.equal((await fetch(otherTask)).status, 403, 'the signature covers the object key');
		// The verb is part of the signature, as on OSS: a GET-signed URL does not allow HEAD.
		assert.equal((await fetch(url, { method: 'HEAD' })).status, 403);
	});

	it('answer a single byte range with 206 and Content-Range; an unusable range gets the whole file (200)', async () => {
		const url = await resultUrl();
		const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
		const part = await fetch(url, { headers: { Range: 'bytes=100-4195' } });
		assert.equal(part.status, 206);
		assert.equal(part.headers.get('content-range'), `bytes 100-4195/${whole.length}`);
		assert.deepEqual(Buffer.from(await part.arrayBuffer()), whole.subarray(100, 4196));
		const tail = await fetch(url, { headers: { Range: 'bytes=8000-' } });
		assert.equal(tail.status, 206);
		assert.deepEqual(Buffer.from(await tail.arrayBuffer()), whole.subarray(8000));
		for (const ignored of ['bytes=9000-9100', 'bytes=-100', 'bytes=0-1,5-9']) {
			const res = await fetch(url, { headers: { Range: ignored } });
			assert.equal(res.status, 200, ignored);
			assert.equal(Buffer.from(await res.arrayBuffer()).length, whole.length);
		}
	});

	it('expire after resultTtlSeconds', async () => {
		// A few seconds of life: on a loaded 2-core CI machine the first fetch alone can take a second.
		const short = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0, resultTtlSeconds: 4 });
		try {
			const url = await resultUrl(short);
			assert.equal((await fetch(url)).status, 200);
			await new Promise((r) => setTimeout(r, 5100));
			const res = await fetch(url);
			assert.equal(res.status, 403);
			assert.match(await res.text(), /expired/);
		} finally {
			await short.close();
		}
	});

	it('refuse any Authorization header and count it', async () => {
		const url = await resultUrl();
		const res = await fetch(url, { headers: { Authorization: `Bearer ${sim.key}` } });
		assert.equal(res.status, 403);
		assert.equal(ossCode(await res.text()), 'AccessDenied');
		const fixture = await fetch(sim.fixtureUrl('person.png'), { headers: { Authorization: 'Basic eDp5' } });
		assert.equal(fixture.status, 403);
		await fixture.arrayBuffer();
		assert.equal(sim.stats.authHeadersOnFileHost, 2);
		assert.ok(sim.stats.fileRequests >= 2);
	});

	it('answer 404 NoSuchKey for unknown objects', async () => {
		const res = await fetch(`${sim.fileBaseUrl}/nothing`);
		assert.equal(res.status, 404);
		assert.equal(ossCode(await res.text()), 'NoSuchKey');
	});
});

describe('fixtures', () => {
	it('serves person.png, first-frame.png, dance.mp4 and voice.mp3', async () => {
		const expected: Record<string, string> = {
			'person.png': 'image/png',
			'first-frame.png': 'image/png',
			'dance.mp4': 'video/mp4',
			'voice.mp3': 'audio/mpeg',
		};
		for (const [name, type] of Object.entries(expected)) {
			const res = await fetch(sim.fixtureUrl(name));
			assert.equal(res.status, 200, name);
			assert.equal(res.headers.get('content-type'), type);
			assert.ok((await res.arrayBuffer()).byteLength > 1000);
		}
		assert.equal((await fetch(sim.fixtureUrl('nope.png'))).status, 404);
	});
});

describe('large results', () => {
	it('streams a 500 MB result without buffering it', async () => {
		const big = await startSimulator({ taskSeconds: 0.05, pendingSeconds: 0, videoBytes: 500 * 1024 * 1024 });
		try {
			const url = await resultUrl(big);
			const res = await fetch(url);
			assert.equal(Number(res.headers.get('content-length')), 500 * 1024 * 1024);
			const rssBefore = process.memoryUsage.rss();
			let total = 0;
			let peak = 0;
			const reader = (res.body as ReadableStream<Uint8Array>).getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				total += value.byteLength;
				peak = Math.max(peak, process.memoryUsage.rss() - rssBefore);
			}
			assert.equal(total, 500 * 1024 * 1024);
			assert.ok(peak < 200 * 1024 * 1024, `rss grew by ${peak} bytes`);
		} finally {
			await big.close();
		}
	});
});
