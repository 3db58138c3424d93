/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from '@jest/globals';

import { NodeApiError } from 'n8n-workflow';

import { HarnessSampleApi, HarnessSampleFnApi } from './fixtures/HarnessSampleApi.credentials';
import { HarnessSample } from './fixtures/HarnessSample.node';
import { prepareInputBinary, runNode, testCredential, type RunNodeOptions } from './index';

const GOOD_KEY = 'sk-good-0123456789abcdef';
const BAD_KEY = 'sk-bad-fedcba9876543210';
const PAYLOAD = randomBytes(512 * 1024 + 123); // several chunks, not a round size

interface SeenRequest {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

let server: http.Server;
let baseUrl: string;
const seen: SeenRequest[] = [];

function json(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
			const authorized =
				req.headers.authorization === `Bearer ${GOOD_KEY}` || req.headers['x-api-key'] === GOOD_KEY;

			if (req.url === '/download' && req.method === 'GET') {
				// Streamed (chunked) body, sent in pieces with pauses in between
				res.writeHead(200, { 'content-type': 'video/mp4' });
				let offset = 0;
				const sendNext = () => {
					if (offset >= PAYLOAD.length) {
						res.end();
						return;
					}
					res.write(PAYLOAD.subarray(offset, offset + 64 * 1024));
					offset += 64 * 1024;
					setTimeout(sendNext, 2);
				};
				sendNext();
			} else if (!authorized) {
				json(res, 401, { code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
			} else if (req.url === '/whoami' && req.method === 'GET') {
				json(res, 200, { ok: true, plan: 'free' });
			} else if (req.url === '/echo' && req.method === 'POST') {
				json(res, 200, { authorized: true, received: JSON.parse(body.toString()) as unknown });
			} else if (req.url === '/upload' && req.method === 'POST') {
				json(res, 200, {
					length: body.length,
					sha256: createHash('sha256').update(body).digest('hex'),
					contentType: req.headers['content-type'],
				});
			} else {
				json(res, 404, { message: 'not found' });
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

function options(overrides: Partial<RunNodeOptions> & Pick<RunNodeOptions, 'parameters'>): RunNodeOptions {
	return {
		nodeType: new HarnessSample(),
		credentialTypes: [new HarnessSampleApi(), new HarnessSampleFnApi()],
		credentials: { harnessSampleApi: { apiKey: GOOD_KEY, baseUrl } },
		...overrides,
	};
}

function lastRequest(url: string): SeenRequest {
	const request = [...seen].reverse().find((r) => r.url === url);
	assert.ok(request, `server saw no request to ${url}`);
	return request;
}

describe('runNode: credentials', () => {
	test('generic authenticate block puts the resolved Bearer header on the request', async () => {
		const result = await runNode(options({ parameters: { operation: 'echo' } }));
		assert.equal(result.error, undefined, result.error?.message);
		assert.equal(result.status, 'success');
		const request = lastRequest('/echo');
		assert.equal(request.headers.authorization, `Bearer ${GOOD_KEY}`);
		// credential default applied by the credentials helper, then resolved as an expression
		assert.equal(request.headers['x-tenant'], 'default-tenant');
		assert.equal(result.items.length, 1);
		assert.equal(result.items[0].json.authorized, true);
	});

	test('function authenticate is called and its header is sent', async () => {
		const result = await runNode(
			options({
				parameters: { authentication: 'functionHeader', operation: 'echo' },
				credentials: { harnessSampleFnApi: { apiKey: GOOD_KEY, baseUrl } },
			}),
		);
		assert.equal(result.error, undefined, result.error?.message);
		const request = lastRequest('/echo');
		assert.equal(request.headers['x-api-key'], GOOD_KEY);
		assert.equal(request.headers.authorization, undefined);
	});

	test('a rejected key surfaces as the NodeApiError the node threw', async () => {
		const result = await runNode(
			options({
				parameters: { operation: 'echo' },
				credentials: { harnessSampleApi: { apiKey: BAD_KEY, baseUrl } },
			}),
		);
		assert.ok(result.error instanceof NodeApiError, `expected NodeApiError, got ${result.error?.name}`);
		assert.equal(result.error.httpCode, '401');
		assert.equal(result.status, 'error');
		assert.deepEqual(result.items, []);
	});

	test('missing credentials fail the way n8n reports them', async () => {
		const result = await runNode(options({ parameters: { operation: 'echo' }, credentials: {} }));
		assert.ok(result.error);
		assert.match(result.error.message, /credentials/i);
	});
});

describe('runNode: parameters and items', () => {
	test('expressions resolve per item, unset parameters take displayOptions defaults, pairedItem is kept', async () => {
		const result = await runNode(
			options({
				parameters: { operation: 'echo', message: '={{ $json.name }} x{{ $json.n * 2 }}' },
				inputItems: [{ json: { name: 'a', n: 1 } }, { json: { name: 'b', n: 2 } }],
			}),
		);
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(
			result.items.map((item) => item.json.message),
			['a x2', 'b x4'],
		);
		assert.deepEqual(
			result.items.map((item) => (item.json.received as { message: string }).message),
			['a x2', 'b x4'],
		);
		assert.deepEqual(
			result.items.map((item) => item.json.limit),
			[7, 7],
		);
		assert.deepEqual(
			result.items.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
		// n8n filled in the defaults on the workflow node itself
		assert.equal(result.node.parameters.limit, 7);
		assert.equal(result.node.parameters.authentication, 'bearer');
	});

	test('continueOnFail turns a failure into an error item paired with its input', async () => {
		const result = await runNode(
			options({
				parameters: { operation: 'echo' },
				credentials: { harnessSampleApi: { apiKey: BAD_KEY, baseUrl } },
				continueOnFail: true,
				inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
			}),
		);
		assert.equal(result.error, undefined, 'node handled the error itself');
		assert.equal(result.status, 'success');
		assert.equal(result.items.length, 2);
		for (const [index, item] of result.items.entries()) {
			assert.equal(typeof item.json.error, 'string');
			assert.match(item.json.error as string, /Authorization failed|401/);
			assert.deepEqual(item.pairedItem, { item: index });
		}
	});
});

describe('runNode: binary data', () => {
	for (const mode of ['filesystem', 'default'] as const) {
		test(`streamed download round-trips byte for byte (${mode} mode)`, async () => {
			const result = await runNode(
				options({
					parameters: { operation: 'download', fileName: 'clip.mp4' },
					binaryDataMode: mode,
				}),
			);
			assert.equal(result.error, undefined, result.error?.message);
			const [item] = result.items;
			const binary = item.binary?.data;
			assert.ok(binary, 'binary property "data" present');
			assert.equal(binary.mimeType, 'video/mp4');
			assert.equal(binary.fileName, 'clip.mp4');
			assert.equal(binary.bytes, PAYLOAD.length);

			const bytes = await result.readBinary(item);
			assert.equal(bytes.length, PAYLOAD.length);
			assert.ok(bytes.equals(PAYLOAD), 'bytes read back equal the bytes served');

			const filePath = result.binaryFilePath(item);
			if (mode === 'filesystem') {
				assert.match(binary.id ?? '', /^filesystem(-v2)?:/);
				assert.ok(filePath && existsSync(filePath), `file stored on disk: ${filePath}`);
				assert.ok(filePath.startsWith(result.storagePath), 'stored under this run\'s temp dir');
				assert.ok(readFileSync(filePath).equals(PAYLOAD));
			} else {
				assert.equal(binary.id, undefined);
				assert.equal(filePath, undefined);
				assert.ok(Buffer.from(binary.data, 'base64').equals(PAYLOAD), 'kept in memory as base64');
			}
		});

		test(`input binary reaches the node (${mode} mode)`, async () => {
			const input = await prepareInputBinary(PAYLOAD, 'input.png', 'image/png');
			const result = await runNode(
				options({
					parameters: { operation: 'upload' },
					binaryDataMode: mode,
					inputItems: [{ json: {}, binary: { data: input } }],
				}),
			);
			assert.equal(result.error, undefined, result.error?.message);
			const expected = createHash('sha256').update(PAYLOAD).digest('hex');
			const { json } = result.items[0];
			assert.equal((json.server as { sha256: string }).sha256, expected);
			assert.equal((json.server as { contentType: string }).contentType, 'image/png');
			assert.equal(json.inputFileName, 'input.png');
			if (mode === 'filesystem') assert.match(String(json.inputBinaryId), /^filesystem(-v2)?:/);
			else assert.equal(json.inputBinaryId, null);
		});
	}
});

describe('runNode: cancellation', () => {
	test('aborting stops a sleeping node within 1 s', async () => {
		const controller = new AbortController();
		let abortedAt = 0;
		setTimeout(() => {
			abortedAt = Date.now();
			controller.abort();
		}, 300);
		const started = Date.now();
		const result = await runNode(
			options({ parameters: { operation: 'sleep', sleepMs: 30_000 }, abortSignal: controller.signal }),
		);
		const finished = Date.now();
		assert.ok(abortedAt > 0, 'abort fired');
		assert.ok(finished - abortedAt < 1000, `stopped ${finished - abortedAt} ms after abort`);
		assert.ok(finished - started < 5000);
		assert.deepEqual(result.items, []);
		assert.ok(result.error, 'the cancellation is reported');
		assert.match(result.error.message, /cancel/i);
	});

	test('a run that is not aborted completes the sleep', async () => {
		const result = await runNode(options({ parameters: { operation: 'sleep', sleepMs: 50 } }));
		assert.equal(result.error, undefined, result.error?.message);
		assert.deepEqual(result.items[0].json, { slept: 50 });
	});
});

describe('runNode: logs', () => {
	test('captures n8n logger output (engine and node) without the API key', async () => {
		const result = await runNode(options({ parameters: { operation: 'echo' } }));
		assert.ok(result.logs.some((line) => line.includes('Start executing node')), 'engine debug log captured');
		assert.ok(result.logs.some((line) => line.includes('harness-sample: echoed item 0')), 'node log captured');
		assert.ok(!result.logs.some((line) => line.includes(GOOD_KEY)), 'API key never logged');
	});
});

describe('testCredential', () => {
	test('OK with a good key', async () => {
		const result = await testCredential(new HarnessSampleApi(), { apiKey: GOOD_KEY, baseUrl });
		assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
		assert.equal(lastRequest('/whoami').headers.authorization, `Bearer ${GOOD_KEY}`);
	});

	// n8n 2.8's NodeApiError does not keep the AxiosError as `cause` (a class field resets it),
	// so the CLI's tester falls through to the NodeApiError's own message for HTTP failures.
	test('Error with a bad key', async () => {
		const result = await testCredential(new HarnessSampleApi(), { apiKey: BAD_KEY, baseUrl });
		assert.deepEqual(result, { status: 'Error', message: 'Authorization failed - please check your credentials' });
		assert.equal(lastRequest('/whoami').headers.authorization, `Bearer ${BAD_KEY}`);
	});

	test('Error when the server cannot be reached', async () => {
		const result = await testCredential(new HarnessSampleApi(), { apiKey: GOOD_KEY, baseUrl: 'http://127.0.0.1:9' });
		assert.deepEqual(result, {
			status: 'Error',
			message: 'The service refused the connection - perhaps it is offline',
		});
	});

	test('credential defaults and expressions are resolved before the test request', async () => {
		// baseUrl left unset -> default http://127.0.0.1:9 from the credential type -> refused
		const result = await testCredential(new HarnessSampleApi(), { apiKey: GOOD_KEY });
		assert.equal(result.status, 'Error');
		assert.match(result.message, /refused/);
	});

	test('responseSuccessBody rules are evaluated on a 2xx answer', async () => {
		const credential = new HarnessSampleApi();
		credential.test = {
			...credential.test,
			rules: [{ type: 'responseSuccessBody', properties: { key: 'plan', value: 'free', message: 'Free plan keys cannot render video' } }],
		};
		const result = await testCredential(credential, { apiKey: GOOD_KEY, baseUrl });
		assert.deepEqual(result, { status: 'Error', message: 'Free plan keys cannot render video' });
	});

	test('responseCode rules do not fire in n8n 2.8 (documents the CLI behaviour)', async () => {
		const credential = new HarnessSampleApi();
		credential.test = {
			...credential.test,
			rules: [{ type: 'responseCode', properties: { value: 401, message: 'Wrong key for this region' } }],
		};
		const result = await testCredential(credential, { apiKey: BAD_KEY, baseUrl });
		assert.deepEqual(result, { status: 'Error', message: 'Authorization failed - please check your credentials' });
	});

	test('a credential type without a test is reported like the CLI does', async () => {
		const result = await testCredential(new HarnessSampleFnApi(), { apiKey: GOOD_KEY, baseUrl });
		assert.deepEqual(result, { status: 'Error', message: 'No testing function found for this credential.' });
	});
});
