// A minimal baseline JPEG encoder for the simulator's JPG results (wanx-style-repaint-v1 answers .jpg URLs):
// greyscale, one flat grey per 8×8 block (DC coefficients only, every AC block ends at once), quantisation 1.
// Real decoders read it; the picture is a blocky pattern that differs per image index.

const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]; // standard luminance DC table (ITU T.81 K.3)
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** Canonical Huffman codes of a table given by code counts per length: symbol → [code, length]. */
function huffmanCodes(bits: readonly number[], values: readonly number[]): Map<number, [number, number]> {
	const codes = new Map<number, [number, number]>();
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < (bits[length - 1] ?? 0); i++) codes.set(values[k++] as number, [code++, length]);
		code <<= 1;
	}
	return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);

class BitWriter {
	private readonly bytes: number[] = [];
	private acc = 0;
	private count = 0;

	write(value: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((value >> i) & 1);
			if (++this.count === 8) this.flushByte();
		}
	}

	private flushByte(): void {
		this.bytes.push(this.acc);
		if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
		this.acc = 0;
		this.count = 0;
	}

	finish(): Buffer {
		while (this.count !== 0) this.write(1, 1); // pad with 1 bits
		return Buffer.from(this.bytes);
	}
}

const segment = (marker: number, body: number[]): number[] => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];

const category = (v: number): number => (v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1);

const cache = new Map<string, Buffer>();

/** A width × height greyscale JPEG; `index` varies the pattern. */
export function sceneJpeg(width: number, height: number, index = 1): Buffer {
	const key = `${width}x${height}#${index}`;
	const cached = cache.get(key);
	if (cached) return cached;
	const header = [
		0xff, 0xd8,
		...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), // JFIF 1.1
		...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // quantisation table 0: all ones
		...segment(0xc0, [8, (height >> 8) & 0xff, height & 0xff, (width >> 8) & 0xff, width & 0xff, 1, 1, 0x11, 0]), // SOF0, 1 component
		...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, 1, ...new Array<number>(15).fill(0), 0x00]), // DC table; AC table: EOB only
		...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
	];
	const bits = new BitWriter();
	const blocksX = Math.ceil(width / 8);
	const blocksY = Math.ceil(height / 8);
	let previous = 0;
	for (let by = 0; by < blocksY; by++) {
		for (let bx = 0; bx < blocksX; bx++) {
			const grey = 48 + ((bx * 5 + by * 3 + index * 37) % 160);
			const dc = 8 * (grey - 128); // F(0,0) of a flat block after the level shift, quantised by 1
			const diff = dc - previous;
			previous = dc;
			const size = category(diff);
			const [code, length] = DC_CODES.get(size) as [number, number];
			bits.write(code, length);
			if (size) bits.write(diff >= 0 ? diff : diff + (1 << size) - 1, size);
			bits.write(0, 1); // end of block: the AC table's only code, '0'
		}
	}
	const jpeg = Buffer.concat([Buffer.from(header), bits.finish(), Buffer.from([0xff, 0xd9])]);
	cache.set(key, jpeg);
	return jpeg;
}

/** Width and height from a JPEG's SOF0 segment, after checking SOI … EOI; undefined when it is not one. */
export function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return undefined;
	for (let offset = 2; offset + 4 <= bytes.length; ) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1] as number;
		const length = bytes.readUInt16BE(offset + 2);
		if (marker === 0xc0) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		if (marker === 0xda) return undefined;
		offset += 2 + length;
	}
	return undefined;
}
