import type { IExecuteFunctions } from 'n8n-workflow';

import { isoIndexRange } from './inspect';

/** Enough for every header the media checks read (PNG/JPEG/WEBP sizes, WAV/AVI headers, faststart MP4). */
export const HEAD_BYTES = 256 * 1024;

/** An MP4 index (moov) at the end of the file is read only up to this size; larger ones stay unchecked. */
const MAX_TAIL_BYTES = 16 * 1024 * 1024;

/** A file from an upstream node, ready to be checked (head, tail) and uploaded (data, reopenable). */
export interface BinaryInput {
	/** The item's binary property it came from, e.g. `data`. */
	property: string;
	fileName: string;
	mimeType: string;
	bytes: number;
	/** The first HEAD_BYTES of the file, or the whole file when it is held in memory anyway. */
	head: Buffer;
	/** For an MP4/MOV whose index is not in the head: the part of the file that holds it. */
	tail?: { offset: number; bytes: Buffer };
	/** The whole file: a Buffer in n8n's in-memory binary mode, else a fresh stream on every call. */
	data: () => Promise<Buffer | NodeJS.ReadableStream>;
}

/** Collects the bytes [start, end) of a stream, then stops reading it. */
export async function readRange(stream: NodeJS.ReadableStream, start: number, end: number): Promise<Buffer> {
	const parts: Buffer[] = [];
	let position = 0;
	for await (const chunk of stream as AsyncIterable<Buffer | string>) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		const from = Math.max(start - position, 0);
		const to = Math.min(end - position, bytes.length);
		if (to > from) parts.push(bytes.subarray(from, to));
		position += bytes.length;
		if (position >= end) break; // leaving the loop destroys the stream
	}
	(stream as { destroy?: () => void }).destroy?.();
	return Buffer.concat(parts);
}

const EXTENSIONS: Readonly<Record<string, string>> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/bmp': 'bmp',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/x-msvideo': 'avi',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mpeg': 'mp3',
};

/**
 * Reads what the checks and the upload need from an input item's binary property, without loading a
 * file that n8n keeps on disk (or in S3) into memory: its head, and for an MP4 with its index at the
 * end, that index. Fails like n8n's own nodes when the property is missing.
 */
export async function readBinaryInput(ctx: IExecuteFunctions, itemIndex: number, property: string): Promise<BinaryInput> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const mimeType = binary.mimeType || 'application/octet-stream';
	const extension = binary.fileExtension || EXTENSIONS[mimeType.toLowerCase()];
	const fileName = binary.fileName || (extension ? `${property}.${extension}` : property);
	if (!binary.id) {
		// In-memory mode: the item already holds the whole file.
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		return { property, fileName, mimeType, bytes: buffer.length, head: buffer, data: async () => buffer };
	}
	const id = binary.id;
	const bytes = typeof binary.bytes === 'number' ? binary.bytes : (await ctx.helpers.getBinaryMetadata(id)).fileSize;
	const open = async (): Promise<NodeJS.ReadableStream> => await ctx.helpers.getBinaryStream(id);
	const head = await readRange(await open(), 0, Math.min(HEAD_BYTES, bytes));
	const input: BinaryInput = { property, fileName, mimeType, bytes, head, data: open };
	const range = isoIndexRange(head, bytes);
	if (range && range.end - range.start <= MAX_TAIL_BYTES) {
		input.tail = { offset: range.start, bytes: await readRange(await open(), range.start, range.end) };
	}
	return input;
}
