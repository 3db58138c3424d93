/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// OSS-side pieces of the file host: signed result URLs, PostObject policies, multipart parsing, XML errors.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { uuid } from './util';

export const OSS_ACCESS_KEY_ID = 'LTAI5tSimulatorFileHost';
const BUCKET = 'dashscope-result-sim';
const UPLOAD_BUCKET = 'dashscope-file-mgr';

export class OssSigner {
	private readonly secret = randomBytes(24).toString('base64');

	private hmac(text: string): string {
		return createHmac('sha1', this.secret).update(text).digest('base64');
	}

	/** OSS v1 query-string signature: VERB\n\n\nExpires\n/bucket/key. */
	signUrl(fileBaseUrl: string, objectKey: string, expiresEpochSeconds: number): string {
		const signature = this.hmac(`GET\n\n\n${expiresEpochSeconds}\n/${BUCKET}/${objectKey}`);
		const q = new URLSearchParams({
			Expires: String(expiresEpochSeconds),
			OSSAccessKeyId: OSS_ACCESS_KEY_ID,
			Signature: signature,
		});
		return `${fileBaseUrl}/${objectKey}?${q.toString()}`;
	}

	/** undefined when valid, else the OSS error message. The verb is signed, so HEAD needs its own signature. */
	checkUrl(method: string, objectKey: string, query: URLSearchParams, now: number): string | undefined {
		const expires = query.get('Expires');
		const signature = query.get('Signature');
		if (!expires || !signature || query.get('OSSAccessKeyId') !== OSS_ACCESS_KEY_ID) {
			return 'AccessDenied: You have no right to access this object because of bucket acl.';
		}
		const expected = this.hmac(`${method}\n\n\n${expires}\n/${BUCKET}/${objectKey}`);
		if (!safeEqual(expected, signature)) {
			return 'AccessDenied: The request signature we calculated does not match the signature you provided.';
		}
		if (!/^\d+$/.test(expires) || Number(expires) * 1000 < now) return 'AccessDenied: Request has expired.';
		return undefined;
	}

	signPolicy(policyBase64: string): string {
		return this.hmac(policyBase64);
	}

	checkPolicySignature(policyBase64: string, signature: string): boolean {
		return safeEqual(this.hmac(policyBase64), signature);
	}
}

function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

export interface IssuedPolicy {
	model: string;
	uploadDir: string;
	maxBytes: number;
	expiresAt: number;
	policy: string;
	signature: string;
}

/** A PostObject policy shaped like the recorded one (api-platform.md §2.2). */
export function issuePolicy(
	signer: OssSigner,
	model: string,
	accountHash: string,
	now: number,
	lifetimeSeconds: number,
	maxBytes: number,
): IssuedPolicy {
	const day = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
	const uploadDir = `dashscope-instant/${accountHash}/${day}/${uuid()}`;
	const expiresAt = now + lifetimeSeconds * 1000;
	const doc = {
		expiration: new Date(expiresAt).toISOString(),
		conditions: [
			['content-length-range', 0, maxBytes],
			['starts-with', '$key', uploadDir],
			{ bucket: UPLOAD_BUCKET },
			{ 'x-oss-object-acl': 'private' },
			{ 'x-oss-forbid-overwrite': 'true' },
		],
	};
	const policy = Buffer.from(JSON.stringify(doc)).toString('base64');
	return { model, uploadDir, maxBytes, expiresAt, policy, signature: signer.signPolicy(policy) };
}

export function sendOssError(res: ServerResponse, status: number, code: string, message: string): void {
	const requestId = uuid().replace(/-/g, '').slice(0, 24).toUpperCase();
	const xml =
		'<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
		`  <Code>${code}</Code>\n  <Message>${escapeXml(message)}</Message>\n` +
		`  <RequestId>${requestId}</RequestId>\n  <HostId>${BUCKET}.simulator</HostId>\n</Error>\n`;
	res.writeHead(status, {
		'Content-Type': 'application/xml',
		'Content-Length': Buffer.byteLength(xml),
		'x-oss-request-id': requestId,
	});
	res.end(xml);
}

const escapeXml = (s: string): string =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface FormPart {
	name: string;
	filename?: string | undefined;
	contentType?: string | undefined;
	data: Buffer;
}

/** Minimal multipart/form-data parser; parts are returned in wire order. */
export function parseMultipart(contentType: string | undefined, body: Buffer): FormPart[] | undefined {
	const m = /^multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	const boundary = m?.[1] ?? m?.[2];
	if (!boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FormPart[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) return undefined;
	for (;;) {
		pos += delimiter.length;
		if (body.subarray(pos, pos + 2).toString() === '--') return parts; // closing delimiter
		if (body.subarray(pos, pos + 2).toString() !== '\r\n') return undefined;
		const headerEnd = body.indexOf('\r\n\r\n', pos);
		if (headerEnd < 0) return undefined;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
		if (next < 0) return undefined;
		const headers = body.subarray(pos + 2, headerEnd).toString('utf8');
		const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		if (name === undefined) return undefined;
		parts.push({
			name,
			filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
			contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
			data: body.subarray(headerEnd + 4, next),
		});
		pos = next + 2;
	}
}
