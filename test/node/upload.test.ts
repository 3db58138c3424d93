/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Temporary upload of input binaries, run inside real n8n-core (harness) against the simulator:
// getPolicy through the credential, PostObject to the simulator's OSS host without it, oss:// accepted
// by a real submission of the same model with the resolve header.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';

import type { IBinaryData, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DashScopeApi } from '../../credentials/DashScopeApi.credentials';
import { failureOf } from '../../nodes/Wan/errors';
import { prepareInputBinary, runNode } from '../harness';
import type { BinaryDataMode, RunNodeResult } from '../harness';
import { SIMULATOR_DEMO_KEY, startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { parseMultipart } from '../simulator/oss';
import { I2V_PATH, submit, T2V_PATH, waitFor } from '../simulator/testkit';
import { gif, mp4, mp4MoovAtEnd, personPng, png, silentMp3, wav } from '../unit/media-samples';
import { UploadProbe } from './fixtures/UploadProbe.node';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Files = Record<string, { bytes: Buffer; fileName: string; mimeType: string }>;

async function item(files: Files): Promise<INodeExecutionData> {
	const binary: Record<string, IBinaryData> = {};
	for (const [property, file] of Object.entries(files)) binary[property] = await prepareInputBinary(file.bytes, file.fileName, file.mimeType);
	return { json: {}, binary };
}

const image = (bytes: Buffer = personPng(), fileName = 'person.png', mimeType = 'image/png') => ({ bytes, fileName, mimeType });
const video = (bytes: Buffer = mp4({ seconds: 7.4 }), fileName = 'dance.mp4') => ({ bytes, fileName, mimeType: 'video/mp4' });

function probe(
	baseUrl: string,
	parameters: INodeParameters,
	inputItems: INodeExecutionData[],
	options: { binaryDataMode?: BinaryDataMode; region?: string } = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeType: new UploadProbe(),
		credentialTypes: [new DashScopeApi()],
		credentials: { dashScopeApi: { apiKey: SIMULATOR_DEMO_KEY, region: options.region ?? 'cn-beijing', workspaceId: '', baseUrl } },
		parameters,
		inputItems,
		binaryDataMode: options.binaryDataMode ?? 'filesystem',
	});
}

const uploaded = (result: RunNodeResult, index: number, property: string) => (result.items[index].json as IDataObject)[property] as IDataObject;

/** Requests that reached the upload machinery: getPolicy on the API host, anything on the file host. */
const uploadTraffic = (sim: Simulator) => sim.stats.requests.filter((r) => r.host === 'file' || r.path.startsWith('/api/v1/uploads'));

function visible(result: RunNodeResult): string {
	const error = result.error as (Error & { description?: string }) | undefined;
	return JSON.stringify({ items: result.items.map((i) => i.json), error: error && { message: error.message, description: error.description, stack: error.stack }, logs: result.logs });
}

describe('temporary upload inside n8n-core against the simulator', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ taskSeconds: 0.2, pendingSeconds: 0.05, limits: { 'wan2.2-animate-mix': { rps: 50, concurrency: 5 } } });
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.reset());

	it('uploads an image and a video (streamed from disk), and a submission of the same model accepts the oss:// URLs with the header', async () => {
		const result = await probe(sim.apiBaseUrl, { model: 'wan2.2-animate-mix', files: 'photo:image,clip:video' }, [
			await item({ photo: image(), clip: video(mp4({ seconds: 7.4, bytes: 12 * 1024 * 1024 })) }),
		]);
		assert.equal(result.error, undefined, String(result.error));
		const photo = uploaded(result, 0, 'photo');
		const clip = uploaded(result, 0, 'clip');
		assert.match(String(photo.url), /^oss:\/\/dashscope-instant\/[0-9a-f]{32}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\/[0-9a-f]{16}-person\.png$/);
		assert.match(String(clip.url), /\/[0-9a-f]{16}-dance\.mp4$/);
		assert.equal(clip.bytes, 12 * 1024 * 1024);
		const expires = Date.parse(String(photo.expiresAt));
		assert.ok(Math.abs(expires - (Date.now() + 48 * 3600_000)) < 60_000, 'about 48 h from now');

		assert.equal(sim.stats.policies, 1, 'one policy for both files');
		assert.equal(sim.stats.uploads, 2);
		assert.equal(sim.stats.authHeadersOnFileHost, 0, 'the API key never reached the upload host');
		assert.deepEqual(
			sim.stats.requests.filter((r) => r.host === 'file').map((r) => `${r.method} ${r.path} ${r.status}`),
			['POST /oss 200', 'POST /oss 200'],
		);
		assert.ok(!visible(result).includes(SIMULATOR_DEMO_KEY), 'the key appears nowhere in output or logs');

		const body = { model: 'wan2.2-animate-mix', input: { image_url: photo.url, video_url: clip.url }, parameters: { mode: 'wan-std' } };
		const without = await submit(sim, body, { path: I2V_PATH });
		assert.equal(without.status, 400, 'oss:// needs the resolve header');
		const other = await submit(sim, { ...body, model: 'wan2.2-animate-move' }, { path: I2V_PATH, headers: { 'X-DashScope-OssResourceResolve': 'enable' } });
		assert.equal(other.status, 400, 'files are bound to the model named in getPolicy');
		const accepted = await submit(sim, body, { path: I2V_PATH, headers: { 'X-DashScope-OssResourceResolve': 'enable' } });
		assert.equal(accepted.status, 200, accepted.text);
		const done = await waitFor(sim, accepted.body.output.task_id, ['SUCCEEDED']);
		assert.equal(done.usage.video_duration, 7.4, 'the service read the uploaded video');
	});

	it('uploads audio (WAV and MP3) from in-memory binary data for wan2.6-t2v', async () => {
		const result = await probe(
			sim.apiBaseUrl,
			{ model: 'wan2.6-t2v', files: 'voice:audio,music:audio' },
			[await item({ voice: { bytes: wav(4), fileName: 'voice.wav', mimeType: 'audio/wav' }, music: { bytes: silentMp3(6), fileName: 'Música de fondo.mp3', mimeType: 'audio/mpeg' } })],
			{ binaryDataMode: 'default' },
		);
		assert.equal(result.error, undefined, String(result.error));
		assert.match(String(uploaded(result, 0, 'music').url), /\/[0-9a-f]{16}-Musica_de_fondo\.mp3$/);
		assert.equal(sim.stats.policies, 1);
		for (const property of ['voice', 'music']) {
			const body = { model: 'wan2.6-t2v', input: { prompt: 'a paper boat on a river', audio_url: uploaded(result, 0, property).url }, parameters: { size: '1280*720', duration: 5 } };
			const accepted = await submit(sim, body, { path: T2V_PATH, headers: { 'X-DashScope-OssResourceResolve': 'enable' } });
			assert.equal(accepted.status, 200, accepted.text);
			await waitFor(sim, accepted.body.output.task_id, ['SUCCEEDED']);
		}
	});

	for (const mode of ['filesystem', 'default'] as const) {
		it(`shares one policy among several files of several items (${mode} mode)`, async () => {
			const inputs = await Promise.all([1, 2, 3].map(() => item({ photo: image(), clip: video() })));
			const result = await probe(sim.apiBaseUrl, { model: 'wan2.2-animate-mix', files: 'photo:image,clip:video' }, inputs, { binaryDataMode: mode });
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(result.items.length, 3);
			assert.deepEqual(result.items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
			const urls = result.items.flatMap((i) => Object.values(i.json as Record<string, IDataObject>).map((f) => String(f.url)));
			assert.equal(new Set(urls).size, 6, 'every file got its own key');
			assert.equal(sim.stats.policies, 1);
			assert.equal(sim.stats.uploads, 6);
		});
	}

	it('replaces a policy close to expiry instead of sending a file with it', async () => {
		const short = await startSimulator({ uploadPolicySeconds: 1 });
		try {
			const result = await probe(
				short.apiBaseUrl,
				{ model: 'wan2.2-animate-mix', files: 'photo:image', sequential: true, pauseMs: 700 },
				[await item({ photo: image() }), await item({ photo: image() }), await item({ photo: image() })],
			);
			assert.equal(result.error, undefined, String(result.error));
			assert.equal(short.stats.uploads, 3);
			assert.equal(short.stats.policies, 3, 'each later file found the previous policy in its last half second');
			assert.deepEqual(short.stats.requests.filter((r) => r.host === 'file').map((r) => r.status), [200, 200, 200], 'no upload met an expired policy');
		} finally {
			await short.close();
		}
	});

	it('refuses a too-large image before any upload', async () => {
		const big = png(720, 1280, 6 * 1024 * 1024);
		const result = await probe(sim.apiBaseUrl, { model: 'wan2.2-animate-mix', files: 'photo:image,clip:video' }, [
			await item({ photo: image(), clip: video() }),
			await item({ photo: image(big, 'huge.png'), clip: video() }),
		]);
		assert.equal(result.error?.message, 'Character Image (binary field "photo") is 6.0 MB; wan2.2-animate-mix accepts at most 5 MB');
		assert.deepEqual(uploadTraffic(sim), [], 'no getPolicy, nothing on the upload host');
		assert.equal(sim.stats.policies, 0);
	});

	it('refuses a wrong format by content before any upload', async () => {
		const result = await probe(sim.apiBaseUrl, { model: 'wan2.2-animate-mix', files: 'photo:image' }, [await item({ photo: image(gif(400, 400), 'looks-like.png', 'image/png') })]);
		assert.equal(result.error?.message, 'Character Image (binary field "photo") ("looks-like.png") is a GIF image; wan2.2-animate-mix accepts JPG, JPEG, PNG, BMP or WEBP');
		assert.deepEqual(uploadTraffic(sim), []);
	});

	for (const mode of ['filesystem', 'default'] as const) {
		it(`reads the duration of an MP4 whose index is at the end (${mode} mode)`, async () => {
			const long = mp4MoovAtEnd({ seconds: 45, bytes: 3 * 1024 * 1024 });
			const result = await probe(sim.apiBaseUrl, { model: 'wan2.2-animate-mix', files: 'clip:video' }, [await item({ clip: video(long, 'long.mp4') })], { binaryDataMode: mode });
			assert.equal(result.error?.message, 'Reference Video (binary field "clip") is 45 s long; wan2.2-animate-mix accepts 2 to 30 s');
			assert.deepEqual(uploadTraffic(sim), []);
			const ok = await probe(sim.apiBaseUrl, { model: 'wan2.2-animate-mix', files: 'clip:video' }, [await item({ clip: video(mp4MoovAtEnd({ seconds: 9, bytes: 3 * 1024 * 1024 }), 'ok.mp4') })], {
				binaryDataMode: mode,
			});
			assert.equal(ok.error, undefined, String(ok.error));
			assert.equal(uploaded(ok, 0, 'clip').hadTail, mode === 'filesystem', 'on disk only the head and the index were read');
		});
	}

	it('tells the user to pass a URL when the region has no temporary upload', async () => {
		const result = await probe('', { model: 'wan2.2-animate-mix', files: 'photo:image' }, [await item({ photo: image() })], { region: 'ap-southeast-1' });
		assert.ok(result.error);
		assert.match(result.error.message, /^TemporaryUploadUnavailable: Cannot upload "person\.png": DashScope offers temporary file upload only in China \(Beijing\), and the credential uses Singapore/);
		assert.match(String((result.error as { description?: string }).description), /public http\(s\) URL/);
		assert.equal(failureOf(result.error)?.code, 'TemporaryUploadUnavailable');
	});
});

describe('the bytes on the wire (capture host)', () => {
	interface Captured {
		method: string;
		url: string;
		headers: http.IncomingHttpHeaders;
		body: Buffer;
	}
	let api: http.Server;
	let oss: http.Server;
	let apiUrl: string;
	let ossUrl: string;
	const seen: Captured[] = [];

	const listen = async (server: http.Server) => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	};
	const capture = (answer: (req: Captured, res: http.ServerResponse) => void) =>
		http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
				seen.push(captured);
				answer(captured, res);
			});
		});

	beforeAll(async () => {
		oss = capture((_req, res) => {
			res.writeHead(200, { 'Content-Length': 0 });
			res.end();
		});
		ossUrl = await listen(oss);
		api = capture((req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					request_id: 'r',
					data: {
						policy: 'cG9saWN5',
						signature: 'c2ln',
						upload_dir: 'dashscope-instant/abc/2026-01-01/dir',
						upload_host: `${ossUrl}/bucket`,
						expire_in_seconds: '300',
						max_file_size_mb: '1024',
						capacity_limit_mb: 999999999,
						oss_access_key_id: 'LTAI-capture',
						x_oss_object_acl: 'private',
						x_oss_forbid_overwrite: 'true',
					},
				}),
			);
		});
		apiUrl = `${await listen(api)}/api/v1`;
	});
	afterAll(async () => {
		api.closeAllConnections();
		oss.closeAllConnections();
		await Promise.all([new Promise((r) => api.close(r)), new Promise((r) => oss.close(r))]);
	});

	for (const [mode, size] of [
		['filesystem', 20 * 1024 * 1024],
		['default', 1024 * 1024],
	] as const) {
		it(`sends exactly the file, file last, with Content-Length and without the key (${mode} mode)`, async () => {
			seen.length = 0;
			const bytes = mp4({ seconds: 6, bytes: size });
			const result = await probe(apiUrl, { model: 'wan2.2-animate-mix', files: 'clip:video' }, [await item({ clip: video(bytes, 'clip.mp4') })], { binaryDataMode: mode });
			assert.equal(result.error, undefined, String(result.error));
			const [policy, post] = seen;
			assert.equal(seen.length, 2);
			assert.equal(policy.url, '/api/v1/uploads?action=getPolicy&model=wan2.2-animate-mix');
			assert.equal(policy.headers.authorization, `Bearer ${SIMULATOR_DEMO_KEY}`);
			assert.equal(post.method, 'POST');
			assert.equal(post.url, '/bucket');
			assert.equal(post.headers.authorization, undefined);
			assert.equal(post.headers['transfer-encoding'], undefined, 'not chunked');
			assert.equal(Number(post.headers['content-length']), post.body.length);
			const parts = parseMultipart(post.headers['content-type'], post.body);
			assert.ok(parts);
			assert.deepEqual(
				parts.map((p) => p.name),
				['OSSAccessKeyId', 'Signature', 'policy', 'key', 'x-oss-object-acl', 'x-oss-forbid-overwrite', 'x-oss-content-type', 'success_action_status', 'file'],
			);
			const file = parts[parts.length - 1];
			assert.equal(file.data.length, bytes.length);
			assert.equal(sha(file.data), sha(bytes));
			assert.equal(file.contentType, 'video/mp4');
			const key = parts.find((p) => p.name === 'key')?.data.toString();
			assert.match(String(key), /^dashscope-instant\/abc\/2026-01-01\/dir\/[0-9a-f]{16}-clip\.mp4$/);
			assert.equal(uploaded(result, 0, 'clip').url, `oss://${key}`);
		});
	}
});
