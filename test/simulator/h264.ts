/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// A tiny hand-written H.264 encoder (Baseline profile, CAVLC, no encoder library) for the simulator's MP4s.
// The clip is a small sunrise scene: an IDR picture of I_PCM macroblocks (raw samples) with an orange ball on a
// snow field, then non-reference P pictures that each predict from the IDR and move the ball by shifting the
// snow band with one motion vector (the band only varies vertically, so the shift is seamless). When the byte
// budget cannot hold even one raw macroblock, the IDR is a flat colour coded as Intra_16x16 DC levels.
// Sizes are exact and known before encoding, so mp4.ts can plan a file of any size and stream it.

/** The coded picture: `width` x `height` (even) visible, inside mbW x mbH macroblocks (cropped in the SPS). */
export interface Geometry {
	width: number;
	height: number;
	mbW: number;
	mbH: number;
}

export type IntraMode = 'pcm' | 'flat';

export interface ClipSpec {
	geometry: Geometry;
	mode: IntraMode;
	frames: number;
	durationSeconds: number;
	/** The size players should show (tkhd); sets the sample aspect ratio when it differs from the coded shape. */
	displayWidth: number;
	displayHeight: number;
}

/**
 * Free choices in the IDR slice header that change its length but not the picture (idr_pic_id, I vs
 * all-I slice_type, slice QP, which I_PCM ignores and flat mode compensates per macroblock). Used to
 * hit an exact byte total when the remainder is too small for a filler NAL unit.
 */
export interface SliceVariant {
	idrPicId: number;
	sliceType: 2 | 7;
	qpDelta: number;
}

export const BASE_VARIANT: SliceVariant = { idrPicId: 0, sliceType: 7, qpDelta: 0 };

/** Frames per IDR period; keeps the 16-bit pic_order_cnt_lsb of the P pictures (2 per frame) from wrapping. */
export const GOP_FRAMES = 8192;
const LOG2_MAX_POC_LSB = 16;
const FLAT_QP = 28; // Intra16x16 and chroma DC levels map 1:1 to sample offsets at QP 28 with chroma offset -6
const CHROMA_QP_OFFSET = -6;
const PCM_MB_BYTES = 384;
const MAX_CACHED_CLIPS = 8;
/**
 * A module binding for Math: under jest, test code runs in a vm context where every global lookup (like
 * `Math` in `Math.max`) is slow, and the motion-vector loop below makes millions of them (10x the run time).
 */
const Math = globalThis.Math;

/** MSB-first bit writer with Exp-Golomb codes. */
export class BitWriter {
	private buf = new Uint8Array(256);
	private len = 0;
	private acc = 0;
	private accBits = 0;

	get bitLength(): number {
		return this.len * 8 + this.accBits;
	}

	u(n: number, value: number): this {
		if (n > 24) {
			this.u(n - 24, Math.floor(value / 0x1000000));
			return this.u(24, value % 0x1000000);
		}
		if (n === 0) return this;
		this.acc = (this.acc << n) | (value & ((1 << n) - 1));
		this.accBits += n;
		while (this.accBits >= 8) {
			this.accBits -= 8;
			this.push((this.acc >>> this.accBits) & 0xff);
		}
		this.acc &= (1 << this.accBits) - 1;
		return this;
	}

	ue(value: number): this {
		const v = value + 1;
		const len = 31 - Math.clz32(v);
		return this.u(len, 0).u(len + 1, v);
	}

	se(value: number): this {
		return this.ue(value <= 0 ? -2 * value : 2 * value - 1);
	}

	alignZero(): this {
		if (this.accBits) this.u(8 - this.accBits, 0);
		return this;
	}

	/** Raw bytes; the writer must be byte-aligned. */
	bytes(data: Uint8Array): this {
		if (this.accBits) throw new Error('BitWriter.bytes needs byte alignment');
		this.reserve(data.length);
		this.buf.set(data, this.len);
		this.len += data.length;
		return this;
	}

	/** Appends everything written to another writer (whole bytes and pending bits). */
	append(other: BitWriter): this {
		const whole = other.len;
		if (!this.accBits) {
			this.bytes(other.buf.subarray(0, whole));
		} else {
			for (let i = 0; i < whole; i++) this.u(8, other.buf[i] as number);
		}
		return this.u(other.accBits, other.acc);
	}

	/** rbsp_trailing_bits, then the RBSP bytes. */
	rbsp(): Uint8Array {
		this.u(1, 1).alignZero();
		return this.buf.subarray(0, this.len);
	}

	private push(byte: number): void {
		this.reserve(1);
		this.buf[this.len++] = byte;
	}

	private reserve(n: number): void {
		if (this.len + n <= this.buf.length) return;
		const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
		grown.set(this.buf.subarray(0, this.len));
		this.buf = grown;
	}
}

/** A NAL unit: header byte, then the RBSP with emulation prevention bytes. */
export function nalUnit(header: number, rbsp: Uint8Array): Buffer {
	let extra = 0;
	for (let i = 0, zeros = 0; i < rbsp.length; i++) {
		const byte = rbsp[i] as number;
		if (zeros >= 2 && byte <= 3) {
			extra++;
			zeros = 0;
		}
		zeros = byte === 0 ? zeros + 1 : 0;
	}
	const out = Buffer.allocUnsafe(1 + rbsp.length + extra);
	out[0] = header;
	if (!extra) {
		out.set(rbsp, 1);
		return out;
	}
	let o = 1;
	for (let i = 0, zeros = 0; i < rbsp.length; i++) {
		const byte = rbsp[i] as number;
		if (zeros >= 2 && byte <= 3) {
			out[o++] = 3;
			zeros = 0;
		}
		out[o++] = byte;
		zeros = byte === 0 ? zeros + 1 : 0;
	}
	return out;
}

/** Coded sizes that keep the display aspect ratio, smallest first (at most level 4.0's 8192 macroblocks). */
export function geometries(displayWidth: number, displayHeight: number): Geometry[] {
	const w = Math.max(2, displayWidth);
	const h = Math.max(2, displayHeight);
	const even = (v: number): number => Math.max(2, 2 * Math.round(v / 2));
	const out: Geometry[] = [];
	const landscape = w >= h;
	const steps = Math.ceil((landscape ? w : h) / 16);
	for (let i = 1; i <= steps; i++) {
		const long = Math.min(even(landscape ? w : h), 16 * i);
		const short = Math.min(even(landscape ? h : w), even((long * (landscape ? h : w)) / (landscape ? w : h)));
		const width = landscape ? long : short;
		const height = landscape ? short : long;
		const g = { width, height, mbW: Math.ceil(width / 16), mbH: Math.ceil(height / 16) };
		if (g.mbW * g.mbH > 8192) break;
		const last = out[out.length - 1];
		if (last && last.width === g.width && last.height === g.height) continue;
		out.push(g);
	}
	return out;
}

function levelFor(g: Geometry): number {
	const mbs = g.mbW * g.mbH;
	return mbs <= 1620 ? 31 : mbs <= 8192 ? 40 : 51;
}

function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/** Sample aspect ratio that stretches the coded picture to the display shape; undefined when square. */
function sampleAspect(spec: ClipSpec): [number, number] | undefined {
	const { width, height } = spec.geometry;
	let num = height * Math.max(1, spec.displayWidth);
	let den = width * Math.max(1, spec.displayHeight);
	const d = gcd(num, den);
	num /= d;
	den /= d;
	while (num > 0xffff || den > 0xffff) {
		num = Math.max(1, Math.round(num / 2));
		den = Math.max(1, Math.round(den / 2));
	}
	return num === den ? undefined : [num, den];
}

/** SPS (Baseline, POC type 0, one reference frame, cropping, VUI) and PPS. */
export function parameterSets(spec: ClipSpec): { sps: Buffer; pps: Buffer } {
	const g = spec.geometry;
	const cropRight = (g.mbW * 16 - g.width) / 2;
	const cropBottom = (g.mbH * 16 - g.height) / 2;
	const sps = new BitWriter()
		.u(8, 66) // profile_idc: Baseline
		.u(8, 0xc0) // constraint_set0/1: also decodable as Main
		.u(8, levelFor(g))
		.ue(0) // seq_parameter_set_id
		.ue(0) // log2_max_frame_num_minus4
		.ue(0) // pic_order_cnt_type
		.ue(LOG2_MAX_POC_LSB - 4)
		.ue(1) // max_num_ref_frames: the IDR
		.u(1, 0) // gaps_in_frame_num_value_allowed_flag
		.ue(g.mbW - 1)
		.ue(g.mbH - 1)
		.u(1, 1) // frame_mbs_only_flag
		.u(1, 1); // direct_8x8_inference_flag
	if (cropRight || cropBottom) sps.u(1, 1).ue(0).ue(cropRight).ue(0).ue(cropBottom);
	else sps.u(1, 0);
	sps.u(1, 1); // vui_parameters_present_flag
	const sar = sampleAspect(spec);
	if (sar)
		sps.u(1, 1).u(8, 255).u(16, sar[0]).u(16, sar[1]); // Extended_SAR
	else sps.u(1, 0);
	sps
		.u(1, 0) // overscan_info_present_flag
		.u(1, 1) // video_signal_type_present_flag
		.u(3, 5) // video_format: unspecified
		.u(1, 0) // video_full_range_flag: 16..235
		.u(1, 1) // colour_description_present_flag
		.u(8, 1) // colour_primaries: BT.709
		.u(8, 1) // transfer_characteristics: BT.709
		.u(8, 1) // matrix_coefficients: BT.709
		.u(1, 0) // chroma_loc_info_present_flag
		.u(1, 0) // timing_info_present_flag (the container has the timing)
		.u(1, 0) // nal_hrd_parameters_present_flag
		.u(1, 0) // vcl_hrd_parameters_present_flag
		.u(1, 0) // pic_struct_present_flag
		.u(1, 1) // bitstream_restriction_flag
		.u(1, 1) // motion_vectors_over_pic_boundaries_flag
		.ue(0) // max_bytes_per_pic_denom
		.ue(0) // max_bits_per_mb_denom
		.ue(15) // log2_max_mv_length_horizontal
		.ue(15) // log2_max_mv_length_vertical
		.ue(0) // max_num_reorder_frames: output order is decoding order
		.ue(1); // max_dec_frame_buffering
	const pps = new BitWriter()
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
		.se(CHROMA_QP_OFFSET)
		.u(1, 1) // deblocking_filter_control_present_flag
		.u(1, 0) // constrained_intra_pred_flag
		.u(1, 0); // redundant_pic_cnt_present_flag
	return { sps: nalUnit(0x67, sps.rbsp()), pps: nalUnit(0x68, pps.rbsp()) };
}

type Rgb = [number, number, number];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
	const k = Math.min(1, Math.max(0, t));
	return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

/** The picture and its motion, in coded-picture pixels. */
class Scene {
	/** First macroblock row of the moving band (the snow field); rows above it never change. */
	readonly bandRow: number;
	readonly horizon: number;
	private readonly ballX: number;
	private readonly ballY: number;
	private readonly radius: number;
	private readonly minX: number;
	private readonly maxX: number;
	private skyRow?: { y: number; colour: Rgb };

	constructor(readonly g: Geometry) {
		// At least about a third of the picture, whole macroblock rows (the top row too when the picture is tiny).
		this.bandRow = Math.min(g.mbH - 1, Math.floor((g.height * 0.65) / 16));
		this.horizon = this.bandRow * 16;
		const band = g.height - this.horizon;
		this.radius = Math.max(1.5, Math.min(band * 0.36, g.width * 0.12));
		this.ballY = this.horizon + band * 0.5;
		this.ballX = 2 * Math.round(g.width / 4);
		this.minX = this.radius * 1.4 + 1; // the shadow is 1.3 radii wide
		this.maxX = g.width - this.radius * 1.4 - 1;
	}

	/** Horizontal shift (even pixels) of the band in frame `i`: the ball bounces across in 2.4 s. */
	shift(i: number, fps: number): number {
		if (this.maxX <= this.minX) return 0;
		const phase = (i / fps / 2.4 + 0.25) % 1;
		const x = this.minX + (this.maxX - this.minX) * (1 - Math.abs(2 * phase - 1));
		return 2 * Math.round((this.ballX - x) / 2);
	}

	colour(x: number, y: number): Rgb {
		const g = this.g;
		if (y >= this.horizon) {
			// Snow: varies with y only, so any horizontal shift of the band leaves it unchanged.
			const t = this.horizon === 0 ? y / g.height : (y - this.horizon) / Math.max(1, g.height - this.horizon);
			const base: Rgb =
				this.horizon === 0 ? mix([255, 190, 140], [236, 242, 252], t) : mix([206, 216, 238], [244, 247, 252], t);
			const ripple = 1 - 0.05 * (0.5 + 0.5 * Math.cos(t * Math.PI * 9));
			let c: Rgb = [base[0] * ripple, base[1] * ripple, base[2] * ripple];
			// Soft shadow under the ball, then the ball: both move with the band.
			const sx = (x + 0.5 - this.ballX) / (this.radius * 1.3);
			const sy = (y + 0.5 - (this.ballY + this.radius * 0.85)) / (this.radius * 0.35);
			const shade = sx * sx + sy * sy;
			if (shade < 1) c = mix(c, [120, 130, 160], 0.45 * (1 - shade));
			const dx = (x + 0.5 - this.ballX) / this.radius;
			const dy = (y + 0.5 - this.ballY) / this.radius;
			const d = Math.sqrt(dx * dx + dy * dy);
			if (d < 1 + 1 / this.radius) {
				const nz = Math.sqrt(Math.max(0, 1 - dx * dx - dy * dy));
				const light = Math.max(0, -0.45 * dx - 0.55 * dy + 0.7 * nz);
				const ball: Rgb = mix([120, 40, 10], [250, 120, 30], 0.25 + 0.85 * light);
				const spec = Math.pow(Math.max(0, light), 24);
				const lit = mix(ball, [255, 250, 235], spec);
				c = mix(c, lit, Math.min(1, (1 + 1 / this.radius - d) * this.radius));
			}
			return c;
		}
		// Sky, sun and hills above the band: static.
		if (this.skyRow?.y !== y) {
			const t = y / Math.max(1, this.horizon);
			this.skyRow = { y, colour: mix([28, 44, 112], [255, 168, 108], t * t * 0.6 + t * 0.4) };
		}
		let c = this.skyRow.colour;
		const sunX = g.width * 0.74;
		const sunY = this.horizon * 0.5;
		const sunR = Math.max(1, Math.min(this.horizon * 0.22, g.width * 0.08));
		const sd = Math.hypot(x + 0.5 - sunX, y + 0.5 - sunY) / sunR;
		if (sd < 3) c = mix(c, [255, 214, 130], 0.35 * (1 - sd / 3));
		if (sd < 1.1) c = mix(c, [255, 236, 170], Math.min(1, (1.1 - sd) * sunR));
		const u = x / Math.max(1, g.width);
		const lift = Math.min(this.horizon, g.width * 0.4);
		const ridge =
			this.horizon - lift * (0.26 + 0.1 * Math.sin(u * Math.PI * 3 + 0.6) + 0.06 * Math.sin(u * Math.PI * 7.3 + 2));
		const cover = y + 1 - ridge; // anti-aliased ridge line
		if (cover <= 0) return c;
		const hill = mix([92, 64, 120], [58, 44, 92], (y - ridge) / Math.max(1, this.horizon - ridge));
		return cover >= 1 ? hill : mix(c, hill, cover);
	}

	/** Planar 4:2:0 BT.709 limited-range samples of the IDR picture, macroblock-padded. */
	planes(): { y: Uint8Array; cb: Uint8Array; cr: Uint8Array; stride: number } {
		const stride = this.g.mbW * 16;
		const rows = this.g.mbH * 16;
		const y = new Uint8Array(stride * rows);
		const cb = new Uint8Array((stride / 2) * (rows / 2));
		const cr = new Uint8Array(cb.length);
		const cbSum = new Float64Array(cb.length);
		const crSum = new Float64Array(cb.length);
		// Band rows only vary near the ball; elsewhere they repeat one colour per row.
		const near0 = Math.floor(this.ballX - this.radius * 1.4 - 2);
		const near1 = Math.ceil(this.ballX + this.radius * 1.4 + 2);
		for (let py = 0; py < rows; py++) {
			const rowColour = py >= this.horizon ? this.colour(-stride, py) : undefined;
			for (let px = 0; px < stride; px++) {
				const [r, g, b] = rowColour && (px < near0 || px > near1) ? rowColour : this.colour(px, py);
				y[py * stride + px] = clampByte(16 + (219 * (0.2126 * r + 0.7152 * g + 0.0722 * b)) / 255, 16, 235);
				const ci = (py >> 1) * (stride / 2) + (px >> 1);
				cbSum[ci] = (cbSum[ci] as number) + (-0.1146 * r - 0.3854 * g + 0.5 * b);
				crSum[ci] = (crSum[ci] as number) + (0.5 * r - 0.4542 * g - 0.0458 * b);
			}
		}
		for (let i = 0; i < cb.length; i++) {
			cb[i] = clampByte(128 + (224 * (cbSum[i] as number)) / 4 / 255, 16, 240);
			cr[i] = clampByte(128 + (224 * (crSum[i] as number)) / 4 / 255, 16, 240);
		}
		return { y, cb, cr, stride };
	}
}

function clampByte(v: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, Math.round(v)));
}

/** The flat-mode colour (a pale sky blue) as Y, Cb, Cr. */
const FLAT_YCBCR: [number, number, number] = [170, 146, 116];

/** Writes an Intra16x16DCLevel (nC = 0) or ChromaDCLevel (nC = -1) block whose only coefficient is the DC. */
function dcOnlyBlock(w: BitWriter, level: number, chromaDc: boolean): void {
	if (level === 0) {
		w.u(chromaDc ? 2 : 1, 1); // coeff_token TotalCoeff 0: '01' / '1'
		return;
	}
	if (Math.abs(level) === 1) {
		w.u(chromaDc ? 1 : 2, 1); // TotalCoeff 1, TrailingOnes 1: '1' / '01'
		w.u(1, level < 0 ? 1 : 0); // trailing_ones_sign_flag
	} else {
		w.u(6, chromaDc ? 0b000111 : 0b000101); // TotalCoeff 1, TrailingOnes 0
		// suffixLength 0; the first non-trailing-one level with TrailingOnes < 3 is coded minus 2.
		const code = (level > 0 ? 2 * level - 2 : -2 * level - 1) - 2;
		if (code < 14) w.u(code + 1, 1);
		else if (code < 30) w.u(15, 1).u(4, code - 14);
		else w.u(16, 1).u(12, code - 30);
	}
	w.u(1, 1); // total_zeros 0
}

export class H264Clip {
	readonly fps: number;
	private readonly scene: Scene;
	private readonly pBodies = new Map<number, BitWriter>();
	private readonly idrs = new Map<string, Buffer>();

	constructor(readonly spec: ClipSpec) {
		this.scene = new Scene(spec.geometry);
		this.fps = spec.durationSeconds > 0 ? spec.frames / spec.durationSeconds : 30;
	}

	isIdr(i: number): boolean {
		return i % GOP_FRAMES === 0;
	}

	/** The frame's NAL unit (without the length prefix). `variant` applies to the first IDR only. */
	frame(i: number, variant: SliceVariant = BASE_VARIANT): Buffer {
		if (!this.isIdr(i)) return this.pFrame(i);
		const v = this.idrVariant(i, variant);
		const key = `${v.idrPicId}/${v.sliceType}/${v.qpDelta}`;
		let idr = this.idrs.get(key);
		if (!idr) {
			idr = this.spec.mode === 'pcm' ? this.pcmIdr(v, true) : this.flatIdr(v);
			if (this.idrs.size > 4) this.idrs.clear();
			this.idrs.set(key, idr);
		}
		return idr;
	}

	/** The NAL unit's length, without encoding raw macroblocks. */
	frameSize(i: number, variant: SliceVariant = BASE_VARIANT): number {
		if (!this.isIdr(i)) return this.pFrame(i).length;
		if (this.spec.mode === 'flat') return this.frame(i, variant).length;
		return this.pcmIdr(this.idrVariant(i, variant), false).length + this.pcmBytesAfterHeader();
	}

	/** Later IDRs alternate idr_pic_id 1 and 0 (a P picture always separates them anyway). */
	private idrVariant(i: number, variant: SliceVariant): SliceVariant {
		if (i === 0) return variant;
		return { ...BASE_VARIANT, idrPicId: (i / GOP_FRAMES) % 2 };
	}

	/** A slice variant that makes the first IDR exactly `extra` bytes longer, if one exists. */
	growth(extra: number): SliceVariant | undefined {
		const base = this.frameSize(0);
		for (let k = 0; k <= 15; k++) {
			const idrPicId = 2 ** (k + 1) - 2; // ue(v) of 2k+1 bits, no long zero runs
			for (const sliceType of [7, 2] as const) {
				for (const qpDelta of [0, 1, 2, 4, 8, 16]) {
					const v = { idrPicId, sliceType, qpDelta };
					if (this.frameSize(0, v) - base === extra) return v;
				}
			}
		}
		return undefined;
	}

	private sliceHeaderIdr(w: BitWriter, v: SliceVariant, qpDelta: number): void {
		w.ue(0) // first_mb_in_slice
			.ue(v.sliceType)
			.ue(0) // pic_parameter_set_id
			.u(4, 0) // frame_num
			.ue(v.idrPicId)
			.u(LOG2_MAX_POC_LSB, 0) // pic_order_cnt_lsb
			.u(1, 0) // no_output_of_prior_pics_flag
			.u(1, 0) // long_term_reference_flag
			.se(qpDelta) // slice_qp_delta
			.ue(1); // disable_deblocking_filter_idc: off
	}

	private pcmBytesAfterHeader(): number {
		const mbs = this.spec.geometry.mbW * this.spec.geometry.mbH;
		// First macroblock's samples, then per macroblock: mb_type + alignment (2 bytes) and samples; trailing byte.
		return PCM_MB_BYTES + (mbs - 1) * (2 + PCM_MB_BYTES) + 1;
	}

	/** An IDR of I_PCM macroblocks; with `full` false only the header part (for sizing). */
	private pcmIdr(v: SliceVariant, full: boolean): Buffer {
		const w = new BitWriter();
		this.sliceHeaderIdr(w, v, v.qpDelta); // QP is irrelevant to I_PCM
		w.ue(25).alignZero(); // mb_type I_PCM, pcm_alignment_zero_bits
		if (!full) return nalUnit(0x65, w.rbsp().subarray(0, -1)); // drop the trailing byte rbsp() added
		const g = this.spec.geometry;
		const { y, cb, cr, stride } = this.scene.planes(); // not kept: the encoded IDR is cached instead
		const mb = new Uint8Array(PCM_MB_BYTES);
		for (let my = 0; my < g.mbH; my++) {
			for (let mx = 0; mx < g.mbW; mx++) {
				if (my || mx) w.ue(25).alignZero();
				for (let r = 0; r < 16; r++)
					mb.set(y.subarray((my * 16 + r) * stride + mx * 16, (my * 16 + r) * stride + mx * 16 + 16), r * 16);
				const cStride = stride / 2;
				for (let r = 0; r < 8; r++) {
					const from = (my * 8 + r) * cStride + mx * 8;
					mb.set(cb.subarray(from, from + 8), 256 + r * 8);
					mb.set(cr.subarray(from, from + 8), 320 + r * 8);
				}
				w.bytes(mb);
			}
		}
		const nal = nalUnit(0x65, w.rbsp());
		const expected = this.pcmIdr(v, false).length + this.pcmBytesAfterHeader();
		if (nal.length !== expected) throw new Error(`I_PCM IDR is ${nal.length} bytes, planned ${expected}`);
		return nal;
	}

	/** An IDR in one flat colour: Intra_16x16 DC prediction, DC levels in the first macroblock only. */
	private flatIdr(v: SliceVariant): Buffer {
		const w = new BitWriter();
		const sliceQp = 26 + v.qpDelta;
		this.sliceHeaderIdr(w, v, v.qpDelta);
		const [yy, cb, cr] = FLAT_YCBCR;
		const mbs = this.spec.geometry.mbW * this.spec.geometry.mbH;
		for (let i = 0; i < mbs; i++) {
			const first = i === 0;
			w.ue(first ? 7 : 3); // I_16x16, DC prediction, chroma DC coded (first) / nothing coded
			w.ue(0); // intra_chroma_pred_mode: DC
			w.se(first ? FLAT_QP - sliceQp : 0); // mb_qp_delta: QP 28 where levels equal sample offsets
			dcOnlyBlock(w, first ? yy - 128 : 0, false);
			if (first) {
				dcOnlyBlock(w, cb - 128, true);
				dcOnlyBlock(w, cr - 128, true);
			}
		}
		return nalUnit(0x65, w.rbsp());
	}

	private pFrame(i: number): Buffer {
		const shift = this.spec.mode === 'pcm' ? this.scene.shift(i, this.fps) : 0;
		let body = this.pBodies.get(shift);
		if (!body) {
			body = this.pBody(shift * 4);
			this.pBodies.set(shift, body);
		}
		const w = new BitWriter()
			.ue(0) // first_mb_in_slice
			.ue(5) // slice_type: P (all slices)
			.ue(0) // pic_parameter_set_id
			.u(4, 1) // frame_num: the IDR was reference frame 0
			.u(LOG2_MAX_POC_LSB, 2 * (i % GOP_FRAMES)) // pic_order_cnt_lsb
			.u(1, 0) // num_ref_idx_active_override_flag
			.u(1, 0) // ref_pic_list_modification_flag_l0
			// nal_ref_idc 0: no dec_ref_pic_marking; these pictures are never referenced.
			.se(0) // slice_qp_delta
			.ue(1) // disable_deblocking_filter_idc
			.append(body);
		return nalUnit(0x01, w.rbsp());
	}

	/** Slice data: the band rows move by `mvx` quarter samples, the rest stays; no residual anywhere. */
	private pBody(mvx: number): BitWriter {
		const { mbW, mbH } = this.spec.geometry;
		const band = this.scene.bandRow;
		const mv = new Int32Array(mbW * mbH); // horizontal components; vertical ones are all 0, refIdx all 0
		const w = new BitWriter();
		let run = 0;
		for (let my = 0; my < mbH; my++) {
			for (let mx = 0; mx < mbW; mx++) {
				const idx = my * mbW + mx;
				const want = my >= band ? mvx : 0;
				const a = mx > 0 ? idx - 1 : -1;
				const b = my > 0 ? idx - mbW : -1;
				const c = my > 0 && mx < mbW - 1 ? idx - mbW + 1 : my > 0 && mx > 0 ? idx - mbW - 1 : -1;
				const pred = predictMv(mv, a, b, c);
				const skip = a < 0 || b < 0 || mv[a] === 0 || mv[b] === 0 ? 0 : pred;
				if (want === skip) {
					mv[idx] = skip;
					run++;
					continue;
				}
				w.ue(run); // mb_skip_run
				run = 0;
				w.ue(0); // mb_type P_L0_16x16
				w.se(want - pred).se(0); // mvd_l0
				w.ue(0); // coded_block_pattern 0 (inter codeNum 0)
				mv[idx] = want;
			}
		}
		if (run) w.ue(run);
		return w;
	}
}

/** Median motion vector prediction (8.4.1.3) for a 16x16 partition; neighbours are -1 when unavailable. */
function predictMv(mv: Int32Array, a: number, b: number, c: number): number {
	if (b < 0 && c < 0 && a >= 0) return mv[a] as number;
	const avail = (a >= 0 ? 1 : 0) + (b >= 0 ? 1 : 0) + (c >= 0 ? 1 : 0);
	if (avail === 1) return (a >= 0 ? mv[a] : b >= 0 ? mv[b] : mv[c]) as number;
	const va = a >= 0 ? (mv[a] as number) : 0;
	const vb = b >= 0 ? (mv[b] as number) : 0;
	const vc = c >= 0 ? (mv[c] as number) : 0;
	return Math.max(Math.min(va, vb), Math.min(Math.max(va, vb), vc));
}

const clips = new Map<string, H264Clip>();

/** Clips are deterministic; planning and streaming share one (and its encoded IDR) per spec. */
export function clipFor(spec: ClipSpec): H264Clip {
	const key = JSON.stringify(spec);
	let clip = clips.get(key);
	if (!clip) {
		clip = new H264Clip(spec);
		if (clips.size >= MAX_CACHED_CLIPS) clips.delete(clips.keys().next().value as string);
		clips.set(key, clip);
	}
	return clip;
}
