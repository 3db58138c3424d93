/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Real, playable ISO BMFF (MP4) files of any byte size, streamed so a 500 MB result never sits in memory.
// Layout: ftyp | moov (mvhd, trak{tkhd, mdia{mdhd, hdlr, minf{vmhd, dinf{dref}, stbl{stsd{avc1{avcC}}, stts,
// stss, stsc, stsz, stco}}}}) | mdat. The video is real H.264 from h264.ts: an IDR picture (a sunrise scene)
// and P pictures that move a ball across it, at a coded size chosen to fit the byte budget (tkhd keeps the
// requested size, so players scale the picture up). Bytes beyond the video are filler-data NAL units after a
// frame's slice (decoders skip them); a remainder below a filler unit's 6 bytes lengthens the IDR slice header.
import { Readable } from 'node:stream';
import {
	BASE_VARIANT,
	clipFor,
	GOP_FRAMES,
	geometries,
	H264Clip,
	parameterSets,
	type ClipSpec,
	type Geometry,
	type SliceVariant,
} from './h264';

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
	/** How mp4Stream makes the samples: the clip, the first IDR's slice variant, filler bytes per sample. */
	video: { clip: ClipSpec; variant: SliceVariant; fillers: number[] };
}

const MEDIA_TIMESCALE = 90_000;
const MOVIE_TIMESCALE = 1000;
const MIN_FILLER = 6; // 4-byte length + NAL header + rbsp trailing byte
/** Below this many raw macroblocks the frame rate is lowered (not under MIN_FPS) for a larger picture. */
const GOOD_PICTURE_MBS = 12;
const MIN_FPS = 5;

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

function sampleEntry(clip: ClipSpec): Buffer {
	const { sps, pps } = parameterSets(clip);
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
		u16(clip.geometry.width, clip.geometry.height), // the coded (cropped) picture, as in the SPS
		u32(0x480000, 0x480000, 0), // 72 dpi, reserved
		u16(1), // frame_count
		compressor,
		u16(0x18, 0xffff), // depth, pre_defined = -1
		avcC,
	);
}

function buildHead(spec: Mp4Spec, clip: ClipSpec, sampleSizes: number[], payloadBytes: number): Buffer {
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
	const syncSamples = Array.from({ length: Math.ceil(n / GOP_FRAMES) }, (_, k) => k * GOP_FRAMES + 1);

	const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(512), Buffer.from('isomiso2avc1mp41', 'latin1'));
	const build = (chunkOffset: number): Buffer => {
		const stbl = box(
			'stbl',
			fullBox('stsd', 0, 0, u32(1), sampleEntry(clip)),
			fullBox('stts', 0, 0, u32(sttsEntries.length, ...sttsEntries.flat())),
			fullBox('stss', 0, 0, u32(syncSamples.length, ...syncSamples)),
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
			u32(spec.width * 0x10000, spec.height * 0x10000), // display size: the requested one
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

/** Bytes of the whole file without padding: head plus length-prefixed frames. */
function contentBytes(spec: Mp4Spec, clip: ClipSpec, encoder: H264Clip = new H264Clip(clip)): number {
	let total = buildHead(spec, clip, new Array<number>(clip.frames).fill(0), 0).length;
	for (let i = 0; i < clip.frames; i++) total += 4 + encoder.frameSize(i);
	return total;
}

/** Picks the clip: the largest picture that fits, lowering the frame rate only while the picture is tiny. */
function chooseClip(spec: Mp4Spec): ClipSpec {
	const wanted = Math.max(1, Math.round(spec.durationSeconds * spec.fps));
	const shapes = geometries(spec.width, spec.height);
	const make = (geometry: Geometry, mode: ClipSpec['mode'], frames: number): ClipSpec => ({
		geometry,
		mode,
		frames,
		durationSeconds: spec.durationSeconds,
		displayWidth: spec.width,
		displayHeight: spec.height,
	});
	const fits = (clip: ClipSpec): boolean => contentBytes(spec, clip) <= spec.totalBytes;
	const minFrames = Math.min(wanted, Math.max(1, Math.round(spec.durationSeconds * MIN_FPS)));
	let best: ClipSpec | undefined;
	for (let n = wanted; n >= 1; n = n > 1 ? Math.min(n - 1, Math.floor(n * 0.8)) : 0) {
		// Largest raw-sample picture that fits with n frames (cost grows with the shape).
		let lo = -1;
		let hi = shapes.length - 1;
		while (lo < hi) {
			const mid = Math.ceil((lo + hi + 1) / 2);
			if (fits(make(shapes[mid] as Geometry, 'pcm', n))) lo = mid;
			else hi = mid - 1;
		}
		if (lo < 0) continue;
		const g = shapes[lo] as Geometry;
		if (!best || g.mbW * g.mbH > best.geometry.mbW * best.geometry.mbH) best = make(g, 'pcm', n);
		if (g.mbW * g.mbH >= GOOD_PICTURE_MBS || lo === shapes.length - 1 || n <= minFrames) break;
	}
	if (best) return best;
	// Not even one raw macroblock fits: a flat-colour picture, as many frames as fit (at least one).
	const smallest = shapes[0] as Geometry;
	let lo = 1;
	let hi = wanted;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (fits(make(smallest, 'flat', mid))) lo = mid;
		else hi = mid - 1;
	}
	return make(smallest, 'flat', lo);
}

/** Chooses the video and the sample sizes so the file is exactly `totalBytes` (or the minimum valid size). */
export function planMp4(spec: Mp4Spec): Mp4Plan {
	const clip = chooseClip(spec);
	const encoder = clipFor(clip);
	const n = clip.frames;
	let extra = Math.max(0, spec.totalBytes - contentBytes(spec, clip, encoder));
	let variant = BASE_VARIANT;
	if (extra > 0 && extra < MIN_FILLER) {
		variant = encoder.growth(extra) ?? BASE_VARIANT;
		if (variant === BASE_VARIANT) throw new Error(`cannot pad an MP4 by ${extra} bytes`);
		extra = 0;
	}
	// Filler units of at least MIN_FILLER bytes: spread over all samples, or over the last ones if few.
	const fillers = new Array<number>(n).fill(0);
	const holders = Math.min(n, Math.floor(extra / MIN_FILLER));
	if (holders > 0) {
		const share = Math.floor(extra / holders);
		for (let k = n - holders; k < n; k++) fillers[k] = share;
		fillers[n - 1] = share + (extra - share * holders);
	}
	const sampleSizes = fillers.map((f, i) => 4 + encoder.frameSize(i, i === 0 ? variant : BASE_VARIANT) + f);
	const payload = sampleSizes.reduce((a, b) => a + b, 0);
	const head = buildHead(spec, clip, sampleSizes, payload);
	if (head.length + payload > 0xffffffff) throw new Error('MP4 larger than 4 GiB is not supported');
	return { size: head.length + payload, head, sampleSizes, video: { clip, variant, fillers } };
}

const FILLER = Buffer.alloc(64 * 1024, 0xff);

function* fillerChunks(size: number): Generator<Buffer> {
	const start = Buffer.alloc(5);
	start.writeUInt32BE(size - 4, 0);
	start[4] = 0x0c; // nal_unit_type 12: filler data
	yield start;
	let left = size - MIN_FILLER;
	while (left > 0) {
		const n = Math.min(left, FILLER.length);
		yield FILLER.subarray(0, n);
		left -= n;
	}
	yield Buffer.from([0x80]); // rbsp_trailing_bits
}

function* fileChunks(plan: Mp4Plan): Generator<Buffer> {
	yield plan.head;
	const { clip, variant, fillers } = plan.video;
	const encoder = clipFor(clip);
	for (let i = 0; i < plan.sampleSizes.length; i++) {
		const nal = encoder.frame(i, i === 0 ? variant : BASE_VARIANT);
		const filler = fillers[i] as number;
		if (4 + nal.length + filler !== plan.sampleSizes[i]) throw new Error(`sample ${i} does not match the plan`);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(nal.length, 0);
		yield length;
		yield nal;
		if (filler) yield* fillerChunks(filler);
	}
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
