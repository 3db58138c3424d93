/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from '@jest/globals';

import { detectFormat, inspectMedia, isoIndexRange } from '../../nodes/Wan/media/inspect';
import {
	avi,
	bmp,
	gif,
	id3,
	jpeg,
	mov,
	mp4,
	mp4MoovAtEnd,
	personPng,
	png,
	silentMp3,
	topBoxes,
	wav,
	webp,
	xingMp3,
} from './media-samples';

describe('detectFormat', () => {
	it('recognises every accepted format and the common refused ones by their bytes', () => {
		const cases: Array<[Buffer, string | undefined]> = [
			[png(10, 10), 'png'],
			[jpeg(10, 10), 'jpeg'],
			[bmp(10, 10), 'bmp'],
			[webp(10, 10, 'VP8 '), 'webp'],
			[gif(10, 10), 'gif'],
			[mp4(), 'mp4'],
			[mov(), 'mov'],
			[avi(320, 240, 3), 'avi'],
			[wav(1), 'wav'],
			[silentMp3(1), 'mp3'],
			[Buffer.concat([id3(20), silentMp3(1)]), 'mp3'],
			[Buffer.from('II*\0\x08\0\0\0', 'latin1'), 'tiff'],
			[Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), 'heic'],
			[Buffer.from('\0\0\0\x18ftypM4A \0\0\0\0M4A isom', 'latin1'), 'm4a'],
			[Buffer.from('1a45dfa3a3428286810142f7', 'hex'), 'webm'],
			[Buffer.from('fLaC\0\0\0\x22', 'latin1'), 'flac'],
			[Buffer.from('OggS\0\x02', 'latin1'), 'ogg'],
			[Buffer.from('fff15080', 'hex'), 'aac'],
			[Buffer.from('BM is not a bitmap, just text', 'latin1'), undefined],
			[Buffer.from('<!DOCTYPE html><html>', 'latin1'), undefined],
			[Buffer.from('%PDF-1.7', 'latin1'), undefined],
			[Buffer.alloc(0), undefined],
		];
		for (const [bytes, format] of cases) assert.equal(detectFormat(bytes), format, `${bytes.subarray(0, 12).toString('hex')} → ${format}`);
	});

	it('does not take a lone frame-sync pair for an MP3 when the next frame is missing', () => {
		const fake = Buffer.alloc(2000, 0x20);
		fake.set([0xff, 0xfb, 0x90, 0xc4], 0); // header says the next frame starts at 417: it does not
		assert.equal(detectFormat(fake), undefined);
	});
});

describe('inspectMedia: images', () => {
	it('reads PNG, JPEG, BMP, WEBP and GIF pixel sizes', () => {
		assert.deepEqual(inspectMedia(personPng(320, 480)), { format: 'png', width: 320, height: 480 });
		assert.deepEqual(inspectMedia(png(1000, 4000)), { format: 'png', width: 1000, height: 4000 });
		assert.deepEqual(inspectMedia(jpeg(1920, 1080)), { format: 'jpeg', width: 1920, height: 1080 });
		assert.deepEqual(inspectMedia(jpeg(640, 480, 0xc2)), { format: 'jpeg', width: 640, height: 480 }, 'progressive SOF2');
		assert.deepEqual(inspectMedia(bmp(300, -200)), { format: 'bmp', width: 300, height: 200 }, 'top-down BMP');
		assert.deepEqual(inspectMedia(bmp(64, 32, true)), { format: 'bmp', width: 64, height: 32 }, 'OS/2 core header');
		for (const flavour of ['VP8 ', 'VP8L', 'VP8X'] as const) {
			assert.deepEqual(inspectMedia(webp(1000, 700, flavour)), { format: 'webp', width: 1000, height: 700 }, flavour);
		}
		assert.deepEqual(inspectMedia(gif(400, 300)), { format: 'gif', width: 400, height: 300 });
	});

	it('leaves the size unknown when the JPEG frame header is beyond the bytes given', () => {
		const file = jpeg(1920, 1080);
		assert.deepEqual(inspectMedia(file.subarray(0, 1000), { totalBytes: file.length }), { format: 'jpeg' });
	});
});

describe('inspectMedia: video', () => {
	it('reads size and duration from a faststart MP4 and a MOV', () => {
		assert.deepEqual(inspectMedia(mp4()), { format: 'mp4', width: 720, height: 1280, seconds: 5.2 });
		assert.deepEqual(inspectMedia(mov({ width: 1280, height: 720, seconds: 12.5 })), { format: 'mov', width: 1280, height: 720, seconds: 12.5 });
	});

	it('reads them from the head of a large file', () => {
		const file = mp4({ seconds: 31, bytes: 2 * 1024 * 1024 });
		const head = file.subarray(0, 64 * 1024);
		assert.equal(isoIndexRange(head, file.length), undefined, 'moov is in the head');
		assert.deepEqual(inspectMedia(head, { totalBytes: file.length }), { format: 'mp4', width: 720, height: 1280, seconds: 31 });
	});

	it('finds the index of a file written without fast start through isoIndexRange and a tail', () => {
		const file = mp4MoovAtEnd({ seconds: 7, bytes: 1024 * 1024 });
		const head = file.subarray(0, 4096);
		assert.deepEqual(inspectMedia(head, { totalBytes: file.length }), { format: 'mp4' }, 'nothing known from the head alone');
		const range = isoIndexRange(head, file.length);
		assert.ok(range);
		const moovStart = file.length - topBoxes(file).find((b) => b.type === 'moov')!.bytes.length;
		assert.deepEqual(range, { start: moovStart, end: file.length });
		const tail = { offset: range.start, bytes: file.subarray(range.start, range.end) };
		assert.deepEqual(inspectMedia(head, { totalBytes: file.length, tail }), { format: 'mp4', width: 720, height: 1280, seconds: 7 });
	});

	it('follows 64-bit box sizes', () => {
		const boxes = topBoxes(mp4MoovAtEnd({ seconds: 3 }));
		const mdat = boxes.find((b) => b.type === 'mdat')!.bytes;
		const large = Buffer.alloc(16);
		large.writeUInt32BE(1, 0);
		large.write('mdat', 4, 'latin1');
		large.writeUInt32BE(0, 8);
		large.writeUInt32BE(mdat.length + 8, 12);
		const file = Buffer.concat([boxes[0].bytes, large, mdat.subarray(8), boxes.find((b) => b.type === 'moov')!.bytes]);
		assert.deepEqual(inspectMedia(file), { format: 'mp4', width: 720, height: 1280, seconds: 3 });
	});

	it('reads AVI headers', () => {
		assert.deepEqual(inspectMedia(avi(640, 360, 12)), { format: 'avi', width: 640, height: 360, seconds: 12 });
	});
});

describe('inspectMedia: audio', () => {
	it('WAV: exact from the data chunk, estimated from the file size when the chunk has no length', () => {
		assert.deepEqual(inspectMedia(wav(4)), { format: 'wav', seconds: 4 });
		assert.deepEqual(inspectMedia(wav(2.5, { rate: 44100, channels: 2 })), { format: 'wav', seconds: 2.5 });
		const streamed = wav(6, { streamed: true });
		assert.deepEqual(inspectMedia(streamed), { format: 'wav', seconds: 6, estimated: true });
		assert.deepEqual(inspectMedia(streamed.subarray(0, 200), { totalBytes: streamed.length }), { format: 'wav', seconds: 6, estimated: true });
	});

	it('MP3: Xing frame count when present, else a constant-bit-rate estimate from the file size', () => {
		assert.deepEqual(inspectMedia(xingMp3(1000)), { format: 'mp3', seconds: Math.round(((1000 * 1152) / 44100) * 1000) / 1000 });
		const cbr = silentMp3(5);
		const estimate = inspectMedia(cbr);
		assert.equal(estimate.format, 'mp3');
		assert.equal(estimate.estimated, true);
		assert.ok(Math.abs((estimate.seconds ?? 0) - 5) < 0.05, String(estimate.seconds));
		const tagged = Buffer.concat([id3(3000), cbr]);
		const fromHead = inspectMedia(tagged.subarray(0, 8192), { totalBytes: tagged.length });
		assert.ok(Math.abs((fromHead.seconds ?? 0) - 5) < 0.05, `after an ID3 tag, from the head only: ${fromHead.seconds}`);
	});

	it('leaves the duration unknown when the first frame lies beyond the head (large cover art)', () => {
		const tagged = Buffer.concat([id3(300_000), silentMp3(5)]);
		assert.deepEqual(inspectMedia(tagged.subarray(0, 256 * 1024), { totalBytes: tagged.length }), { format: 'mp3' });
	});
});

describe('inspectMedia: robustness', () => {
	it('never throws on truncated or random bytes', () => {
		const samples = [png(50, 50), jpeg(50, 50), bmp(5, 5), webp(5, 5, 'VP8X'), gif(1, 1), mp4(), mp4MoovAtEnd(), avi(10, 10, 1), wav(0.1), silentMp3(0.2), xingMp3(3)];
		for (const sample of samples) {
			for (let cut = 0; cut < Math.min(sample.length, 700); cut += 7) {
				inspectMedia(sample.subarray(0, cut), { totalBytes: sample.length });
				const damaged = Buffer.from(sample);
				damaged.fill(0xff, cut, Math.min(cut + 9, damaged.length));
				inspectMedia(damaged);
			}
		}
		for (let i = 0; i < 300; i++) inspectMedia(randomBytes(1 + (i % 64) * 13));
	});
});
