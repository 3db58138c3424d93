/**
 * What a media file is, read from its bytes (never from its name or MIME type): the format by magic
 * bytes, the pixel size of images and videos, and the duration of videos and audio. Pure functions over
 * the head of a file (plus, for MP4/MOV files whose index sits at the end, the tail holding it), so a
 * 200 MB video never has to be held in memory to be checked. Anything that cannot be read is left
 * undefined: callers treat "unknown" as "not checked", never as "wrong".
 */
import type { MediaKind } from '../models/types';

export type MediaFormat =
	| 'png'
	| 'jpeg'
	| 'bmp'
	| 'webp'
	| 'gif'
	| 'tiff'
	| 'heic'
	| 'avif'
	| 'mp4'
	| 'mov'
	| 'm4a'
	| '3gp'
	| 'avi'
	| 'webm'
	| 'wav'
	| 'mp3'
	| 'aac'
	| 'flac'
	| 'ogg';

export const FORMAT_KIND: Readonly<Record<MediaFormat, MediaKind>> = {
	png: 'image',
	jpeg: 'image',
	bmp: 'image',
	webp: 'image',
	gif: 'image',
	tiff: 'image',
	heic: 'image',
	avif: 'image',
	mp4: 'video',
	mov: 'video',
	m4a: 'audio',
	'3gp': 'video',
	avi: 'video',
	webm: 'video',
	wav: 'audio',
	mp3: 'audio',
	aac: 'audio',
	flac: 'audio',
	ogg: 'audio',
};

/** MIME types of the image formats that may be sent inline as data URIs (api-images.md §1.4). */
export const FORMAT_MIME: Readonly<Partial<Record<MediaFormat, string>>> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	bmp: 'image/bmp',
	webp: 'image/webp',
	tiff: 'image/tiff',
};

export interface MediaInfo {
	/** undefined: the bytes match no known format. */
	format: MediaFormat | undefined;
	width?: number;
	height?: number;
	seconds?: number;
	/** `seconds` is an estimate (an MP3 without a VBR header, a WAV whose data chunk has no length). */
	estimated?: boolean;
}

/** Bytes known at absolute file offsets: the head at 0 and optionally a tail. Reads outside them give undefined. */
class ByteView {
	private readonly parts: ReadonlyArray<{ offset: number; bytes: Buffer }>;

	constructor(head: Buffer, tail?: { offset: number; bytes: Buffer }) {
		this.parts = tail ? [{ offset: 0, bytes: head }, tail] : [{ offset: 0, bytes: head }];
	}

	slice(start: number, end: number): Buffer | undefined {
		if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end < start) return undefined;
		for (const part of this.parts) {
			if (start >= part.offset && end <= part.offset + part.bytes.length) {
				return part.bytes.subarray(start - part.offset, end - part.offset);
			}
		}
		return undefined;
	}

	u8(at: number): number | undefined {
		return this.slice(at, at + 1)?.[0];
	}

	u16be(at: number): number | undefined {
		return this.slice(at, at + 2)?.readUInt16BE(0);
	}

	u16le(at: number): number | undefined {
		return this.slice(at, at + 2)?.readUInt16LE(0);
	}

	u24le(at: number): number | undefined {
		const b = this.slice(at, at + 3);
		return b ? b[0] + (b[1] << 8) + (b[2] << 16) : undefined;
	}

	u32be(at: number): number | undefined {
		return this.slice(at, at + 4)?.readUInt32BE(0);
	}

	u32le(at: number): number | undefined {
		return this.slice(at, at + 4)?.readUInt32LE(0);
	}

	i32le(at: number): number | undefined {
		return this.slice(at, at + 4)?.readInt32LE(0);
	}

	u64be(at: number): number | undefined {
		const b = this.slice(at, at + 8);
		return b ? b.readUInt32BE(0) * 2 ** 32 + b.readUInt32BE(4) : undefined;
	}

	ascii(at: number, length: number): string | undefined {
		return this.slice(at, at + length)?.toString('latin1');
	}
}

const positive = (n: number | undefined): number | undefined => (n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined);

const roundSeconds = (s: number | undefined): number | undefined => {
	const valid = positive(s);
	return valid === undefined ? undefined : Math.round(valid * 1000) / 1000;
};

// ------------------------------------------------------------------------------------------------
// Format detection
// ------------------------------------------------------------------------------------------------

const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';
/** BITMAPCOREHEADER, BITMAPINFOHEADER, the V2/V3 variants, V4, V5. */
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** ISO BMFF major (or first compatible) brand → format. Anything else with an ftyp box is MP4. */
function formatOfBrand(brand: string): MediaFormat {
	if (brand === 'qt  ') return 'mov';
	if (/^M4[ABP] $/.test(brand)) return 'm4a';
	if (/^(heic|heix|heim|heis|hevc|hevx|mif1|msf1)$/.test(brand)) return 'heic';
	if (/^(avif|avis)$/.test(brand)) return 'avif';
	if (/^3g[gp2]/.test(brand)) return '3gp';
	return 'mp4';
}

/** Top-level QuickTime atoms that can open a .mov written without an ftyp box. */
const QUICKTIME_FIRST_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

interface MpegFrame {
	bitrate: number;
	sampleRate: number;
	samplesPerFrame: number;
	length: number;
	mpeg1: boolean;
	mono: boolean;
	/** Bytes of the optional CRC after the header. */
	crc: number;
}

const MP3_BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_SAMPLE_RATES = [44100, 48000, 32000];

/** An MPEG audio Layer III frame header at `at`, or undefined. */
function mp3Frame(view: ByteView, at: number): MpegFrame | undefined {
	const header = view.u32be(at);
	if (header === undefined || header >>> 21 !== 0x7ff) return undefined;
	const version = (header >>> 19) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
	const layer = (header >>> 17) & 3; // 1 = Layer III
	const bitrateIndex = (header >>> 12) & 15;
	const rateIndex = (header >>> 10) & 3;
	if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
	const mpeg1 = version === 3;
	const bitrate = (mpeg1 ? MP3_BITRATES_V1 : MP3_BITRATES_V2)[bitrateIndex] * 1000;
	const sampleRate = MP3_SAMPLE_RATES[rateIndex] / (mpeg1 ? 1 : version === 2 ? 2 : 4);
	const padding = (header >>> 9) & 1;
	const length = Math.floor(((mpeg1 ? 144 : 72) * bitrate) / sampleRate) + padding;
	return {
		bitrate,
		sampleRate,
		samplesPerFrame: mpeg1 ? 1152 : 576,
		length,
		mpeg1,
		mono: ((header >>> 6) & 3) === 3,
		crc: ((header >>> 16) & 1) === 0 ? 2 : 0,
	};
}

/** A frame header whose successor (when it lies within the known bytes) is a frame header too. */
function confirmedMp3Frame(view: ByteView, at: number): MpegFrame | undefined {
	const frame = mp3Frame(view, at);
	if (!frame) return undefined;
	const next = at + frame.length;
	if (view.u32be(next) === undefined) return frame;
	return mp3Frame(view, next) ? frame : undefined;
}

/** ADTS (raw AAC): 12-bit sync, layer bits 00. */
function isAdts(view: ByteView): boolean {
	const b0 = view.u8(0);
	const b1 = view.u8(1);
	return b0 === 0xff && b1 !== undefined && (b1 & 0xf6) === 0xf0;
}

/** ID3v2 tag length (header, body and footer), or 0 without a tag. */
function id3Length(view: ByteView): number {
	if (view.ascii(0, 3) !== 'ID3') return 0;
	const size = view.slice(6, 10);
	if (!size) return 0;
	const body = ((size[0] & 0x7f) << 21) | ((size[1] & 0x7f) << 14) | ((size[2] & 0x7f) << 7) | (size[3] & 0x7f);
	const footer = ((view.u8(5) ?? 0) & 0x10) !== 0 ? 10 : 0;
	return 10 + body + footer;
}

function detect(view: ByteView): MediaFormat | undefined {
	const a = (at: number, length: number) => view.ascii(at, length);
	if (a(0, 8) === PNG_SIGNATURE) return 'png';
	if (view.u8(0) === 0xff && view.u8(1) === 0xd8 && view.u8(2) === 0xff) return 'jpeg';
	if (a(0, 6) === 'GIF87a' || a(0, 6) === 'GIF89a') return 'gif';
	if (a(0, 2) === 'BM' && BMP_DIB_SIZES.has(view.u32le(14) ?? -1)) return 'bmp';
	const riff = a(0, 4);
	if (riff === 'RIFF' || riff === 'RF64') {
		const type = a(8, 4);
		if (type === 'WAVE') return 'wav';
		if (riff === 'RIFF' && type === 'WEBP') return 'webp';
		if (riff === 'RIFF' && type === 'AVI ') return 'avi';
		return undefined;
	}
	if (a(0, 4) === 'II*\0' || a(0, 4) === 'MM\0*') return 'tiff';
	if (a(4, 4) === 'ftyp') return formatOfBrand(a(8, 4) ?? '');
	if (QUICKTIME_FIRST_ATOMS.has(a(4, 4) ?? '') && (view.u32be(0) ?? 0) >= 8) return 'mov';
	if (view.u32be(0) === 0x1a45dfa3) return 'webm';
	if (a(0, 4) === 'fLaC') return 'flac';
	if (a(0, 4) === 'OggS') return 'ogg';
	if (a(0, 3) === 'ID3') return 'mp3';
	if (confirmedMp3Frame(view, 0)) return 'mp3';
	if (isAdts(view)) return 'aac';
	return undefined;
}

/** The format of a file from its first bytes (16 are enough for everything but MP3 frame checks). */
export function detectFormat(head: Buffer): MediaFormat | undefined {
	return detect(new ByteView(head));
}

// ------------------------------------------------------------------------------------------------
// Images
// ------------------------------------------------------------------------------------------------

/** SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(view: ByteView): { width?: number; height?: number } {
	let at = 2;
	for (let guard = 0; guard < 10_000; guard++) {
		if (view.u8(at) !== 0xff) return {};
		while (view.u8(at) === 0xff) at++; // fill bytes
		const marker = view.u8(at);
		if (marker === undefined) return {};
		at++;
		if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) continue; // no length
		if (marker === 0xd9 || marker === 0xda) return {}; // end of image / start of scan: SOF comes before
		const length = view.u16be(at);
		if (length === undefined || length < 2) return {};
		if (isSof(marker)) return { height: positive(view.u16be(at + 3)), width: positive(view.u16be(at + 5)) };
		at += length;
	}
	return {};
}

function bmpSize(view: ByteView): { width?: number; height?: number } {
	if (view.u32le(14) === 12) return { width: positive(view.u16le(18)), height: positive(view.u16le(20)) };
	const width = view.i32le(18);
	const height = view.i32le(22); // negative: rows stored top-down
	return { width: positive(width === undefined ? undefined : Math.abs(width)), height: positive(height === undefined ? undefined : Math.abs(height)) };
}

function webpSize(view: ByteView): { width?: number; height?: number } {
	const chunk = view.ascii(12, 4);
	if (chunk === 'VP8 ') {
		if (view.u8(23) !== 0x9d || view.u8(24) !== 0x01 || view.u8(25) !== 0x2a) return {};
		const w = view.u16le(26);
		const h = view.u16le(28);
		return { width: positive(w === undefined ? undefined : w & 0x3fff), height: positive(h === undefined ? undefined : h & 0x3fff) };
	}
	if (chunk === 'VP8L') {
		const bits = view.u32le(21);
		if (view.u8(20) !== 0x2f || bits === undefined) return {};
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') {
		const w = view.u24le(24);
		const h = view.u24le(27);
		return { width: w === undefined ? undefined : w + 1, height: h === undefined ? undefined : h + 1 };
	}
	return {};
}

// ------------------------------------------------------------------------------------------------
// ISO BMFF (MP4, MOV)
// ------------------------------------------------------------------------------------------------

interface Box {
	type: string;
	start: number;
	/** Where the payload starts (after the 8- or 16-byte header). */
	body: number;
	end: number;
}

/** The boxes between `from` and `to`; stops at the first header outside the known bytes. */
function* boxes(view: ByteView, from: number, to: number): Generator<Box> {
	let at = from;
	while (at + 8 <= to) {
		let size = view.u32be(at);
		const type = view.ascii(at + 4, 4);
		if (size === undefined || type === undefined) return;
		let body = at + 8;
		if (size === 1) {
			const large = view.u64be(at + 8);
			if (large === undefined) return;
			size = large;
			body = at + 16;
		} else if (size === 0) {
			size = to - at; // extends to the end of the enclosing box (or file)
		}
		if (size < body - at || !Number.isFinite(size)) return;
		yield { type, start: at, body, end: at + size };
		at += size;
	}
}

function child(view: ByteView, parent: Box, type: string): Box | undefined {
	for (const box of boxes(view, parent.body, parent.end)) if (box.type === type) return box;
	return undefined;
}

/** (version, timescale, duration) of an mvhd or mdhd full box. */
function movieTime(view: ByteView, box: Box): number | undefined {
	const version = view.u8(box.body);
	const timescale = view.u32be(box.body + (version === 1 ? 20 : 12));
	const duration = version === 1 ? view.u64be(box.body + 24) : view.u32be(box.body + 16);
	if (!timescale || duration === undefined) return undefined;
	if (version !== 1 && duration === 0xffffffff) return undefined; // "unknown"
	return duration / timescale;
}

function trackInfo(view: ByteView, trak: Box): { video: boolean; width?: number; height?: number; seconds?: number } {
	const mdia = child(view, trak, 'mdia');
	const hdlr = mdia && child(view, mdia, 'hdlr');
	const video = hdlr !== undefined && view.ascii(hdlr.body + 8, 4) === 'vide';
	const tkhd = child(view, trak, 'tkhd');
	let width: number | undefined;
	let height: number | undefined;
	if (tkhd) {
		const offset = view.u8(tkhd.body) === 1 ? 88 : 76; // 16.16 fixed point, after the matrix
		const w = view.u32be(tkhd.body + offset);
		const h = view.u32be(tkhd.body + offset + 4);
		width = positive(w === undefined ? undefined : Math.round(w / 65536));
		height = positive(h === undefined ? undefined : Math.round(h / 65536));
	}
	if (video && (!width || !height)) {
		// The visual sample entry holds the coded size: stsd → first entry, width/height at +32.
		const minf = mdia && child(view, mdia, 'minf');
		const stbl = minf && child(view, minf, 'stbl');
		const sampleDescriptions = stbl && child(view, stbl, 'stsd');
		if (sampleDescriptions) {
			const entry = sampleDescriptions.body + 8;
			width = positive(view.u16be(entry + 32));
			height = positive(view.u16be(entry + 34));
		}
	}
	const mdhd = mdia && child(view, mdia, 'mdhd');
	return { video, width, height, seconds: mdhd ? movieTime(view, mdhd) : undefined };
}

function isoInfo(view: ByteView, fileEnd: number): Omit<MediaInfo, 'format'> {
	let moov: Box | undefined;
	for (const box of boxes(view, 0, fileEnd)) {
		if (box.type === 'moov') {
			moov = box;
			break;
		}
	}
	if (!moov) return {};
	const mvhd = child(view, moov, 'mvhd');
	let seconds = mvhd ? movieTime(view, mvhd) : undefined;
	let width: number | undefined;
	let height: number | undefined;
	for (const box of boxes(view, moov.body, moov.end)) {
		if (box.type !== 'trak') continue;
		const track = trackInfo(view, box);
		if (!track.video) continue;
		width = track.width;
		height = track.height;
		// Fragmented files carry no movie duration; the video track's own may be there.
		if (!positive(seconds)) seconds = track.seconds;
		break;
	}
	return { width, height, seconds: roundSeconds(seconds) };
}

/**
 * For an MP4/MOV whose `moov` box (the index holding size and duration) is not wholly within `head`
 * (files written without "fast start" keep it at the end): the byte range [start, end) of the file the
 * caller should read and pass as `tail` to inspectMedia. undefined when the head already holds `moov`
 * or the file is not ISO BMFF. When `moov` lies beyond the head its exact place is unknown, so the range
 * runs from the first unread top-level box to the end of the file.
 */
export function isoIndexRange(head: Buffer, totalBytes: number): { start: number; end: number } | undefined {
	const format = detectFormat(head);
	if (format !== 'mp4' && format !== 'mov' && format !== '3gp') return undefined;
	const view = new ByteView(head);
	let at = 0;
	for (const box of boxes(view, 0, totalBytes)) {
		if (box.type === 'moov') return box.end <= head.length ? undefined : { start: box.start, end: Math.min(box.end, totalBytes) };
		at = box.end;
	}
	return at < totalBytes ? { start: at, end: totalBytes } : undefined;
}

// ------------------------------------------------------------------------------------------------
// RIFF (AVI, WAV)
// ------------------------------------------------------------------------------------------------

interface Chunk {
	id: string;
	body: number;
	size: number;
}

function* riffChunks(view: ByteView, from: number, to: number): Generator<Chunk> {
	let at = from;
	while (at + 8 <= to) {
		const id = view.ascii(at, 4);
		const size = view.u32le(at + 4);
		if (id === undefined || size === undefined) return;
		yield { id, body: at + 8, size };
		at += 8 + size + (size & 1); // chunks are padded to even sizes
	}
}

function aviInfo(view: ByteView): Omit<MediaInfo, 'format'> {
	for (const list of riffChunks(view, 12, Number.MAX_SAFE_INTEGER)) {
		if (list.id !== 'LIST' || view.ascii(list.body, 4) !== 'hdrl') continue;
		let width: number | undefined;
		let height: number | undefined;
		let seconds: number | undefined;
		for (const chunk of riffChunks(view, list.body + 4, list.body + list.size)) {
			if (chunk.id === 'avih') {
				const microsPerFrame = view.u32le(chunk.body);
				const frames = view.u32le(chunk.body + 16);
				width = positive(view.u32le(chunk.body + 32));
				height = positive(view.u32le(chunk.body + 36));
				if (microsPerFrame && frames) seconds = (microsPerFrame * frames) / 1e6;
			} else if (chunk.id === 'LIST' && view.ascii(chunk.body, 4) === 'strl') {
				// The video stream header's rate and length are more precise than the main header.
				const strh = [...riffChunks(view, chunk.body + 4, chunk.body + chunk.size)].find((c) => c.id === 'strh');
				if (strh && view.ascii(strh.body, 4) === 'vids') {
					const scale = view.u32le(strh.body + 20);
					const rate = view.u32le(strh.body + 24);
					const length = view.u32le(strh.body + 32);
					if (scale && rate && length) seconds = (length * scale) / rate;
					break;
				}
			}
		}
		return { width, height, seconds: roundSeconds(seconds) };
	}
	return {};
}

function wavInfo(view: ByteView, totalBytes: number): Omit<MediaInfo, 'format'> {
	let byteRate: number | undefined;
	for (const chunk of riffChunks(view, 12, Number.MAX_SAFE_INTEGER)) {
		if (chunk.id === 'fmt ') byteRate = positive(view.u32le(chunk.body + 8));
		if (chunk.id !== 'data') continue;
		if (!byteRate) return {};
		const available = totalBytes - chunk.body;
		// Streamed or RF64 files leave the size 0 or 0xFFFFFFFF: estimate from the file size instead.
		if (chunk.size === 0 || chunk.size === 0xffffffff || chunk.size > available) {
			return { seconds: roundSeconds(available / byteRate), estimated: true };
		}
		return { seconds: roundSeconds(chunk.size / byteRate) };
	}
	return {};
}

// ------------------------------------------------------------------------------------------------
// MP3
// ------------------------------------------------------------------------------------------------

/** How far past the ID3 tag a first frame is searched for (encoders pad with zeros). */
const MP3_SYNC_SEARCH = 64 * 1024;

function mp3Info(view: ByteView, totalBytes: number): Omit<MediaInfo, 'format'> {
	const start = id3Length(view);
	let at = -1;
	let frame: MpegFrame | undefined;
	for (let p = start; p < start + MP3_SYNC_SEARCH && view.u8(p) !== undefined; p++) {
		if (view.u8(p) !== 0xff) continue;
		frame = confirmedMp3Frame(view, p);
		if (frame) {
			at = p;
			break;
		}
	}
	if (!frame) return {};
	const sideInfo = frame.mpeg1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
	const xing = at + 4 + frame.crc + sideInfo;
	const tag = view.ascii(xing, 4);
	if (tag === 'Xing' || tag === 'Info') {
		const flags = view.u32be(xing + 4);
		const frames = flags !== undefined && (flags & 1) !== 0 ? view.u32be(xing + 8) : undefined;
		if (frames) return { seconds: roundSeconds((frames * frame.samplesPerFrame) / frame.sampleRate) };
	}
	if (view.ascii(at + 36, 4) === 'VBRI') {
		const frames = view.u32be(at + 36 + 14);
		if (frames) return { seconds: roundSeconds((frames * frame.samplesPerFrame) / frame.sampleRate) };
	}
	// No VBR header: assume a constant bit rate over the rest of the file.
	return { seconds: roundSeconds(((totalBytes - at) * 8) / frame.bitrate), estimated: true };
}

// ------------------------------------------------------------------------------------------------
// Entry point
// ------------------------------------------------------------------------------------------------

export interface InspectOptions {
	/** Size of the whole file; defaults to the head's length (the head is the whole file). */
	totalBytes?: number;
	/** More bytes of the file, from `offset` (see isoIndexRange). */
	tail?: { offset: number; bytes: Buffer };
}

/** Format, pixel size and duration of a file, from its head (and tail), as far as they can be read. */
export function inspectMedia(head: Buffer, options: InspectOptions = {}): MediaInfo {
	const view = new ByteView(head, options.tail);
	const totalBytes = Math.max(options.totalBytes ?? head.length, head.length);
	const format = detect(view);
	const clean = (info: Omit<MediaInfo, 'format'>): MediaInfo => {
		const result: MediaInfo = { format };
		if (info.width && info.height) {
			result.width = info.width;
			result.height = info.height;
		}
		if (info.seconds !== undefined) result.seconds = info.seconds;
		if (info.seconds !== undefined && info.estimated) result.estimated = true;
		return result;
	};
	switch (format) {
		case 'png':
			return view.ascii(12, 4) === 'IHDR' ? clean({ width: positive(view.u32be(16)), height: positive(view.u32be(20)) }) : clean({});
		case 'jpeg':
			return clean(jpegSize(view));
		case 'bmp':
			return clean(bmpSize(view));
		case 'webp':
			return clean(webpSize(view));
		case 'gif':
			return clean({ width: positive(view.u16le(6)), height: positive(view.u16le(8)) });
		case 'mp4':
		case 'mov':
		case '3gp':
			return clean(isoInfo(view, totalBytes));
		case 'avi':
			return clean(aviInfo(view));
		case 'wav':
			return clean(wavInfo(view, totalBytes));
		case 'mp3':
			return clean(mp3Info(view, totalBytes));
		default:
			return { format };
	}
}
