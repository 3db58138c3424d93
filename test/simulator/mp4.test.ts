/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Generated media are real files: an independent ISO BMFF box walk and H.264 bitstream parse (SPS/PPS, slice
// headers, I_PCM pictures, P macroblocks; no ffprobe here), PNG and MP3 checks.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { inflateSync } from 'node:zlib';
import { fixtures } from './fixtures';
import { mp4Buffer, mp4Stream, planMp4, type Mp4Spec } from './mp4';

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

/** Reads an RBSP (emulation prevention already removed). */
class BitReader {
	private pos = 0;
	constructor(private readonly buf: Uint8Array) {}

	get bitsLeft(): number {
		return this.buf.length * 8 - this.pos;
	}

	u(n: number): number {
		let v = 0;
		for (let i = 0; i < n; i++, this.pos++) {
			assert.ok(this.pos < this.buf.length * 8, 'read past the end of the RBSP');
			v = v * 2 + (((this.buf[this.pos >> 3] as number) >> (7 - (this.pos & 7))) & 1);
		}
		return v;
	}

	ue(): number {
		let zeros = 0;
		while (this.u(1) === 0) assert.ok(++zeros < 32, 'Exp-Golomb code too long');
		return 2 ** zeros - 1 + this.u(zeros);
	}

	se(): number {
		const k = this.ue();
		return k % 2 ? (k + 1) / 2 : k ? -k / 2 : 0;
	}

	align(): void {
		while (this.pos % 8) assert.equal(this.u(1), 0, 'alignment bits are zero');
	}

	bytes(n: number): Uint8Array {
		assert.equal(this.pos % 8, 0);
		const out = this.buf.subarray(this.pos / 8, this.pos / 8 + n);
		assert.equal(out.length, n);
		this.pos += n * 8;
		return out;
	}

	/** rbsp_trailing_bits: a one bit, then zero bits to the end. */
	trailing(): void {
		assert.equal(this.u(1), 1, 'rbsp_stop_one_bit');
		while (this.bitsLeft) assert.equal(this.u(1), 0, 'rbsp_alignment_zero_bit');
	}
}

/** The RBSP of a NAL unit: drops the header byte and emulation prevention bytes (00 00 03 -> 00 00). */
function rbspOf(nal: Uint8Array): Uint8Array {
	const out: number[] = [];
	for (let i = 1, zeros = 0; i < nal.length; i++) {
		const byte = nal[i] as number;
		if (zeros >= 2 && byte === 3) {
			zeros = 0;
			continue;
		}
		assert.ok(!(zeros >= 2 && byte < 3), 'start code emulation inside a NAL unit');
		out.push(byte);
		zeros = byte === 0 ? zeros + 1 : 0;
	}
	return Uint8Array.from(out);
}

interface Sps {
	width: number;
	height: number;
	mbW: number;
	mbH: number;
	log2MaxFrameNum: number;
	log2MaxPocLsb: number;
	sar: [number, number];
}

function parseSps(nal: Uint8Array): Sps {
	const r = new BitReader(rbspOf(nal));
	assert.equal(r.u(8), 66, 'Baseline profile');
	r.u(8); // constraint flags
	assert.ok(r.u(8) > 0, 'level_idc');
	assert.equal(r.ue(), 0, 'sps id');
	const log2MaxFrameNum = r.ue() + 4;
	assert.equal(r.ue(), 0, 'pic_order_cnt_type 0');
	const log2MaxPocLsb = r.ue() + 4;
	assert.ok(r.ue() >= 1, 'max_num_ref_frames');
	assert.equal(r.u(1), 0, 'no frame_num gaps');
	const mbW = r.ue() + 1;
	const mbH = r.ue() + 1;
	assert.equal(r.u(1), 1, 'frame_mbs_only_flag');
	r.u(1); // direct_8x8_inference_flag
	let [left, right, top, bottom] = [0, 0, 0, 0];
	if (r.u(1)) [left, right, top, bottom] = [r.ue(), r.ue(), r.ue(), r.ue()];
	let sar: [number, number] = [1, 1];
	if (r.u(1)) {
		// VUI
		if (r.u(1)) {
			const idc = r.u(8);
			assert.ok(idc === 1 || idc === 255, `aspect_ratio_idc ${idc}`);
			if (idc === 255) sar = [r.u(16), r.u(16)];
		}
		if (r.u(1)) r.u(1); // overscan
		if (r.u(1)) {
			r.u(4); // video_format, video_full_range_flag
			if (r.u(1)) r.u(24); // colour description
		}
		if (r.u(1)) [r.ue(), r.ue()]; // chroma location
		if (r.u(1)) r.u(65); // timing info
		assert.equal(r.u(1), 0, 'no NAL HRD');
		assert.equal(r.u(1), 0, 'no VCL HRD');
		r.u(1); // pic_struct_present_flag
		if (r.u(1)) {
			r.u(1);
			for (let i = 0; i < 4; i++) r.ue();
			assert.equal(r.ue(), 0, 'max_num_reorder_frames');
			assert.ok(r.ue() >= 1, 'max_dec_frame_buffering');
		}
	}
	r.trailing();
	return {
		width: mbW * 16 - 2 * (left + right),
		height: mbH * 16 - 2 * (top + bottom),
		mbW,
		mbH,
		log2MaxFrameNum,
		log2MaxPocLsb,
		sar,
	};
}

function parsePps(nal: Uint8Array): void {
	const r = new BitReader(rbspOf(nal));
	assert.equal(r.ue(), 0, 'pps id');
	assert.equal(r.ue(), 0, 'sps id');
	assert.equal(r.u(1), 0, 'CAVLC');
	r.u(1);
	assert.equal(r.ue(), 0, 'one slice group');
	assert.equal(r.ue(), 0, 'one reference index');
	r.ue();
	assert.equal(r.u(3), 0, 'no weighted prediction');
	r.se();
	r.se();
	r.se();
	assert.equal(r.u(1), 1, 'deblocking_filter_control_present_flag');
	r.u(2);
	r.trailing();
}

interface SliceInfo {
	idr: boolean;
	/** Luma of an I_PCM picture (macroblock-padded, mbW * 16 wide). */
	pcmLuma?: Uint8Array;
	/** Sum of |mvd| over a P picture's macroblocks. */
	motion: number;
}

/** Parses a slice header, then the macroblocks of I_PCM IDRs and of P pictures (skip runs, P_L0_16x16, no residual). */
function parseSlice(nal: Uint8Array, sps: Sps): SliceInfo {
	const refIdc = ((nal[0] as number) >> 5) & 3;
	const type = (nal[0] as number) & 0x1f;
	assert.ok(type === 5 || type === 1, `slice NAL type ${type}`);
	const idr = type === 5;
	assert.ok(idr ? refIdc > 0 : refIdc === 0, 'the IDR is a reference, P pictures are disposable');
	const r = new BitReader(rbspOf(nal));
	assert.equal(r.ue(), 0, 'first_mb_in_slice');
	const sliceType = r.ue() % 5;
	assert.equal(sliceType, idr ? 2 : 0, 'I slice in the IDR, P slice otherwise');
	assert.equal(r.ue(), 0, 'pps id');
	assert.equal(r.u(sps.log2MaxFrameNum), idr ? 0 : 1, 'frame_num');
	if (idr) r.ue(); // idr_pic_id
	const poc = r.u(sps.log2MaxPocLsb);
	if (idr) assert.equal(poc, 0);
	if (!idr) {
		assert.equal(r.u(1), 0, 'num_ref_idx_active_override_flag');
		assert.equal(r.u(1), 0, 'ref_pic_list_modification_flag_l0');
	}
	if (idr) r.u(2); // dec_ref_pic_marking
	r.se(); // slice_qp_delta
	if (r.ue() !== 1) [r.se(), r.se()]; // deblocking offsets
	const mbs = sps.mbW * sps.mbH;
	if (idr) {
		const first = r.ue();
		if (first !== 25) {
			// Tiny budgets: a flat Intra_16x16 picture (its CAVLC levels are not parsed here).
			assert.ok(first >= 1 && first <= 24, `IDR mb_type ${first}`);
			return { idr, motion: 0 };
		}
		const stride = sps.mbW * 16;
		const luma = new Uint8Array(stride * sps.mbH * 16);
		for (let mb = 0; mb < mbs; mb++) {
			if (mb) assert.equal(r.ue(), 25, 'mb_type I_PCM');
			r.align();
			const samples = r.bytes(384);
			const x = (mb % sps.mbW) * 16;
			const y = Math.floor(mb / sps.mbW) * 16;
			for (let row = 0; row < 16; row++) luma.set(samples.subarray(row * 16, row * 16 + 16), (y + row) * stride + x);
		}
		r.trailing();
		return { idr, pcmLuma: luma, motion: 0 };
	}
	let motion = 0;
	for (let mb = 0; ; ) {
		mb += r.ue(); // mb_skip_run
		assert.ok(mb <= mbs, 'skip run past the picture');
		if (mb === mbs) break;
		assert.equal(r.ue(), 0, 'mb_type P_L0_16x16');
		motion += Math.abs(r.se());
		assert.equal(r.se(), 0, 'vertical mvd');
		assert.equal(r.ue(), 0, 'coded_block_pattern 0');
		if (++mb === mbs) break;
	}
	r.trailing();
	return { idr, motion };
}

interface Mp4Info {
	coded: { width: number; height: number };
	frames: number;
	/** Luma range and distinct values of the first IDR when it is made of raw samples. */
	picture?: { min: number; max: number; distinct: number };
	movingFrames: number;
}

function checkMp4(buf: Buffer, width: number, height: number, seconds: number): Mp4Info {
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
	// The track shows the requested size; the coded picture may be smaller (players scale it).
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
		['stsd', 'stts', 'stss', 'stsc', 'stsz', 'stco'],
	);

	// stsd → avc1 whose size matches its SPS, with avcC holding one SPS (NAL 7) and one PPS (NAL 8).
	const stsd = child(stbl, 'stsd');
	const avc1 = stsd.start + 16;
	assert.equal(buf.toString('latin1', avc1 + 4, avc1 + 8), 'avc1');
	const avcC = avc1 + 86;
	assert.equal(buf.toString('latin1', avcC + 4, avcC + 8), 'avcC');
	assert.equal(buf[avcC + 8], 1, 'configurationVersion');
	assert.equal((buf[avcC + 12] as number) & 3, 3, '4-byte NAL lengths');
	assert.equal((buf[avcC + 13] as number) & 0x1f, 1, 'one SPS');
	const spsLen = buf.readUInt16BE(avcC + 14);
	const spsNal = buf.subarray(avcC + 16, avcC + 16 + spsLen);
	assert.equal((spsNal[0] as number) & 0x1f, 7);
	assert.deepEqual([...buf.subarray(avcC + 9, avcC + 12)], [...spsNal.subarray(1, 4)], 'avcC profile/level = SPS');
	assert.equal(buf[avcC + 16 + spsLen], 1, 'one PPS');
	const ppsLen = buf.readUInt16BE(avcC + 17 + spsLen);
	const ppsNal = buf.subarray(avcC + 19 + spsLen, avcC + 19 + spsLen + ppsLen);
	assert.equal((ppsNal[0] as number) & 0x1f, 8);
	const sps = parseSps(spsNal);
	parsePps(ppsNal);
	assert.equal(buf.readUInt16BE(avc1 + 32), sps.width);
	assert.equal(buf.readUInt16BE(avc1 + 34), sps.height);
	const shown = (sps.width * sps.sar[0]) / (sps.height * sps.sar[1]);
	assert.ok(Math.abs(shown / (width / height) - 1) < 0.02, `display aspect ${shown} for ${width}x${height}`);

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
	const stss = child(stbl, 'stss');
	const sync = new Set(
		Array.from({ length: buf.readUInt32BE(stss.start + 12) }, (_, i) => buf.readUInt32BE(stss.start + 16 + i * 4)),
	);
	assert.ok(sync.has(1), 'the first sample is a sync sample');

	// Each sample: length-prefixed NAL units that tile it exactly; one slice (IDR on sync samples, P otherwise),
	// then only filler data (0xFF bytes and the trailing 0x80).
	const info: Mp4Info = { coded: { width: sps.width, height: sps.height }, frames: count, movingFrames: 0 };
	let pos = mdat.start + 8;
	sizes.forEach((size, i) => {
		const end = pos + size;
		const nals: Buffer[] = [];
		for (let p = pos; p < end; ) {
			const len = buf.readUInt32BE(p);
			assert.ok(len >= 1 && p + 4 + len <= end, `NAL unit overruns sample ${i}`);
			nals.push(buf.subarray(p + 4, p + 4 + len));
			p += 4 + len;
		}
		const slice = parseSlice(nals[0] as Buffer, sps);
		assert.equal(slice.idr, sync.has(i + 1), `sample ${i + 1}: IDR exactly on sync samples`);
		if (i === 0 && slice.pcmLuma) {
			let [min, max] = [255, 0];
			const seen = new Set<number>();
			for (let y = 0; y < sps.height; y++) {
				for (let x = 0; x < sps.width; x++) {
					const v = slice.pcmLuma[y * sps.mbW * 16 + x] as number;
					[min, max] = [Math.min(min, v), Math.max(max, v)];
					seen.add(v);
				}
			}
			assert.ok(min >= 16 && max <= 235, 'limited-range luma');
			info.picture = { min, max, distinct: seen.size };
		}
		if (slice.motion) info.movingFrames++;
		for (const filler of nals.slice(1)) {
			assert.equal(filler[0], 0x0c, 'filler data NAL');
			assert.ok(filler.subarray(1, -1).every((b) => b === 0xff) && filler[filler.length - 1] === 0x80);
		}
		pos = end;
	});
	return info;
}

const DEMO: Mp4Spec = { width: 1280, height: 720, durationSeconds: 5, fps: 30, totalBytes: 8 * 1024 };

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
			const info = checkMp4(buf, w, h, s);
			assert.ok(info.picture, `${bytes} bytes hold a raw-sample picture`);
			assert.ok(info.movingFrames > 0, `${bytes} bytes: the ball moves`);
		}
	});

	it('encodes a real picture that moves: I_PCM IDR with a light/dark scene, P pictures with motion', () => {
		const info = checkMp4(mp4Buffer(DEMO), 1280, 720, 5);
		assert.ok(info.coded.width >= 64 && info.coded.height >= 36, `coded ${info.coded.width}x${info.coded.height}`);
		assert.ok(info.frames >= 5 * 20, `${info.frames} frames in 5 s`);
		assert.ok(
			info.picture && info.picture.max - info.picture.min > 100 && info.picture.distinct > 30,
			JSON.stringify(info.picture),
		);
		assert.ok(info.movingFrames > info.frames / 2);
		// More bytes buy a sharper picture, up to the requested size.
		const big = checkMp4(mp4Buffer({ ...DEMO, totalBytes: 4 * 1024 * 1024 }), 1280, 720, 5);
		assert.deepEqual(big.coded, { width: 1280, height: 720 });
		assert.equal(big.frames, 150);
	});

	it('lowers the frame count to fit 1 KB and raises impossible sizes to the minimum', () => {
		const kb = mp4Buffer({ width: 1280, height: 720, durationSeconds: 5, fps: 30, totalBytes: 1024 });
		assert.equal(kb.length, 1024);
		assert.ok(checkMp4(kb, 1280, 720, 5).frames < 150);
		const tiny = mp4Buffer({ width: 1280, height: 720, durationSeconds: 5, fps: 30, totalBytes: 10 });
		assert.ok(tiny.length > 10);
		checkMp4(tiny, 1280, 720, 5);
	});

	it('hits every byte count: header growth below a filler unit, filler units above', () => {
		for (const spec of [DEMO, { ...DEMO, width: 720, height: 1280, totalBytes: 1100 }]) {
			const plan = planMp4(spec);
			// The same video with no padding, then 0..8 bytes more.
			const bare = plan.size - plan.video.fillers.reduce((a, b) => a + b, 0);
			assert.equal(plan.video.variant.idrPicId, 0);
			let grown = 0;
			for (let extra = 0; extra <= 8; extra++) {
				const total = bare + extra;
				const buf = mp4Buffer({ ...spec, totalBytes: total });
				assert.equal(buf.length, total, `${spec.width}x${spec.height} at ${total} bytes`);
				checkMp4(buf, spec.width, spec.height, spec.durationSeconds);
				const v = planMp4({ ...spec, totalBytes: total }).video.variant;
				if (v.idrPicId || v.qpDelta || v.sliceType !== 7) grown++;
			}
			assert.ok(grown >= 5, 'remainders of 1..5 bytes lengthen the IDR slice header');
		}
	});

	it('streams 500 MB in constant memory and matches the plan', async () => {
		const plan = planMp4({ width: 1920, height: 1080, durationSeconds: 15, fps: 30, totalBytes: 500 * 1024 * 1024 });
		assert.equal(plan.size, 500 * 1024 * 1024);
		const rss = process.memoryUsage().rss;
		let peak = rss;
		let total = 0;
		let head: Buffer | undefined;
		for await (const chunk of mp4Stream(plan)) {
			head ??= chunk as Buffer;
			total += (chunk as Buffer).length;
			peak = Math.max(peak, process.memoryUsage().rss);
		}
		assert.equal(total, plan.size);
		assert.equal(head?.toString('latin1', 4, 8), 'ftyp');
		assert.ok(peak - rss < 200 * 1024 * 1024, `memory grew by ${Math.round((peak - rss) / 1048576)} MB`);
	});

	it('dance.mp4 fixture is a valid 5.2 s 720x1280 video', () => {
		const info = checkMp4((fixtures().get('dance.mp4') as { body: Buffer }).body, 720, 1280, 5.2);
		assert.ok(info.picture && info.movingFrames > 0);
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
