/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// The OSS-like file host: signed result downloads, test fixtures, and PostObject uploads. Like real OSS it
// never accepts a DashScope API key: any Authorization header is refused (and counted).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fixtures, scenePng } from './fixtures';
import { sceneJpeg } from './jpeg';
import { FAMILIES } from './models';
import { mp4Stream, planMp4 } from './mp4';
import { type FormPart, OSS_ACCESS_KEY_ID, parseMultipart, sendOssError } from './oss';
import type { SimState } from './state';
import { readBody, safeDecode } from './util';

const UPLOAD_LIFETIME_MS = 48 * 3600_000; // temporary files live 48 h (api-platform.md §2.1)
const REQUIRED_FORM_FIELDS = [
	'OSSAccessKeyId',
	'Signature',
	'policy',
	'key',
	'x-oss-object-acl',
	'x-oss-forbid-overwrite',
];

export function createFileHandler(state: SimState): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		const url = new URL(req.url ?? '/', 'http://file.local');
		state.stats.fileRequests++;
		res.on('close', () => {
			const status = res.headersSent ? res.statusCode : 0;
			state.stats.requests.push({
				host: 'file',
				method: req.method ?? '',
				path: req.url ?? '',
				status,
				at: Date.now(),
			});
		});
		if (req.headers.authorization !== undefined) {
			state.stats.authHeadersOnFileHost++;
			req.resume();
			return sendOssError(
				res,
				403,
				'AccessDenied',
				'Authorization header is not accepted: this URL is pre-signed or public.',
			);
		}
		Promise.resolve()
			.then(() => route(state, req, res, url))
			.catch(() => res.destroy());
	};
}

function route(state: SimState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void {
	const method = req.method ?? '';
	const path = url.pathname;
	const read = method === 'GET' || method === 'HEAD';
	if (read && path.startsWith('/fixtures/')) return serveFixture(req, res, path);
	if (read && path.startsWith('/results/')) return serveResult(state, req, res, url);
	if (method === 'POST' && path === '/oss') return upload(state, req, res);
	req.resume();
	return sendOssError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
}

function serveFixture(req: IncomingMessage, res: ServerResponse, path: string): void {
	const fixture = fixtures().get(safeDecode(path.slice('/fixtures/'.length)));
	if (!fixture) return sendOssError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
	res.writeHead(200, { 'Content-Type': fixture.type, 'Content-Length': fixture.body.length });
	res.end(req.method === 'HEAD' ? undefined : fixture.body);
}

async function serveResult(state: SimState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
	const objectKey = url.pathname.slice(1);
	const denied = state.signer.checkUrl(req.method ?? 'GET', objectKey, url.searchParams, Date.now());
	if (denied) return sendOssError(res, 403, 'AccessDenied', denied.replace(/^AccessDenied: /, ''));
	const image = /^results\/([^/]+)-(\d+)\.(png|jpg)$/.exec(objectKey);
	if (image) return serveImage(state, req, res, image[1] as string, Number(image[2]), image[3] as 'png' | 'jpg');
	const taskId = /^results\/([^/]+)\.mp4$/.exec(objectKey)?.[1];
	const task = taskId ? state.engine.tasks.get(taskId) : undefined;
	const family = task ? FAMILIES[task.family] : undefined;
	if (!task || task.status !== 'SUCCEEDED' || family?.produces !== 'video')
		return sendOssError(res, 404, 'NoSuchKey', 'The specified key does not exist.');

	const plan = planMp4({ ...family.video(task), totalBytes: state.config.videoBytes });
	const range = byteRange(req.headers.range, plan.size);
	if (range) {
		res.writeHead(206, {
			'Content-Type': 'video/mp4',
			'Content-Length': range.end - range.start + 1,
			'Content-Range': `bytes ${range.start}-${range.end}/${plan.size}`,
			'Last-Modified': new Date(task.endedAt ?? Date.now()).toUTCString(),
		});
		if (req.method === 'HEAD') return void res.end();
		await pipeline(Readable.from(slice(mp4Stream(plan), range.start, range.end)), res).catch(() => res.destroy());
		return;
	}
	res.writeHead(200, {
		'Content-Type': 'video/mp4',
		'Content-Length': plan.size,
		'Last-Modified': new Date(task.endedAt ?? Date.now()).toUTCString(),
	});
	if (req.method === 'HEAD') return void res.end();
	const faults = state.faults;
	if (faults.resetDownload && faults.resetDownload > 0) {
		faults.resetDownload--;
		await pipeline(mp4Stream(plan), cutAfter(Math.floor(plan.size / 2)), res).catch(() => res.destroy());
		return;
	}
	const hold = faults.holdDownload;
	if (hold) {
		delete faults.holdDownload;
		await pipeline(mp4Stream(plan), holdAfter(hold.afterBytes, hold.release), res).catch(() => res.destroy());
		return;
	}
	await pipeline(mp4Stream(plan), res);
}

/**
 * One `bytes=start-end` / `bytes=start-` range, as OSS GetObject (like any HTTP object store) answers it with 206 and
 * Content-Range; api-platform.md says nothing about ranges. Anything else (several ranges, suffix ranges, out of
 * bounds) gets the whole file with 200, as OSS does for a range it ignores. The node itself never sends Range.
 */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
	const m = /^bytes=(\d+)-(\d*)$/.exec(header?.trim() ?? '');
	if (!m) return undefined;
	const start = Number(m[1]);
	const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
	return start <= end ? { start, end } : undefined;
}

/** Bytes start..end (inclusive) of a stream. */
async function* slice(stream: AsyncIterable<Buffer>, start: number, end: number): AsyncGenerator<Buffer> {
	let pos = 0;
	for await (const chunk of stream) {
		const next = pos + chunk.length;
		if (next > start) yield chunk.subarray(Math.max(0, start - pos), Math.min(chunk.length, end + 1 - pos));
		pos = next;
		if (pos > end) return;
	}
}

/** Passes `limit` bytes, then holds the rest back until `release` settles. */
function holdAfter(limit: number, release: Promise<void>): Transform {
	let sent = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			if (sent >= limit) return callback(null, chunk);
			const room = limit - sent;
			sent += chunk.length;
			if (chunk.length <= room) return callback(null, chunk);
			this.push(chunk.subarray(0, room));
			release.then(
				() => callback(null, chunk.subarray(room)),
				() => callback(null, chunk.subarray(room)),
			);
		},
	});
}

/** Image `index` (from 1) of a SUCCEEDED image task, in the family's format, unless that image failed on its own (no URL was issued). */
async function serveImage(state: SimState, req: IncomingMessage, res: ServerResponse, taskId: string, index: number, format: 'png' | 'jpg'): Promise<void> {
	const task = state.engine.tasks.get(taskId);
	const family = task ? FAMILIES[task.family] : undefined;
	if (!task || task.status !== 'SUCCEEDED' || family?.produces !== 'image' || !task.imageIndexes?.includes(index) || (family.format ?? 'png') !== format) {
		return sendOssError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
	}
	const { width, height } = family.images(task);
	const png = format === 'jpg' ? sceneJpeg(width, height, index) : scenePng(width, height, index);
	res.writeHead(200, {
		'Content-Type': format === 'jpg' ? 'image/jpeg' : 'image/png',
		'Content-Length': png.length,
		'Last-Modified': new Date(task.endedAt ?? Date.now()).toUTCString(),
	});
	if (req.method === 'HEAD') return void res.end();
	const faults = state.faults;
	if (faults.resetDownload && faults.resetDownload > 0) {
		faults.resetDownload--;
		await pipeline(Readable.from([png]), cutAfter(Math.floor(png.length / 2)), res).catch(() => res.destroy());
		return;
	}
	res.end(png);
}

/** Passes `limit` bytes, then fails the pipeline so the connection is destroyed mid-body. */
function cutAfter(limit: number): Transform {
	let sent = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			const room = limit - sent;
			if (chunk.length < room) {
				sent += chunk.length;
				return callback(null, chunk);
			}
			this.push(chunk.subarray(0, room));
			setImmediate(() => callback(new Error('injected connection reset')));
		},
	});
}

async function upload(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const body = await readBody(req, 1073741824 + 1024 * 1024);
	if (!body) return sendOssError(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
	const parts = parseMultipart(req.headers['content-type'], body);
	if (!parts) {
		return sendOssError(
			res,
			400,
			'InvalidArgument',
			'The body of your POST request is not well-formed multipart/form-data.',
		);
	}
	const fileIndex = parts.findIndex((p) => p.name === 'file');
	if (fileIndex < 0) return sendOssError(res, 400, 'InvalidArgument', 'The form field "file" is missing.');
	if (fileIndex !== parts.length - 1) {
		return sendOssError(res, 400, 'InvalidArgument', 'The form field "file" must be the last field.');
	}
	const fields = new Map<string, string>();
	for (const p of parts.slice(0, fileIndex)) if (!fields.has(p.name)) fields.set(p.name, p.data.toString('utf8'));
	const missing = REQUIRED_FORM_FIELDS.find((name) => !fields.has(name));
	if (missing) return sendOssError(res, 400, 'InvalidArgument', `The form field "${missing}" is missing.`);
	const error = checkPolicy(state, fields, parts[fileIndex] as FormPart);
	if (error) return sendOssError(res, error[0], error[1], error[2]);

	const policy = state.policies.get(fields.get('policy') as string);
	const key = fields.get('key') as string;
	state.uploads.set(key, {
		model: policy?.model ?? '',
		data: (parts[fileIndex] as FormPart).data,
		expiresAt: Date.now() + UPLOAD_LIFETIME_MS,
	});
	state.stats.uploads++;
	// 200 with an empty body only when asked for; OSS's default success status is 204.
	const status = fields.get('success_action_status') === '200' ? 200 : 204;
	res.writeHead(status, { 'Content-Length': 0 });
	res.end();
}

function checkPolicy(
	state: SimState,
	fields: Map<string, string>,
	file: FormPart,
): [number, string, string] | undefined {
	if (fields.get('OSSAccessKeyId') !== OSS_ACCESS_KEY_ID) {
		return [403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.'];
	}
	const policyText = fields.get('policy') as string;
	const issued = state.policies.get(policyText);
	if (!state.signer.checkPolicySignature(policyText, fields.get('Signature') as string) || !issued) {
		return [
			403,
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided.',
		];
	}
	const key = fields.get('key') as string;
	const violated = (condition: string): [number, string, string] => [
		403,
		'AccessDenied',
		`Invalid according to Policy: Policy Condition failed: ${condition}`,
	];
	if (Date.now() > issued.expiresAt) return [403, 'AccessDenied', 'Invalid according to Policy: Policy expired.'];
	if (!key.startsWith(issued.uploadDir)) return violated(`["starts-with", "$key", "${issued.uploadDir}"]`);
	if (fields.get('x-oss-object-acl') !== 'private') return violated('{"x-oss-object-acl":"private"}');
	if (fields.get('x-oss-forbid-overwrite') !== 'true') return violated('{"x-oss-forbid-overwrite":"true"}');
	if (file.data.length > issued.maxBytes) {
		return [400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.'];
	}
	if (state.uploads.has(key)) {
		return [409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.'];
	}
	return undefined;
}
