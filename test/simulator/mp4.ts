/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Real ISO BMFF (MP4) files of any byte size, streamed so a 500 MB result never sits in memory.
// Layout: ftyp | moov (mvhd, trak{tkhd, mdia{mdhd, hdlr, minf{vmhd, dinf{dref}, stbl{stsd{avc1{avcC}}, stts,
// stsc, stsz, stco}}}}) | mdat. The avcC carries a real SPS/PPS for the declared size. Samples are
// length-prefixed H.264 filler-data NAL units: a syntactically valid stream, but no decodable pictures.
import { Readable } from 'node:stream';

export interface Mp4Spec {
	width: number;
	height: number;
	durationSeconds: number;
	fps: number;
	/** Wanted total file size; raised to the minimum a valid file needs. */
	totalBytes: number;
}

export interface Mp4Plan {
	size: number;
	head: Buffer; // ftyp + moov + mdat header
	sampleSizes: number[];
}

const MEDIA_TIMESCALE = 90_000;
const MOVIE_TIMESCALE = 1000;
const MIN_SAMPLE = 6; // 4-byte length + NAL header + rbsp trailing byte

function box(type: string, ...parts: Buffer[]): Buffer {
	const body = Buffer.concat(parts);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(body.length + 8, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
	const vf = Buffer.alloc(4);
	vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
	return box(type, vf, ...parts);
}

function u32(...values: number[]): Buffer {
	const b = Buffer.alloc(values.length * 4);
	values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
	return b;
}

function u16(...values: number[]): Buffer {
	const b = Buffer.alloc(values.length * 2);
	values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, i * 2));
	return b;
}

const UNITY_MATRIX = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

/** Exp-Golomb bit writer for the SPS/PPS. */
class Bits {
	private bits: number[] = [];
	u(n: number, value: number): this {
		for (let i = n - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
		return this;
	}
	ue(value: number): this {
		const v = value + 1;
		const len = Math.floor(Math.log2(v));
		return this.u(len, 0).u(len + 1, v);
	}
	se(value: number): this {
		return this.ue(value <= 0 ? -2 * value : 2 * value - 1);
	}
	/** rbsp_trailing_bits, then emulation prevention. */
	rbsp(): Buffer {
		this.bits.push(1);
		while (this.bits.length % 8 !== 0) this.bits.push(0);
		const raw: number[] = [];
		for (let i = 0; i < this.bits.length; i += 8) {
			raw.push(this.bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
		}
		const out: number[] = [];
		let zeros = 0;
		for (const byte of raw) {
			if (zeros >= 2 && byte <= 3) {
				out.push(3);
				zeros = 0;
			}
			out.push(byte);
			zeros = byte === 0 ? zeros + 1 : 0;
		}
		return Buffer.from(out);
	}
}

function levelFor(width: number, height: number): number {
	const mbs = Math.ceil(width / 16) * Math.ceil(height / 16);
	return mbs <= 1620 ? 31 : mbs <= 8192 ? 40 : 51;
}

/** Baseline-profile SPS (with frame cropping for sizes that are not multiples of 16) and PPS. */
function parameterSets(width: number, height: number): { sps: Buffer; pps: Buffer } {
	const wMbs = Math.ceil(width / 16);
	const hMbs = Math.ceil(height / 16);
	const cropRight = (wMbs * 16 - width) / 2;
	const cropBottom = (hMbs * 16 - height) / 2;
	const sps = new Bits()
		.u(8, 66) // profile_idc: Baseline
		.u(8, 0xc0) // constraint_set0/1
		.u(8, levelFor(width, height))
		.ue(0) // seq_parameter_set_id
		.ue(0) // log2_max_frame_num_minus4
		.ue(2) // pic_order_cnt_type
		.ue(1) // max_num_ref_frames
		.u(1, 0) // gaps_in_frame_num_value_allowed_flag
		.ue(wMbs - 1)
		.ue(hMbs - 1)
		.u(1, 1) // frame_mbs_only_flag
		.u(1, 1); // direct_8x8_inference_flag
	if (cropRight || cropBottom) sps.u(1, 1).ue(0).ue(cropRight).ue(0).ue(cropBottom);
	else sps.u(1, 0);
	sps.u(1, 0); // vui_parameters_present_flag
	const pps = new Bits()
		.ue(0) // pic_parameter_set_id
		.ue(0) // seq_parameter_set_id
		.u(1, 0) // entropy_coding_mode_flag: CAVLC
		.u(1, 0) // bottom_field_pic_order_in_frame_present_flag
		.ue(0) // num_slice_groups_minus1
		.ue(0) // num_ref_idx_l0_default_active_minus1
		.ue(0) // num_ref_idx_l1_default_active_minus1
		.u(1, 0) // weighted_pred_flag
		.u(2, 0) // weighted_bipred_idc
		.se(0) // pic_init_qp_minus26
		.se(0) // pic_init_qs_minus26
		.se(0) // chroma_qp_index_offset
		.u(1, 1) // deblocking_filter_control_present_flag
		.u(1, 0) // constrained_intra_pred_flag
		.u(1, 0); // redundant_pic_cnt_present_flag
	return {
		sps: Buffer.concat([Buffer.from([0x67]), sps.rbsp()]),
		pps: Buffer.concat([Buffer.from([0x68]), pps.rbsp()]),
	};
}

function sampleEntry(width: number, height: number): Buffer {
	const { sps, pps } = parameterSets(width, height);
	const avcC = box(
		'avcC',
		Buffer.from([1, sps[1] as number, sps[2] as number, sps[3] as number, 0xff, 0xe1]),
		u16(sps.length),
		sps,
		Buffer.from([1]),
		u16(pps.length),
		pps,
	);
	const compressor = Buffer.alloc(32);
	return box(
		'avc1',
		Buffer.alloc(6), // reserved
		u16(1), // data_reference_index
		Buffer.alloc(16), // pre_defined + reserved
		u16(width, height),
		u32(0x480000, 0x480000, 0), // 72 dpi, reserved
		u16(1), // frame_count
		compressor,
		u16(0x18, 0xffff), // depth, pre_defined = -1
		avcC,
	);
}

function buildHead(spec: Mp4Spec, sampleSizes: number[], payloadBytes: number): Buffer {
	const n = sampleSizes.length;
	const mediaDuration = Math.max(n, Math.round(spec.durationSeconds * MEDIA_TIMESCALE));
	const movieDuration = Math.round(spec.durationSeconds * MOVIE_TIMESCALE);
	const delta = Math.floor(mediaDuration / n);
	const last = mediaDuration - delta * (n - 1);
	const sttsEntries =
		last === delta || n === 1
			? [[n, last]]
			: [
					[n - 1, delta],
					[1, last],
				];

	const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(512), Buffer.from('isomiso2avc1mp41', 'latin1'));
	const build = (chunkOffset: number): Buffer => {
		const stbl = box(
			'stbl',
			fullBox('stsd', 0, 0, u32(1), sampleEntry(spec.width, spec.height)),
			fullBox('stts', 0, 0, u32(sttsEntries.length, ...sttsEntries.flat())),
			fullBox('stsc', 0, 0, u32(1, 1, n, 1)),
			fullBox('stsz', 0, 0, u32(0, n, ...sampleSizes)),
			fullBox('stco', 0, 0, u32(1, chunkOffset)),
		);
		const minf = box(
			'minf',
			fullBox('vmhd', 0, 1, Buffer.alloc(8)),
			box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
			stbl,
		);
		const mdia = box(
			'mdia',
			fullBox('mdhd', 0, 0, u32(0, 0, MEDIA_TIMESCALE, mediaDuration), u16(0x55c4, 0)), // language "und"
			fullBox(
				'hdlr',
				0,
				0,
				u32(0),
				Buffer.from('vide', 'latin1'),
				Buffer.alloc(12),
				Buffer.from('VideoHandler\0', 'latin1'),
			),
			minf,
		);
		const tkhd = fullBox(
			'tkhd',
			0,
			3, // enabled | in movie
			u32(0, 0, 1, 0, movieDuration, 0, 0),
			u16(0, 0, 0, 0), // layer, alternate_group, volume, reserved
			UNITY_MATRIX,
			u32(spec.width * 0x10000, spec.height * 0x10000),
		);
		const mvhd = fullBox(
			'mvhd',
			0,
			0,
			u32(0, 0, MOVIE_TIMESCALE, movieDuration, 0x10000),
			u16(0x100, 0),
			Buffer.alloc(8),
			UNITY_MATRIX,
			Buffer.alloc(24),
			u32(2), // next_track_ID
		);
		const moov = box('moov', mvhd, box('trak', tkhd, mdia));
		const mdatHeader = u32(payloadBytes + 8);
		return Buffer.concat([ftyp, moov, mdatHeader, Buffer.from('mdat', 'latin1')]);
	};
	const probe = build(0);
	return build(probe.length); // the head's length does not depend on the offset value
}

/** Chooses sample count and sizes so the file is exactly `totalBytes` (or the minimum valid size). */
export function planMp4(spec: Mp4Spec): Mp4Plan {
	const wanted = Math.max(1, Math.round(spec.durationSeconds * spec.fps));
	const headFor = (n: number): number => buildHead(spec, new Array<number>(n).fill(MIN_SAMPLE), 0).length;
	const fixed = headFor(1) - 4; // everything except the per-sample stsz entry
	// Each sample costs 4 bytes in stsz plus at least MIN_SAMPLE bytes in mdat; drop the frame rate if needed.
	let n = Math.max(1, Math.min(wanted, Math.floor((spec.totalBytes - fixed) / (4 + MIN_SAMPLE))));
	// The estimate ignores a possible second stts entry; step down until it really fits.
	while (n > 1 && headFor(n) + n * MIN_SAMPLE > spec.totalBytes) n--;
	const headSize = headFor(n);
	const payload = Math.max(n * MIN_SAMPLE, spec.totalBytes - headSize);
	if (headSize + payload > 0xffffffff) throw new Error('MP4 larger than 4 GiB is not supported');
	const base = Math.floor(payload / n);
	const sampleSizes = new Array<number>(n).fill(base);
	sampleSizes[n - 1] = base + (payload - base * n);
	const head = buildHead(spec, sampleSizes, payload);
	return { size: head.length + payload, head, sampleSizes };
}

const FILLER = Buffer.alloc(64 * 1024, 0xff);

function* sampleChunks(size: number): Generator<Buffer> {
	const start = Buffer.alloc(5);
	start.writeUInt32BE(size - 4, 0);
	start[4] = 0x0c; // nal_unit_type 12: filler data
	yield start;
	let left = size - 6;
	while (left > 0) {
		const n = Math.min(left, FILLER.length);
		yield FILLER.subarray(0, n);
		left -= n;
	}
	yield Buffer.from([0x80]); // rbsp_trailing_bits
}

function* fileChunks(plan: Mp4Plan): Generator<Buffer> {
	yield plan.head;
	for (const size of plan.sampleSizes) yield* sampleChunks(size);
}

/** Streams the planned file; backpressure-aware, constant memory. */
export function mp4Stream(plan: Mp4Plan): Readable {
	return Readable.from(fileChunks(plan), { objectMode: false });
}

/** Whole file in memory; for small fixtures only. */
export function mp4Buffer(spec: Mp4Spec): Buffer {
	return Buffer.concat([...fileChunks(planMp4(spec))]);
}

/** Reads mvhd duration (seconds) from the first bytes of a faststart MP4; undefined if not found. */
export function mp4DurationSeconds(head: Buffer): number | undefined {
	const moov = findBox(head, 0, head.length, 'moov');
	const mvhd = moov && findBox(head, moov.start + 8, moov.end, 'mvhd');
	if (!mvhd || mvhd.end > head.length || head[mvhd.start + 8] !== 0) return undefined;
	const timescale = head.readUInt32BE(mvhd.start + 20);
	const duration = head.readUInt32BE(mvhd.start + 24);
	return timescale ? Math.round((duration / timescale) * 1000) / 1000 : undefined;
}

function findBox(buf: Buffer, from: number, to: number, type: string): { start: number; end: number } | undefined {
	let pos = from;
	while (pos + 8 <= Math.min(to, buf.length)) {
		const size = buf.readUInt32BE(pos);
		if (size < 8) return undefined;
		if (buf.toString('latin1', pos + 4, pos + 8) === type) return { start: pos, end: pos + size };
		pos += size;
	}
	return undefined;
}
