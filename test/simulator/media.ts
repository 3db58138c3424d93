/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Pre-checks of media URL inputs, as the service does before accepting a task: scheme, oss:// resolution,
// and (for files on the simulator's own file host) a real download with a format sniff.
import * as http from 'node:http';
import type { MediaKind } from './models';
import { mp4DurationSeconds } from './mp4';
import type { ApiError, MediaRef } from './validate';

export interface StoredUpload {
	model: string;
	data: Buffer;
	expiresAt: number;
}

export interface MediaContext {
	model: string;
	fileBaseUrl: string;
	/** `X-DashScope-OssResourceResolve: enable` was sent. */
	resolveOss: boolean;
	upload(key: string): StoredUpload | undefined;
}

const dataInspection = (message: string): ApiError => ({
	status: 400,
	code: 'InvalidParameter.DataInspection',
	message,
});
const FORMAT_MESSAGE = 'The media format is not supported or incorrect for the data inspection.';
const NO_ACCESS_MESSAGE = "Don't have authorization to access the media resource.";

/** Resolves to the media's duration when known (videos), {} when accepted, or an error. */
export async function checkMedia(ref: MediaRef, ctx: MediaContext): Promise<{ seconds?: number } | ApiError> {
	const path = `input.${ref.field}`;
	if (ref.url.startsWith('oss://')) {
		if (!ctx.resolveOss) return dataInspection(FORMAT_MESSAGE);
		const stored = ctx.upload(ref.url.slice('oss://'.length));
		if (!stored || stored.expiresAt < Date.now()) {
			return dataInspection(`Failed to download the media resource of ${path}: object not found.`);
		}
		// Temporary files are bound to the model named when the upload policy was requested.
		if (stored.model !== ctx.model) return dataInspection(NO_ACCESS_MESSAGE);
		return inspect(ref, stored.data, stored.data.length);
	}
	let url: URL;
	try {
		url = new URL(ref.url);
	} catch {
		return {
			status: 400,
			code: 'InvalidParameter',
			message: `The provided URL in ${path} does not appear to be valid.`,
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return { status: 400, code: 'InvalidParameter', message: `${path} must be a public HTTP/HTTPS URL.` };
	}
	if (!isOwnFileHost(url, ctx.fileBaseUrl)) return {}; // no internet: other hosts are accepted unfetched
	const fetched = await fetchHead(url);
	if (fetched.status === 403) return dataInspection(NO_ACCESS_MESSAGE);
	if (fetched.status !== 200) {
		return dataInspection(`Failed to download the media resource of ${path} (HTTP ${fetched.status}).`);
	}
	return inspect(ref, fetched.head, fetched.length);
}

function inspect(ref: MediaRef, head: Buffer, length: number): { seconds?: number } | ApiError {
	if (length > ref.rule.maxBytes) {
		return {
			status: 400,
			code: 'BadRequest.InputDownloadFailed',
			message: `The file of input.${ref.field} exceeds ${ref.rule.maxBytes / 1024 / 1024} MB.`,
		};
	}
	if (!sniff(ref.rule.kind, head)) return dataInspection(FORMAT_MESSAGE);
	const seconds = ref.rule.kind === 'video' ? mp4DurationSeconds(head) : undefined;
	return seconds === undefined ? {} : { seconds };
}

function isOwnFileHost(url: URL, fileBaseUrl: string): boolean {
	const own = new URL(fileBaseUrl);
	const loopback = ['127.0.0.1', 'localhost', '[::1]', own.hostname];
	return url.port === own.port && loopback.includes(url.hostname);
}

const ascii = (b: Buffer, from: number, to: number): string => b.toString('latin1', from, to);

/** Magic-byte check of the documented formats per media kind. */
export function sniff(kind: MediaKind, b: Buffer): boolean {
	switch (kind) {
		case 'image': // JPG/JPEG, PNG, BMP, WEBP
			return (
				(b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
				ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n' ||
				ascii(b, 0, 2) === 'BM' ||
				(ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP')
			);
		case 'video': // MP4, MOV, AVI
			return (
				['ftyp', 'moov', 'mdat', 'wide', 'free'].includes(ascii(b, 4, 8)) ||
				(ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'AVI ')
			);
		case 'audio': // MP3, WAV
			return (
				ascii(b, 0, 3) === 'ID3' ||
				(b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) ||
				(ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE')
			);
	}
}

const SNIFF_BYTES = 64 * 1024;

/** GET without any credentials; keeps the first 64 KB and the announced length. */
function fetchHead(url: URL): Promise<{ status: number; head: Buffer; length: number }> {
	return new Promise((resolve) => {
		const req = http.get(url, (res) => {
			const chunks: Buffer[] = [];
			let got = 0;
			const done = (): void => {
				resolve({
					status: res.statusCode ?? 0,
					head: Buffer.concat(chunks),
					length: Number(res.headers['content-length'] ?? got),
				});
				res.destroy();
			};
			res.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				got += chunk.length;
				if (got >= SNIFF_BYTES) done();
			});
			res.on('end', done);
			res.on('error', done);
		});
		req.setTimeout(10_000, () => req.destroy());
		req.on('error', () => resolve({ status: 0, head: Buffer.alloc(0), length: 0 }));
	});
}
