/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Generated media are real files: an independent ISO BMFF box walk (no ffprobe here), PNG and MP3 checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { fixtures } from './fixtures';
import { mp4Buffer, mp4Stream, planMp4 } from './mp4';

interface Box {
	type: string;
	start: number;
	size: number;
	children?: Box[];
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'dinf', 'stbl']);

/** Walks boxes in [from, to); fails on any size that does not tile the range exactly. */
function walk(buf: Buffer, from: number, to: number): Box[] {
	const boxes: Box[] = [];
	let pos = from;
	while (pos < to) {
		assert.ok(pos + 8 <= to, `truncated box header at ${pos}`);
		const size = buf.readUInt32BE(pos);
		const type = buf.toString('latin1', pos + 4, pos + 8);
		assert.ok(size >= 8 && pos + size <= to, `bad size ${size} for ${type} at ${pos}`);
		const b: Box = { type, start: pos, size };
		if (CONTAINERS.has(type)) b.children = walk(buf, pos + 8, pos + size);
		boxes.push(b);
		pos += size;
	}
	assert.equal(pos, to);
	return boxes;
}

function child(parent: Box | undefined, type: string): Box {
	const found = parent?.children?.find((b) => b.type === type);
	assert.ok(found, `missing ${type} in ${parent?.type}`);
	return found;
}

function checkMp4(buf: Buffer, width: number, height: number, seconds: number): void {
	const top = walk(buf, 0, buf.length);
	assert.deepEqual(
		top.map((b) => b.type),
		['ftyp', 'moov', 'mdat'],
	);
	const ftyp = top[0] as Box;
	assert.equal(buf.toString('latin1', ftyp.start + 8, ftyp.start + 12), 'isom');
	const moov = top[1] as Box;
	const mdat = top[2] as Box;
	assert.deepEqual(
		moov.children?.map((b) => b.type),
		['mvhd', 'trak'],
	);
	const mvhd = child(moov, 'mvhd');
	const timescale = buf.readUInt32BE(mvhd.start + 20);
	assert.equal(buf.readUInt32BE(mvhd.start + 24) / timescale, seconds);
	const trak = child(moov, 'trak');
	assert.deepEqual(
		trak.children?.map((b) => b.type),
		['tkhd', 'mdia'],
	);
	const tkhd = child(trak, 'tkhd');
	assert.equal(buf.readUInt32BE(tkhd.start + 8 + 76) / 65536, width);
	assert.equal(buf.readUInt32BE(tkhd.start + 8 + 80) / 65536, height);
	const mdia = child(trak, 'mdia');
	assert.deepEqual(
		mdia.children?.map((b) => b.type),
		['mdhd', 'hdlr', 'minf'],
	);
	assert.equal(buf.toString('latin1', child(mdia, 'hdlr').start + 16, child(mdia, 'hdlr').start + 20), 'vide');
	const minf = child(mdia, 'minf');
	assert.deepEqual(
		minf.children?.map((b) => b.type),
		['vmhd', 'dinf', 'stbl'],
	);
	const stbl = child(minf, 'stbl');
	assert.deepEqual(
		stbl.children?.map((b) => b.type),
		['stsd', 'stts', 'stsc', 'stsz', 'stco'],
	);

	// stsd → avc1 with the declared size, containing avcC with an SPS (NAL 7) and PPS (NAL 8).
	const stsd = child(stbl, 'stsd');
	const avc1 = stsd.start + 16;
	assert.equal(buf.toString('latin1', avc1 + 4, avc1 + 8), 'avc1');
	assert.equal(buf.readUInt16BE(avc1 + 32), width);
	assert.equal(buf.readUInt16BE(avc1 + 34), height);
	const avcC = avc1 + 86;
	assert.equal(buf.toString('latin1', avcC + 4, avcC + 8), 'avcC');
	const spsLen = buf.readUInt16BE(avcC + 14);
	assert.equal((buf[avcC + 16] as number) & 0x1f, 7);
	assert.equal((buf[avcC + 16 + spsLen + 3] as number) & 0x1f, 8);

	// Sample table: sizes sum to the mdat payload, the chunk offset points at it, deltas sum to the duration.
	const stsz = child(stbl, 'stsz');
	const count = buf.readUInt32BE(stsz.start + 16);
	const sizes = Array.from({ length: count }, (_, i) => buf.readUInt32BE(stsz.start + 20 + i * 4));
	assert.equal(
		sizes.reduce((a, b) => a + b, 0),
		mdat.size - 8,
	);
	assert.equal(buf.readUInt32BE(child(stbl, 'stco').start + 16), mdat.start + 8);
	const stts = child(stbl, 'stts');
	let samples = 0;
	let ticks = 0;
	for (let i = 0; i < buf.readUInt32BE(stts.start + 12); i++) {
		const n = buf.readUInt32BE(stts.start + 16 + i * 8);
		samples += n;
		ticks += n * buf.readUInt32BE(stts.start + 20 + i * 8);
	}
	assert.equal(samples, count);
	const mdhd = child(mdia, 'mdhd');
	assert.equal(ticks, buf.readUInt32BE(mdhd.start + 24));
	// Each sample is one length-prefixed NAL unit that fills it exactly.
	let pos = mdat.start + 8;
	for (const size of sizes) {
		assert.equal(buf.readUInt32BE(pos) + 4, size);
		pos += size;
	}
}

describe('MP4 generator', () => {
	it('produces valid files of exact sizes', () => {
		for (const [bytes, w, h, s] of [
			[8 * 1024, 1280, 720, 5],
			[1024 * 1024, 1920, 1080, 10],
			[3000, 832, 480, 5],
			[20_000, 1088, 832, 2],
		] as const) {
			const buf = mp4Buffer({ width: w, height: h, durationSeconds: s, fps: 30, totalBytes: bytes });
			assert.equal(buf.length, bytes);
			checkMp4(buf, w, h, s);
		}
	});

	it('lowers the frame count to fit 1 KB and raises impossible sizes to the minimum', () => {
		const kb = mp4Buffer({ width: 1280, height: 720, durationSeconds: 5, fps: 30, totalBytes: 1024 });
		assert.equal(kb.length, 1024);
		checkMp4(kb, 1280, 720, 5);
		const tiny = mp4Buffer({ width: 1280, height: 720, durationSeconds: 5, fps: 30, totalBytes: 10 });
		assert.ok(tiny.length > 10);
		checkMp4(tiny, 1280, 720, 5);
	});

	it('streams 500 MB in constant memory and matches the plan', async () => {
		const plan = planMp4({ width: 1920, height: 1080, durationSeconds: 15, fps: 30, totalBytes: 500 * 1024 * 1024 });
		assert.equal(plan.size, 500 * 1024 * 1024);
		let total = 0;
		let head: Buffer | undefined;
		for await (const chunk of mp4Stream(plan)) {
			head ??= chunk as Buffer;
			total += (chunk as Buffer).length;
		}
		assert.equal(total, plan.size);
		assert.equal(head?.toString('latin1', 4, 8), 'ftyp');
	});

	it('dance.mp4 fixture is a valid 5.2 s 720x1280 video', () => {
		checkMp4((fixtures().get('dance.mp4') as { body: Buffer }).body, 720, 1280, 5.2);
	});
});

describe('PNG and MP3 fixtures', () => {
	it('person.png is a valid 320x480 RGB PNG with correct CRCs', () => {
		const png = (fixtures().get('person.png') as { body: Buffer }).body;
		assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		let pos = 8;
		const types: string[] = [];
		const idat: Buffer[] = [];
		while (pos < png.length) {
			const len = png.readUInt32BE(pos);
			const type = png.toString('latin1', pos + 4, pos + 8);
			types.push(type);
			if (type === 'IDAT') idat.push(png.subarray(pos + 8, pos + 8 + len));
			assert.equal(png.readUInt32BE(pos + 8 + len), crc32(png.subarray(pos + 4, pos + 8 + len)), `${type} CRC`);
			pos += 12 + len;
		}
		assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
		assert.equal(png.readUInt32BE(16), 320);
		assert.equal(png.readUInt32BE(20), 480);
		assert.equal(inflateSync(Buffer.concat(idat)).length, 480 * (1 + 320 * 3));
	});

	it('voice.mp3 is a sequence of MPEG-1 Layer III frames', () => {
		const mp3 = (fixtures().get('voice.mp3') as { body: Buffer }).body;
		assert.equal(mp3.length % 417, 0);
		for (let pos = 0; pos < mp3.length; pos += 417) {
			assert.equal(mp3.readUInt16BE(pos) & 0xfffe, 0xfffa, `frame sync at ${pos}`);
		}
		assert.ok((mp3.length / 417) * 1152 >= 5 * 44100);
	});
});

function crc32(buf: Buffer): number {
	let c = ~0;
	for (const byte of buf) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
	}
	return ~c >>> 0;
}
