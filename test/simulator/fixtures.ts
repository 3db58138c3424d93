/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Test fixtures generated in code (no binary files in the repo): a real PNG, a real MP4, a real silent MP3.
import { deflateSync } from 'node:zlib';
import { mp4Buffer } from './mp4';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

export function crc32(buf: Buffer): number {
	let c = 0xffffffff;
	for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
	const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length, 0);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed), 0);
	return Buffer.concat([len, typed, crc]);
}

/** RGB PNG: a plain figure (head + body) on a gradient, so it looks like "one person facing the camera". */
export function personPng(width = 320, height = 480): Buffer {
	const row = 1 + width * 3;
	const raw = Buffer.alloc(row * height);
	const headY = height * 0.22;
	const headR = width * 0.13;
	for (let y = 0; y < height; y++) {
		raw[y * row] = 0; // filter: none
		for (let x = 0; x < width; x++) {
			const inHead = (x - width / 2) ** 2 + (y - headY) ** 2 < headR ** 2;
			const inBody = y > headY + headR && Math.abs(x - width / 2) < width * 0.22 - (y - headY) * 0.02;
			const px = y * row + 1 + x * 3;
			if (inHead) raw.set([233, 190, 160], px);
			else if (inBody) raw.set([40, 80, 160], px);
			else raw.set([200, 210, Math.round(150 + (105 * y) / height)], px);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filter, no interlace
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** Encodes raw RGB rows (each prefixed with filter byte 0) as an 8-bit truecolour PNG. */
function encodeRgbPng(width: number, height: number, raw: Buffer): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw, { level: 1 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

const sceneCache = new Map<string, Buffer>();

/**
 * A generated text-to-image result: a real RGB PNG of the requested size (sky, sun, hills), its colours
 * shifted by `variant` so the images of one task differ. Deterministic, so every download is byte-identical.
 */
export function scenePng(width: number, height: number, variant: number): Buffer {
	const key = `${width}x${height}#${variant}`;
	const cached = sceneCache.get(key);
	if (cached) return cached;
	const row = 1 + width * 3;
	const raw = Buffer.alloc(row * height);
	const tint = (variant * 67) % 256;
	const sunX = width * (0.25 + 0.15 * (variant % 4));
	const sunY = height * 0.3;
	const sunR2 = (Math.min(width, height) * 0.09) ** 2;
	for (let y = 0; y < height; y++) {
		const base = y * row;
		const sky = Math.round((160 * y) / height);
		const hill = height * (0.62 + 0.02 * (variant % 3));
		for (let x = 0; x < width; x++) {
			const px = base + 1 + x * 3;
			const ground = y > hill + Math.sin((x / width) * Math.PI * 2 + variant) * height * 0.05;
			if (ground) {
				raw[px] = 40;
				raw[px + 1] = 110 + (tint >> 2);
				raw[px + 2] = 50;
			} else if ((x - sunX) ** 2 + (y - sunY) ** 2 < sunR2) {
				raw[px] = 250;
				raw[px + 1] = 210;
				raw[px + 2] = 80;
			} else {
				raw[px] = (60 + sky + tint) & 0xff;
				raw[px + 1] = 120 + (sky >> 1);
				raw[px + 2] = 230 - (sky >> 2);
			}
		}
	}
	const png = encodeRgbPng(width, height, raw);
	if (sceneCache.size >= 16) sceneCache.delete(sceneCache.keys().next().value as string);
	sceneCache.set(key, png);
	return png;
}

/** Silent MPEG-1 Layer III, 128 kbit/s, 44.1 kHz mono: all-zero side info decodes as silence. */
export function silentMp3(seconds = 5): Buffer {
	const frameBytes = 417; // 144 * 128000 / 44100, no padding
	const frames = Math.ceil((seconds * 44100) / 1152);
	const frame = Buffer.alloc(frameBytes);
	frame.set([0xff, 0xfb, 0x90, 0xc4], 0);
	return Buffer.concat(new Array<Buffer>(frames).fill(frame));
}

export const DANCE_SECONDS = 5.2;
/** Size of the first-frame.png fixture: within 360–2000 px per side, portrait 2:3 like person.png. */
export const FIRST_FRAME = { width: 480, height: 720 } as const;

let cache: Map<string, { body: Buffer; type: string }> | undefined;

/** The fixtures served under /fixtures/<name>. */
export function fixtures(): Map<string, { body: Buffer; type: string }> {
	cache ??= new Map([
		['person.png', { body: personPng(), type: 'image/png' }],
		// person.png (320×480) is below the 360 px minimum of the image-to-video families: this one fits them.
		['first-frame.png', { body: personPng(FIRST_FRAME.width, FIRST_FRAME.height), type: 'image/png' }],
		[
			'dance.mp4',
			{
				body: mp4Buffer({ width: 720, height: 1280, durationSeconds: DANCE_SECONDS, fps: 30, totalBytes: 24 * 1024 }),
				type: 'video/mp4',
			},
		],
		['voice.mp3', { body: silentMp3(), type: 'audio/mpeg' }],
	]);
	return cache;
}
