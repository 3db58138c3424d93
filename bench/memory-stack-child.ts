/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Child of bench/memory-stack.ts, run with the Node of one n8n install: `node memory-stack-child.js <n8nDir> <variant> <url> <bytes>`.
// Streams one result file to disk the way n8n's filesystem binary mode does (fs.promises.writeFile(path, stream))
// and prints one JSON line: peak RSS growth and peak process.memoryUsage().arrayBuffers (Buffers alive or not yet
// collected). Variants:
//   n8n-helper   n8n's own request helper of that install (httpRequest, encoding 'stream') — what the node uses
//   node-http    Node's http.get, no n8n/axios in between
//   n8n-ranges   the n8n helper in 8 MiB Range requests one after another, each streamed (a chunked download)
//   n8n-helper+gc the n8n helper, plus short-lived objects allocated every MiB so V8's young-generation GC runs
//                often (not a fix: it shows that the growth is garbage waiting for the collector)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

type HttpRequest = (options: Record<string, unknown>) => Promise<{ body: NodeJS.ReadableStream; statusCode?: number }>;
const RANGE_BYTES = 8 * 1024 * 1024;

function n8nHttpRequest(n8nDir: string): HttpRequest {
	const modules = path.join(n8nDir, 'node_modules');
	// n8n ≥ 2.1x: the helper lives in @n8n/backend-network; 2.8: in n8n-core.
	const candidates = [
		path.join(modules, '@n8n/backend-network/dist/http/axios/request.js'),
		path.join(modules, 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions.js'),
	];
	for (const file of candidates) {
		if (!fs.existsSync(file)) continue;
		const helper = (require(file) as { httpRequest?: HttpRequest }).httpRequest;
		if (helper) return helper;
	}
	throw new Error(`no httpRequest helper found in ${n8nDir}`);
}

async function main(): Promise<void> {
	const [n8nDir, variant, url, bytesArg] = process.argv.slice(2);
	const expected = Number(bytesArg);
	const out = path.join(os.tmpdir(), `wan-memory-stack-${process.pid}`);
	const helper = variant.startsWith('n8n-') ? n8nHttpRequest(n8nDir) : undefined;
	// Warm-up: load and run the code path once on a tiny response.
	const tiny = url.replace(/\/results\/.*/, '/fixtures/first-frame.png');
	if (helper) await helper({ method: 'GET', url: tiny, encoding: 'arraybuffer' });
	else await new Promise<void>((resolve) => http.get(tiny, (res) => res.resume().on('end', resolve)));

	const base = process.memoryUsage();
	let peakRss = base.rss;
	let peakArrayBuffers = base.arrayBuffers;
	const sample = () => {
		const m = process.memoryUsage();
		peakRss = Math.max(peakRss, m.rss);
		peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
	};
	const timer = setInterval(sample, 20);
	const started = Date.now();
	let body: AsyncIterable<Buffer> | NodeJS.ReadableStream;
	if (helper && variant === 'n8n-ranges') {
		body = (async function* () {
			for (let start = 0; start < expected; start += RANGE_BYTES) {
				const end = Math.min(expected, start + RANGE_BYTES) - 1;
				const part = await helper({ method: 'GET', url, encoding: 'stream', returnFullResponse: true, headers: { Range: `bytes=${start}-${end}` } });
				if (part.statusCode !== 206) throw new Error(`Range answered ${part.statusCode}`);
				for await (const chunk of part.body as AsyncIterable<Buffer>) yield chunk;
			}
		})();
	} else if (helper) {
		const response = await helper({ method: 'GET', url, encoding: 'stream', returnFullResponse: true });
		body = response.body;
		if (variant === 'n8n-helper+gc') {
			const source = response.body as AsyncIterable<Buffer>;
			body = (async function* () {
				let since = 0;
				let sink: unknown;
				for await (const chunk of source) {
					since += chunk.length;
					if (since >= 1024 * 1024) {
						since = 0;
						for (let i = 0; i < 200_000; i++) sink = { i };
					}
					yield chunk;
				}
				return sink;
			})();
		}
	} else {
		body = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(url, resolve).on('error', reject));
	}
	await fs.promises.writeFile(out, body as AsyncIterable<Buffer>);
	clearInterval(timer);
	sample();
	const size = fs.statSync(out).size;
	fs.rmSync(out, { force: true });
	process.stdout.write(
		`${JSON.stringify({ node: process.version, growth: peakRss - base.rss, arrayBuffers: peakArrayBuffers - base.arrayBuffers, ms: Date.now() - started, ok: size === expected, size })}\n`,
	);
}

main()
	.catch((error: unknown) => {
		process.stdout.write(`${JSON.stringify({ error: String((error as Error)?.stack ?? error) })}\n`);
	})
	.finally(() => process.exit(0));
