import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { answerProblem, policyAnswer, requestIdOf } from './answers';
import type { DashScopeClient } from './dashscope';
import type { DashScopeFailure } from '../errors';
import { backoffMs, pause, Semaphore } from './pacing';
import { REGIONS, findRegion } from '../models/shared/regions';
import type { Region, RegionId } from '../models/shared/regions';
import { failureFromResponse } from './taskAnswer';
import { CancelledError, DashScopeCallError } from '../errors';

/**
 * DashScope temporary storage (api-platform.md §2): get an upload policy for the model (with the API
 * key, through DashScopeClient), POST the file straight to the OSS host named in it (multipart, no key),
 * and hand back `oss://<key>`. The file lives 48 hours and only the same model may read it; a request
 * using it must send `X-DashScope-OssResourceResolve: enable` (DashScopeClient adds it to every request that holds one).
 */

/** Temporary files are deleted 48 hours after upload (api-platform.md §2.1). */
export const TEMPORARY_FILE_LIFETIME_MS = 48 * 3600_000;

/** Documented lifetime of a policy, used when the answer does not state one. */
const DEFAULT_POLICY_SECONDS = 300;

const MIB = 1024 * 1024;

const POLICY_ATTEMPTS = 6;

export type UploadData = Buffer | NodeJS.ReadableStream | (() => Promise<Buffer | NodeJS.ReadableStream>);

export interface UploadFile {
	fileName: string;
	mimeType: string;
	/** Size of the file; a stream is sent with exactly this Content-Length. */
	bytes: number;
	/** A Buffer, a stream (sent once: no retry after it was read), or a function opening it anew for each attempt. */
	data: UploadData;
}

export interface UploadedFile {
	/** `oss://<key>`: usable by the same model only, with the resolve header. */
	url: string;
	/** When the service deletes the file (ISO 8601). */
	expiresAt: string;
}

export interface UploadPolicy {
	model: string;
	policy: string;
	signature: string;
	uploadDir: string;
	uploadHost: string;
	accessKeyId: string;
	acl: string;
	forbidOverwrite: string;
	/** Per-model size limit stated by the service. */
	maxFileBytes?: number;
	lifetimeMs: number;
	/** Local clock, counted from when the policy was requested (so never later than the service's). */
	expiresAt: number;
}

// ------------------------------------------------------------------------------------------------
// Pure helpers
// ------------------------------------------------------------------------------------------------

/** The region a DashScope base URL belongs to, when it is one of the known hosts (not an override). */
export function regionOfBaseUrl(baseUrl: string): Region | undefined {
	const url = baseUrl.trim().replace(/\/+$/, '');
	const shared = REGIONS.find((region) => region.sharedBaseUrl === url);
	if (shared) return shared;
	const workspace = /^https:\/\/[^./]+\.([a-z0-9-]+)\.maas\.aliyuncs\.com\/api\/v1$/i.exec(url);
	return workspace ? findRegion(workspace[1].toLowerCase()) : undefined;
}

/**
 * Why files cannot be uploaded with this host, or undefined. Only Beijing documents temporary upload.
 * The host tells the region; behind a base URL override (a gateway, the simulator) the credential's
 * region setting does, and without one the upload is tried.
 */
export function temporaryUploadProblem(baseUrl: string, credentialRegion?: RegionId): string | undefined {
	const region = regionOfBaseUrl(baseUrl) ?? findRegion(credentialRegion);
	if (!region || region.temporaryUpload) return undefined;
	const offered = REGIONS.filter((r) => r.temporaryUpload)
		.map((r) => r.name)
		.join(', ');
	return `DashScope offers temporary file upload only in ${offered}, and the credential uses ${region.name}`;
}

/** Reads a getPolicy answer; a string says what is wrong with it. Numbers may come as strings. */
export function parsePolicy(model: string, body: IDataObject, requestedAt: number): UploadPolicy | string {
	const problem = answerProblem(policyAnswer, body);
	if (problem) return `the answer does not fit (${problem})`;
	const fields = body.data as IDataObject;
	const text = (name: string) => (typeof fields[name] === 'string' && fields[name] !== '' ? (fields[name] as string) : undefined);
	const uploadHost = text('upload_host') as string;
	if (!/^https?:\/\/[^/\s]+/i.test(uploadHost)) return `the upload host "${uploadHost.slice(0, 100)}" is not an http(s) URL`;
	const seconds = Number(fields.expire_in_seconds);
	const lifetimeMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_POLICY_SECONDS) * 1000;
	const maxMb = Number(fields.max_file_size_mb);
	const overwrite = fields.x_oss_forbid_overwrite;
	return {
		model,
		policy: text('policy') as string,
		signature: text('signature') as string,
		uploadDir: (text('upload_dir') as string).replace(/\/+$/, ''),
		uploadHost,
		accessKeyId: text('oss_access_key_id') as string,
		acl: text('x_oss_object_acl') ?? 'private',
		// Documented as the string "true"; a JSON boolean is sent the same way.
		forbidOverwrite: overwrite === undefined || overwrite === null || overwrite === '' ? 'true' : String(overwrite),
		maxFileBytes: Number.isFinite(maxMb) && maxMb > 0 ? maxMb * MIB : undefined,
		lifetimeMs,
		expiresAt: requestedAt + lifetimeMs,
	};
}

const EXTENSIONS: Readonly<Record<string, string>> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/bmp': 'bmp',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/x-msvideo': 'avi',
	'video/avi': 'avi',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
};

/**
 * A file name made of `[A-Za-z0-9._-]` only (non-ASCII object keys are untested with the service):
 * accents are dropped, anything else becomes `_`. Keeps the extension, adds one from the MIME type when
 * there is none, and falls back to `file` when nothing usable is left.
 */
export function sanitizeFileName(name: string, mimeType?: string): string {
	const cleaned = (name.split(/[\\/]/).pop() ?? '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9._-]+/g, '_');
	const dot = cleaned.lastIndexOf('.');
	let stem = dot >= 0 ? cleaned.slice(0, dot) : cleaned;
	let extension = dot >= 0 ? cleaned.slice(dot + 1).replace(/[^A-Za-z0-9]/g, '') : '';
	stem = stem.replace(/^[._-]+|[._-]+$/g, '').slice(0, 80);
	if (!/[A-Za-z0-9]/.test(stem)) stem = 'file';
	if (!extension && mimeType) extension = EXTENSIONS[mimeType.split(';')[0].trim().toLowerCase()] ?? '';
	return extension ? `${stem}.${extension.slice(0, 10)}` : stem;
}

/** The object key: inside the policy's directory, made distinct by `unique` (overwriting is forbidden). */
export function objectKey(uploadDir: string, unique: string, fileName: string): string {
	return `${uploadDir.replace(/\/+$/, '')}/${unique}-${fileName}`;
}

/** A short random id for object keys and multipart boundaries. */
export function uniqueId(): string {
	return randomUUID().replace(/-/g, '').slice(0, 16);
}

/** The form fields of an OSS PostObject upload, in the order they are sent (the file goes last). */
export function policyFormFields(policy: UploadPolicy, key: string, mimeType: string): Array<[string, string]> {
	return [
		['OSSAccessKeyId', policy.accessKeyId],
		['Signature', policy.signature],
		['policy', policy.policy],
		['key', key],
		['x-oss-object-acl', policy.acl],
		['x-oss-forbid-overwrite', policy.forbidOverwrite],
		// As the official Python SDK does, so the stored object carries the right type.
		['x-oss-content-type', mimeType],
		// 200 with an empty body instead of OSS's default 204.
		['success_action_status', '200'],
	];
}

export interface MultipartEnvelope {
	/** Every field, then the file part's headers: the bytes before the file. */
	head: Buffer;
	/** The bytes after the file. */
	tail: Buffer;
	contentType: string;
}

/** Quoted-string escaping of multipart names, as browsers do (WHATWG HTML "multipart/form-data"). */
const quote = (text: string) => text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

const safeMime = (mimeType: string) => (/^[\w.+-]+\/[\w.+-]+$/.test(mimeType.split(';')[0].trim()) ? mimeType.split(';')[0].trim() : 'application/octet-stream');

/**
 * multipart/form-data around a file, built by hand so the file itself can be streamed: body = head +
 * file bytes + tail, and its length is known in advance. Fields come first, `file` last (OSS ignores
 * anything after the file).
 */
export function multipartEnvelope(
	fields: ReadonlyArray<readonly [string, string]>,
	file: { fileName: string; mimeType: string },
	boundary: string,
): MultipartEnvelope {
	const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`);
	parts.push(
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(file.fileName)}"\r\n` +
			`Content-Type: ${safeMime(file.mimeType)}\r\n\r\n`,
	);
	return {
		head: Buffer.from(parts.join(''), 'utf8'),
		tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Code, message and request id of an OSS XML error body (`<Error><Code>…</Code>…</Error>`). */
export function parseOssError(body: string): { code?: string; message?: string; requestId?: string } {
	const tag = (name: string) => {
		const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body);
		return match ? match[1].trim().replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => XML_ENTITIES[entity]) : undefined;
	};
	return { code: tag('Code'), message: tag('Message'), requestId: tag('RequestId') };
}

// ------------------------------------------------------------------------------------------------
// Streaming
// ------------------------------------------------------------------------------------------------

type StreamClass = { name?: string; from?: (source: AsyncIterable<Buffer>, options?: { objectMode?: boolean }) => NodeJS.ReadableStream };

/**
 * Node's `Readable.from`, reached through the class of the stream we were given: community nodes may
 * not import `stream`. Walks up to `Readable` itself (Duplex subclasses have their own `from`).
 */
function readableFrom(sample: NodeJS.ReadableStream): StreamClass['from'] | undefined {
	let current = (sample as { constructor?: StreamClass }).constructor;
	for (let depth = 0; current && depth < 8; depth++) {
		if (current.name === 'Readable' && typeof current.from === 'function') return current.from.bind(current);
		current = Object.getPrototypeOf(current) as StreamClass | undefined;
	}
	return undefined;
}

/** head, the file's bytes (exactly `bytes` of them, or the stream fails), tail. */
async function* multipartChunks(envelope: MultipartEnvelope, file: NodeJS.ReadableStream, bytes: number): AsyncGenerator<Buffer> {
	yield envelope.head;
	let sent = 0;
	for await (const chunk of file as AsyncIterable<Buffer | string>) {
		const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		sent += data.length;
		if (sent > bytes) break;
		yield data;
	}
	if (sent > bytes) throw new Error(`the file had more than the ${bytes} bytes expected`);
	if (sent < bytes) throw new Error(`the file had ${sent} bytes where ${bytes} were expected`);
	yield envelope.tail;
}

// ------------------------------------------------------------------------------------------------
// The uploader
// ------------------------------------------------------------------------------------------------

export interface UploaderOptions {
	/** Fetch a new policy when less than this is left (default 30 s; never in the first half of its life). */
	policyMarginMs?: number;
	/** Files sent at the same time (default 4). */
	concurrency?: number;
	/** Tries per file when the failure is worth repeating (default 3). */
	attempts?: number;
}

type PostOutcome = { ok: true } | { ok: false; failure: DashScopeFailure; retry: 'policy' | 'again' | false };

const UPLOAD_ADVICE =
	'Nothing was submitted to DashScope. Try again; if it keeps failing, give the file as a public http(s) URL instead.';

/**
 * Uploads files of one execution to DashScope's temporary storage. Policies are kept per model for this
 * execution only (nothing outlives it, so queue-mode workers behave the same) and shared by every file
 * of that model while they are valid.
 */
export class TemporaryUploader {
	private readonly policies = new Map<string, Promise<UploadPolicy>>();

	private readonly slots: Semaphore;

	private readonly marginMs: number;

	private readonly attempts: number;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: DashScopeClient,
		private readonly signal?: AbortSignal,
		options: UploaderOptions = {},
	) {
		this.slots = new Semaphore(options.concurrency ?? 4);
		this.marginMs = options.policyMarginMs ?? 30_000;
		this.attempts = Math.max(1, options.attempts ?? 3);
	}

	/**
	 * Uploads one file for `model` (the exact name the later request sends) and returns its `oss://` URL.
	 * Throws DashScopeCallError (no temporary upload in the region, policy refused, file too large for the
	 * service, upload refused) or CancelledError.
	 */
	async upload(model: string, file: UploadFile): Promise<UploadedFile> {
		const problem = temporaryUploadProblem(this.client.baseUrl, this.client.region);
		if (problem) {
			throw new DashScopeCallError({
				code: 'TemporaryUploadUnavailable',
				message: `Cannot upload "${file.fileName}": ${problem}`,
				advice: 'Give the file as a public http(s) URL instead (for example a link from cloud storage), or use a China (Beijing) credential.',
			});
		}
		return await this.slots.run(async () => await this.uploadNow(model, file));
	}

	private async uploadNow(model: string, file: UploadFile): Promise<UploadedFile> {
		const reopenable = typeof file.data === 'function' || Buffer.isBuffer(file.data);
		const bytes = Buffer.isBuffer(file.data) ? file.data.length : file.bytes;
		const fileName = sanitizeFileName(file.fileName, file.mimeType);
		let stale: UploadPolicy | undefined;
		let failure: DashScopeFailure | undefined;
		for (let attempt = 0; attempt < this.attempts; attempt++) {
			if (attempt > 0 && !stale) await pause(backoffMs(attempt - 1, 1000, 8000), this.signal);
			const policy = await this.policyFor(model, stale);
			if (policy.maxFileBytes !== undefined && bytes > policy.maxFileBytes) {
				throw new DashScopeCallError({
					code: 'FileTooLarge',
					message: `"${file.fileName}" is ${Math.ceil((bytes / MIB) * 10) / 10} MB; DashScope's temporary storage takes at most ${policy.maxFileBytes / MIB} MB for ${model}`,
					advice: 'Use a smaller file, or give it as a public http(s) URL.',
				});
			}
			const key = objectKey(policy.uploadDir, uniqueId(), fileName);
			const startedAt = Date.now();
			const outcome = await this.post(policy, key, { ...file, fileName, bytes }, file.fileName);
			if (outcome.ok) return { url: `oss://${key}`, expiresAt: new Date(startedAt + TEMPORARY_FILE_LIFETIME_MS).toISOString() };
			failure = outcome.failure;
			stale = outcome.retry === 'policy' ? policy : undefined;
			if (!outcome.retry || !reopenable) break;
		}
		throw new DashScopeCallError(failure as DashScopeFailure);
	}

	/** A valid policy for the model: the cached one, or one fetched once for every waiting file. */
	private async policyFor(model: string, stale?: UploadPolicy): Promise<UploadPolicy> {
		for (;;) {
			const cached = this.policies.get(model);
			if (!cached) break;
			const policy = await cached.catch(() => undefined);
			if (this.policies.get(model) !== cached) continue; // replaced while we waited: look again
			if (policy && policy !== stale && this.usable(policy)) return policy;
			break;
		}
		const fetching = this.fetchPolicy(model);
		this.policies.set(model, fetching);
		fetching.catch(() => {
			if (this.policies.get(model) === fetching) this.policies.delete(model);
		});
		return await fetching;
	}

	private usable(policy: UploadPolicy): boolean {
		return policy.expiresAt - Date.now() > Math.min(this.marginMs, policy.lifetimeMs / 2);
	}

	private async fetchPolicy(model: string): Promise<UploadPolicy> {
		for (let attempt = 0; ; attempt++) {
			const requestedAt = Date.now();
			const response = await this.client.request('GET', '/uploads', { qs: { action: 'getPolicy', model }, timeoutMs: 30_000 });
			if (response.status === 200) {
				const policy = parsePolicy(model, response.body, requestedAt);
				if (typeof policy !== 'string') return policy;
				throw new DashScopeCallError({
					code: 'UploadPolicyInvalid',
					message: `DashScope's temporary upload policy for ${model} is unusable: ${policy}`,
					requestId: requestIdOf(response.body),
					advice: 'Give the file as a public http(s) URL instead.',
				});
			}
			// 100 getPolicy calls per second per model and account: a 429 clears quickly. A GET is safe to repeat.
			const retryable = response.status === 429 || response.status >= 500 || response.status === 0;
			if (retryable && attempt + 1 < POLICY_ATTEMPTS) {
				await pause(backoffMs(attempt, 1000, 16_000), this.signal);
				continue;
			}
			const failure = failureFromResponse(response);
			failure.message = `Could not get a temporary upload policy for ${model}: ${failure.message}`;
			if (response.status === 0) {
				failure.code = 'ConnectionFailed';
				failure.advice = 'Check the region or base URL in the credential and the network between n8n and DashScope.';
			} else if (response.status === 404 && failure.code !== 'ModelNotFound') {
				failure.advice = 'This DashScope host offers no temporary file upload. Give the file as a public http(s) URL instead.';
			}
			throw new DashScopeCallError(failure);
		}
	}

	/** One multipart POST to the storage host: plain httpRequest, so the API key never goes there. */
	private async post(policy: UploadPolicy, key: string, file: UploadFile, shownName: string): Promise<PostOutcome> {
		const envelope = multipartEnvelope(policyFormFields(policy, key, safeMime(file.mimeType)), file, `----WanUpload${uniqueId()}`);
		const data = typeof file.data === 'function' ? await file.data() : file.data;
		const headers: IDataObject = { 'Content-Type': envelope.contentType };
		let body: Buffer | NodeJS.ReadableStream;
		const from = Buffer.isBuffer(data) || !(file.bytes >= 0) ? undefined : readableFrom(data);
		if (Buffer.isBuffer(data)) {
			body = Buffer.concat([envelope.head, data, envelope.tail]);
		} else if (from) {
			// Streamed with an explicit length: n8n would otherwise send it chunked, and OSS wants the size.
			body = from(multipartChunks(envelope, data, file.bytes), { objectMode: false });
			headers['Content-Length'] = envelope.head.length + file.bytes + envelope.tail.length;
		} else {
			body = Buffer.concat([envelope.head, await this.ctx.helpers.binaryToBuffer(data as Parameters<IExecuteFunctions['helpers']['binaryToBuffer']>[0]), envelope.tail]);
		}
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: policy.uploadHost,
			body: body as IHttpRequestOptions['body'],
			headers,
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Idle time on the socket, not a limit on the whole upload.
			timeout: 120_000,
			abortSignal: this.signal,
		};
		let response: { statusCode: number; body: unknown } | undefined;
		let problem = '';
		try {
			response = (await this.ctx.helpers.httpRequest(request)) as { statusCode: number; body: unknown };
		} catch (error) {
			// Only the message: nothing secret was sent, but the error object holds the whole request.
			problem = String((error as Error)?.message ?? error).slice(0, 300);
		}
		if (this.signal?.aborted) throw new CancelledError();
		const what = `Uploading "${shownName}" to DashScope's temporary storage failed`;
		if (!response) {
			return { ok: false, retry: 'again', failure: { code: 'UploadFailed', message: `${what}: ${problem || 'no answer'}`, advice: UPLOAD_ADVICE } };
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) return { ok: true };
		const text = typeof response.body === 'string' ? response.body : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : '';
		const oss = parseOssError(text);
		const detail = oss.code ? `${oss.code}${oss.message ? `: ${oss.message}` : ''}` : `HTTP ${status}`;
		const failure: DashScopeFailure = {
			code: 'UploadFailed',
			message: `${what} (HTTP ${status}, ${detail})`,
			httpCode: status,
			requestId: oss.requestId,
			advice: UPLOAD_ADVICE,
		};
		if (status === 403 && /policy expired/i.test(oss.message ?? '')) return { ok: false, retry: 'policy', failure };
		return { ok: false, retry: status >= 500 ? 'again' : false, failure };
	}
}
