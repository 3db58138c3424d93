// Pre-checks of media URL inputs, as the service does before accepting a task: scheme, oss:// resolution,
// and (for files on the simulator's own file host) a real download with a format sniff.
import { request } from 'undici';
import type { MediaKind } from './models';
import { mp4DurationSeconds } from './mp4';
import type { ApiError, MediaListGroup, MediaRef } from './validate';

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

export interface MediaFacts {
	/** Videos: duration, when readable. */
	seconds?: number;
	/** Images: pixel size, when readable. */
	pixels?: { width: number; height: number };
}

/** Resolves to what could be read of the media (duration, pixel size), {} when accepted unread, or an error. */
export async function checkMedia(ref: MediaRef, ctx: MediaContext): Promise<MediaFacts | ApiError> {
	const path = `input.${ref.field}`;
	if (ref.rule.dataUri && ref.url.startsWith('data:')) {
		// Base64 data URI `data:{MIME};base64,{data}` (api-video.md §4.2, §5.2).
		const match = /^data:[\w.+-]+\/[\w.+-]+;base64,([A-Za-z0-9+/=\s]+)$/.exec(ref.url);
		if (!match) return { status: 400, code: 'InvalidParameter', message: `${path} is not a valid Base64 data URI.` };
		const bytes = Buffer.from(match[1] as string, 'base64');
		return inspect(ref, bytes, bytes.length);
	}
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
	if (!isOwnFileHost(url, ctx.fileBaseUrl)) {
		// No internet: other hosts are accepted unfetched; list items are classified by extension when possible.
		if (!ref.list) return {};
		const isVideo = ref.list.rule.videoExtensions.some((ext) => url.pathname.toLowerCase().endsWith(ext));
		const kind: MediaKind | undefined = isVideo ? 'video' : undefined;
		const error = kind && countListItem(ref.list, kind);
		return error || {};
	}
	const fetched = await fetchHead(url);
	if (fetched.status === 403) return dataInspection(NO_ACCESS_MESSAGE);
	if (fetched.status !== 200) {
		return dataInspection(`Failed to download the media resource of ${path} (HTTP ${fetched.status}).`);
	}
	return inspect(ref, fetched.head, fetched.length);
}

/** Counts one classified item of a media list; an error once a kind exceeds its maximum. */
function countListItem(group: MediaListGroup, kind: MediaKind): ApiError | undefined {
	const count = (group.counts[kind] ?? 0) + 1;
	group.counts[kind] = count;
	const max = group.rule.kinds[kind]?.maxCount ?? 0;
	if (count <= max) return undefined;
	const limits = Object.entries(group.rule.kinds)
		.map(([k, v]) => `${v?.maxCount ?? 0} ${k}s`)
		.join(', ');
	// The reference states the limits, not this error's wording or code.
	return {
		status: 400,
		code: 'InvalidParameter',
		message: `${group.path} has more than ${max} ${kind}s; allowed at most ${limits}, ${group.rule.maxItems} in total.`,
	};
}

function inspect(listed: MediaRef, head: Buffer, length: number): MediaFacts | ApiError {
	let ref = listed;
	if (listed.list) {
		// A list item is whichever allowed kind its bytes are.
		const entry = Object.entries(listed.list.rule.kinds).find(([kind]) => sniff(kind as MediaKind, head));
		if (!entry || !entry[1]) return dataInspection(FORMAT_MESSAGE);
		ref = { ...listed, rule: entry[1].rule };
		const facts = inspect({ field: ref.field, url: ref.url, rule: ref.rule }, head, length);
		if ('code' in facts) return facts;
		return countListItem(listed.list, entry[0] as MediaKind) ?? facts;
	}
	if (length > ref.rule.maxBytes) {
		return {
			status: 400,
			code: 'BadRequest.InputDownloadFailed',
			message: `The file of input.${ref.field} exceeds ${ref.rule.maxBytes / 1024 / 1024} MB.`,
		};
	}
	if (!sniff(ref.rule.kind, head)) return dataInspection(FORMAT_MESSAGE);
	if (ref.rule.kind === 'image') {
		const pixels = imageSize(head);
		if (!pixels) return {};
		const { minPx, maxPx } = ref.rule;
		const sides = [pixels.width, pixels.height];
		if ((minPx !== undefined && sides.some((s) => s < minPx)) || (maxPx !== undefined && sides.some((s) => s > maxPx))) {
			// The reference gives the limits but not this error's wording or code.
			return {
				status: 400,
				code: 'InvalidParameter',
				message: `The image of input.${ref.field} is ${pixels.width}*${pixels.height}; width and height must be within [${minPx ?? 1}, ${maxPx ?? '∞'}] pixels.`,
			};
		}
		return { pixels };
	}
	if (ref.rule.kind === 'video' && ref.rule.mp4MovOnly && ascii(head, 0, 4) === 'RIFF') {
		return dataInspection(FORMAT_MESSAGE); // AVI: not MP4/MOV
	}
	const seconds = ref.rule.kind === 'video' ? mp4DurationSeconds(head) : undefined;
	if (seconds === undefined) return {};
	const { minSeconds, maxSeconds } = ref.rule;
	if ((minSeconds !== undefined && seconds < minSeconds) || (maxSeconds !== undefined && seconds > maxSeconds)) {
		// The reference gives the limits but not this error's wording or code.
		return {
			status: 400,
			code: 'InvalidParameter',
			message: `The video of input.${ref.field} is ${seconds} s long; it must be ${minSeconds ?? 0} to ${maxSeconds ?? '∞'} s.`,
		};
	}
	return { seconds };
}

/** Pixel size of a PNG, JPEG, BMP or WEBP from its first bytes; undefined when not readable. */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
	if (b.length >= 24 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n' && ascii(b, 12, 16) === 'IHDR') {
		return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
	}
	if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
		return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
	}
	if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') {
		const chunk = ascii(b, 12, 16);
		if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
		if (chunk === 'VP8L') {
			const bits = b.readUInt32LE(21);
			return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
		}
		if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
		return undefined;
	}
	if (b[0] === 0xff && b[1] === 0xd8) {
		// Walk the JPEG segments to the first start-of-frame marker (SOF0–SOF15 except DHT, JPG, DAC).
		for (let at = 2; at + 9 < b.length; ) {
			if (b[at] !== 0xff) return undefined;
			const marker = b[at + 1] as number;
			if (marker === 0xff) {
				at++;
				continue;
			}
			if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
				return { width: b.readUInt16BE(at + 7), height: b.readUInt16BE(at + 5) };
			}
			at += 2 + b.readUInt16BE(at + 2);
		}
	}
	return undefined;
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
async function fetchHead(url: URL): Promise<{ status: number; head: Buffer; length: number }> {
	const chunks: Buffer[] = [];
	let got = 0;
	try {
		const res = await request(url, { headersTimeout: 10_000, bodyTimeout: 10_000 });
		try {
			for await (const chunk of res.body) {
				chunks.push(chunk as Buffer);
				got += (chunk as Buffer).length;
				if (got >= SNIFF_BYTES) break; // leaving the loop destroys the body
			}
		} catch {
			// A body cut short still tells what it began with.
		}
		return { status: res.statusCode, head: Buffer.concat(chunks), length: Number(res.headers['content-length'] ?? got) };
	} catch {
		return { status: 0, head: Buffer.alloc(0), length: 0 };
	}
}
