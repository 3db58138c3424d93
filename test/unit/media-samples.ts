/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Real media files built in code for the media and upload tests (no binary files in the repo).
import { deflateSync } from 'node:zlib';

import { personPng, pngChunk, silentMp3 } from '../simulator/fixtures';
import { mp4Buffer } from '../simulator/mp4';

export { personPng, silentMp3 };


/** A valid 1-bit greyscale PNG of any size (cheap even at 1000×4000). `padTo` appends an ancillary chunk. */
export function png(width: number, height: number, padTo = 0): Buffer {
	const row = 1 + Math.ceil(width / 8);
	const raw = Buffer.alloc(row * height); // filter 0, all black
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([1, 0, 0, 0, 0], 8);
	const parts = [Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw))];
	const size = parts.reduce((n, p) => n + p.length, 0) + 12;
	if (padTo > size + 12) parts.push(pngChunk('zzZz', Buffer.alloc(padTo - size - 12, 0x61)));
	parts.push(pngChunk('IEND', Buffer.alloc(0)));
	return Buffer.concat(parts);
}

/** A baseline JPEG header (SOI, APP0, a big APP1 before the frame, fill bytes, SOF0) and EOI: enough to size it. */
export function jpeg(width: number, height: number, sof = 0xc0): Buffer {
	const segment = (marker: number, body: Buffer) => {
		const head = Buffer.from([0xff, marker, 0, 0]);
		head.writeUInt16BE(body.length + 2, 2);
		return Buffer.concat([head, body]);
	};
	const sofBody = Buffer.alloc(15);
	sofBody[0] = 8;
	sofBody.writeUInt16BE(height, 1);
	sofBody.writeUInt16BE(width, 3);
	sofBody[5] = 3;
	sofBody.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
		segment(0xe1, Buffer.alloc(3000, 0x45)), // EXIF-sized metadata first
		segment(0xc4, Buffer.alloc(20)), // DHT: in the SOF range but not a frame header
		Buffer.from([0xff, 0xff]), // fill bytes before a marker are allowed
		segment(sof, sofBody),
		segment(0xda, Buffer.alloc(10)),
		Buffer.alloc(100, 0x11),
		Buffer.from([0xff, 0xd9]),
	]);
}

/** A BMP header (BITMAPINFOHEADER, or the old 12-byte core header) without pixel data. */
export function bmp(width: number, height: number, core = false): Buffer {
	const dib = core ? 12 : 40;
	const b = Buffer.alloc(14 + dib);
	b.write('BM', 0, 'latin1');
	b.writeUInt32LE(b.length, 2);
	b.writeUInt32LE(14 + dib, 10);
	b.writeUInt32LE(dib, 14);
	if (core) {
		b.writeUInt16LE(width, 18);
		b.writeUInt16LE(height, 20);
	} else {
		b.writeInt32LE(width, 18);
		b.writeInt32LE(height, 22);
		b.writeUInt16LE(1, 26);
		b.writeUInt16LE(24, 28);
	}
	return b;
}

function riff(type: string, chunks: Buffer[]): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), ...chunks]);
	const head = Buffer.alloc(8);
	head.write('RIFF', 0, 'latin1');
	head.writeUInt32LE(body.length, 4);
	return Buffer.concat([head, body]);
}

function chunk(id: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.write(id, 0, 'latin1');
	head.writeUInt32LE(data.length, 4);
	return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

/** WEBP headers in each of the three bitstream flavours. */
export function webp(width: number, height: number, flavour: 'VP8 ' | 'VP8L' | 'VP8X'): Buffer {
	let data: Buffer;
	if (flavour === 'VP8 ') {
		data = Buffer.alloc(20);
		data.set([0x9d, 0x01, 0x2a], 3);
		data.writeUInt16LE(width & 0x3fff, 6);
		data.writeUInt16LE(height & 0x3fff, 8);
	} else if (flavour === 'VP8L') {
		data = Buffer.alloc(10);
		data[0] = 0x2f;
		data.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
	} else {
		data = Buffer.alloc(10);
		data.writeUIntLE(width - 1, 4, 3);
		data.writeUIntLE(height - 1, 7, 3);
	}
	return riff('WEBP', [chunk(flavour, data)]);
}

export function gif(width: number, height: number): Buffer {
	const b = Buffer.alloc(20);
	b.write('GIF89a', 0, 'latin1');
	b.writeUInt16LE(width, 6);
	b.writeUInt16LE(height, 8);
	return b;
}

/** A PCM WAV of silence. `streamed` writes 0 as the data size, as live recorders do. */
export function wav(seconds: number, options: { rate?: number; channels?: number; streamed?: boolean } = {}): Buffer {
	const rate = options.rate ?? 8000;
	const channels = options.channels ?? 1;
	const fmt = Buffer.alloc(16);
	fmt.writeUInt16LE(1, 0);
	fmt.writeUInt16LE(channels, 2);
	fmt.writeUInt32LE(rate, 4);
	fmt.writeUInt32LE(rate * channels * 2, 8);
	fmt.writeUInt16LE(channels * 2, 12);
	fmt.writeUInt16LE(16, 14);
	const samples = Buffer.alloc(Math.round(seconds * rate) * channels * 2);
	const data = chunk('data', samples);
	if (options.streamed) data.writeUInt32LE(0, 4);
	return riff('WAVE', [chunk('fmt ', fmt), chunk('LIST', Buffer.from('INFOISFT\x06\0\0\0n8n\0\0\0', 'latin1')), data]);
}

/** An MP3 whose first frame carries a Xing header with the frame count (as VBR encoders write). */
export function xingMp3(frames: number): Buffer {
	const frame = Buffer.alloc(417);
	frame.set([0xff, 0xfb, 0x90, 0xc4], 0); // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono
	frame.write('Xing', 4 + 17, 'latin1');
	frame.writeUInt32BE(1, 4 + 17 + 4);
	frame.writeUInt32BE(frames, 4 + 17 + 8);
	const plain = Buffer.alloc(417);
	plain.set([0xff, 0xfb, 0x90, 0xc4], 0);
	// A short file: the Xing count, not the size, gives the duration.
	return Buffer.concat([frame, plain, plain, plain]);
}

/** An ID3v2.4 tag of `size` body bytes, to put before an MP3. */
export function id3(size: number): Buffer {
	const head = Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1');
	head[6] = (size >> 21) & 0x7f;
	head[7] = (size >> 14) & 0x7f;
	head[8] = (size >> 7) & 0x7f;
	head[9] = size & 0x7f;
	return Buffer.concat([head, Buffer.alloc(size)]);
}

/** An AVI header: hdrl with avih and a video strl/strh; no frames. */
export function avi(width: number, height: number, seconds: number, fps = 25): Buffer {
	const frames = Math.round(seconds * fps);
	const avih = Buffer.alloc(56);
	avih.writeUInt32LE(Math.round(1e6 / fps), 0);
	avih.writeUInt32LE(frames, 16);
	avih.writeUInt32LE(1, 24);
	avih.writeUInt32LE(width, 32);
	avih.writeUInt32LE(height, 36);
	const strh = Buffer.alloc(56);
	strh.write('vids', 0, 'latin1');
	strh.write('H264', 4, 'latin1');
	strh.writeUInt32LE(1, 20); // scale
	strh.writeUInt32LE(fps, 24); // rate
	strh.writeUInt32LE(frames, 32); // length
	const list = (type: string, ...chunks: Buffer[]) => chunk('LIST', Buffer.concat([Buffer.from(type, 'latin1'), ...chunks]));
	const hdrl = list('hdrl', chunk('avih', avih), list('strl', chunk('strh', strh), chunk('strf', Buffer.alloc(40))));
	return riff('AVI ', [hdrl, list('movi')]);
}

export interface VideoSpec {
	width?: number;
	height?: number;
	seconds?: number;
	bytes?: number;
}

/** A real faststart MP4 (the simulator's generator): ftyp, moov, mdat. */
export function mp4(spec: VideoSpec = {}): Buffer {
	return mp4Buffer({
		width: spec.width ?? 720,
		height: spec.height ?? 1280,
		durationSeconds: spec.seconds ?? 5.2,
		fps: 30,
		totalBytes: spec.bytes ?? 24 * 1024,
	});
}

/** Top-level boxes of an ISO BMFF buffer. */
export function topBoxes(file: Buffer): Array<{ type: string; bytes: Buffer }> {
	const out: Array<{ type: string; bytes: Buffer }> = [];
	for (let at = 0; at + 8 <= file.length; ) {
		const size = file.readUInt32BE(at);
		out.push({ type: file.toString('latin1', at + 4, at + 8), bytes: file.subarray(at, at + size) });
		at += size;
	}
	return out;
}

/** The same MP4 written without "fast start": ftyp, mdat, moov (offsets in stco are not fixed up). */
export function mp4MoovAtEnd(spec: VideoSpec = {}): Buffer {
	const boxes = topBoxes(mp4(spec));
	const order = ['ftyp', 'mdat', 'moov'];
	return Buffer.concat(order.map((type) => boxes.find((b) => b.type === type)!.bytes));
}

/** The MP4 with the QuickTime brand, i.e. a .mov. */
export function mov(spec: VideoSpec = {}): Buffer {
	const file = Buffer.from(mp4(spec));
	file.write('qt  ', 8, 'latin1');
	return file;
}
