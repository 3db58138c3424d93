/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Small helpers shared by the simulator modules: ids, DashScope time formats, rate windows, HTTP I/O.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const uuid = (): string => randomUUID();

const UTC8_MS = 8 * 3600_000;

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC+8: the task-query time format (api-platform.md §1.1). */
export function formatTaskTime(ms: number): string {
	return new Date(ms + UTC8_MS).toISOString().replace('T', ' ').replace('Z', '');
}

/** `YYYYMMDDhhmmss` in UTC+8: the batch-query time parameters (api-platform.md §1.2). */
export function formatListTime(ms: number): string {
	const iso = new Date(ms + UTC8_MS).toISOString();
	return iso.slice(0, 19).replace(/[-T:]/g, '');
}

/** Inverse of formatListTime; undefined for malformed or non-existent dates (e.g. month 13). */
export function parseListTime(text: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
	if (!m) return undefined;
	const n = m.slice(1).map(Number) as [number, number, number, number, number, number];
	const ms = Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]) - UTC8_MS;
	return formatListTime(ms) === text ? ms : undefined;
}

/** Sliding one-second window; only admitted calls count toward the limit. */
export class SlidingWindow {
	private hits: number[] = [];
	constructor(
		private readonly limit: number,
		private readonly windowMs = 1000,
	) {}

	tryTake(now = Date.now()): boolean {
		while (this.hits.length > 0 && (this.hits[0] as number) <= now - this.windowMs) this.hits.shift();
		if (this.hits.length >= this.limit) return false;
		this.hits.push(now);
		return true;
	}
}

/** Reads the whole body; resolves undefined when it exceeds `limit` bytes (the rest is drained). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let over = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) over = true;
			if (!over) chunks.push(chunk);
		});
		req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** decodeURIComponent that keeps malformed escapes as they are. */
export function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
