import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { accountId } from './account';
import { resolveBaseUrl } from '../models/shared/regions';
import type { RegionId } from '../models/shared/regions';
import { CancelledError } from '../errors';

export const CREDENTIAL_TYPE = 'dashScopeApi';

/**
 * An answer from the API host, whatever its status. A call that got no HTTP answer has status 0 and
 * `transport`: `delivered` is false only when the request certainly never reached the service
 * (connection refused, host not found) — only then may a task submission be retried.
 */
export interface ApiResponse {
	status: number;
	body: IDataObject;
	transport?: { code?: string; delivered: boolean };
}

const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Finds the network error code (ECONNREFUSED, ETIMEDOUT, …) in whatever n8n's request helper threw:
 * a raw axios error carries it as `code`; n8n's NodeApiError wrapper keeps it as `httpCode` and in
 * `messages`, and drops the cause.
 */
function networkCodeOf(error: unknown): string | undefined {
	const isCode = (value: unknown): value is string => typeof value === 'string' && /^E[A-Z_]{3,}$/.test(value);
	let current = error as { code?: unknown; httpCode?: unknown; messages?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 4; depth++) {
		if (isCode(current.code)) return current.code;
		if (isCode(current.httpCode)) return current.httpCode;
		for (const message of Array.isArray(current.messages) ? current.messages : []) {
			const found = /\b(E[A-Z_]{3,})\b/.exec(String(message))?.[1];
			if (found) return found;
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/**
 * Network codes in words. n8n replaces any error message that contains a raw code such as
 * ECONNREFUSED with its own generic text, which would hide our advice.
 */
export function describeNetworkCode(code: string | undefined): string {
	const words: Record<string, string> = {
		ECONNREFUSED: 'connection refused',
		ENOTFOUND: 'host not found',
		EAI_AGAIN: 'host name lookup failed',
		EHOSTUNREACH: 'host unreachable',
		ENETUNREACH: 'network unreachable',
		ECONNRESET: 'connection reset',
		ECONNABORTED: 'timed out',
		ETIMEDOUT: 'timed out',
		EPIPE: 'connection closed',
	};
	return (code && words[code]) ?? 'no response';
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
	return Boolean(signal?.aborted) || (error as { code?: string })?.code === 'ERR_CANCELED';
}

/** Thin, typed access to the DashScope HTTP API. Knows no model; every call goes through n8n's auth helper. */
export class DashScopeClient {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		readonly baseUrl: string,
		readonly region: RegionId,
		/** Which account (key and host) this is, as a hash (see accountId): executions of one account share pacing. */
		readonly account: string,
	) {}

	static async create(ctx: IExecuteFunctions): Promise<DashScopeClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const settings = { region: credentials.region as string, workspaceId: credentials.workspaceId as string, baseUrl: credentials.baseUrl as string };
		const baseUrl = resolveBaseUrl(settings);
		return new DashScopeClient(ctx, baseUrl, (settings.region || 'cn-beijing') as RegionId, accountId(String(credentials.apiKey ?? ''), baseUrl));
	}

	async request(
		method: IHttpRequestMethods,
		path: string,
		options: { body?: IDataObject; qs?: IDataObject; headers?: IDataObject; timeoutMs?: number } = {},
	): Promise<ApiResponse> {
		const request = this.options(method, path, options);
		return await this.send(this.ctx, request);
	}

	/**
	 * Cancels a queued task after the user stopped the execution. n8n attaches the execution's cancel
	 * signal to every authenticated request, which would abort this one at once, so it is sent for a
	 * context without that signal — still through n8n's httpRequestWithAuthentication. The answer is returned as it came
	 * (engine/cancelOnStop.ts paces and retries).
	 */
	async cancelAfterStop(taskId: string): Promise<ApiResponse> {
		const ctx = this.ctx;
		const detached = {
			getCredentials: async (type: string) => await ctx.getCredentials(type),
			getNode: () => ctx.getNode(),
			helpers: ctx.helpers,
		} as unknown as IExecuteFunctions;
		return await this.send(detached, this.options('POST', `/tasks/${encodeURIComponent(taskId)}/cancel`, { timeoutMs: 10_000 }));
	}

	private options(
		method: IHttpRequestMethods,
		path: string,
		options: { body?: IDataObject; qs?: IDataObject; headers?: IDataObject; timeoutMs?: number },
	): IHttpRequestOptions {
		return {
			method,
			url: `${this.baseUrl}${path}`,
			qs: options.qs,
			headers: { Accept: 'application/json', ...options.headers },
			body: options.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs ?? 60_000,
			// The key must never follow a redirect to another host.
			sendCredentialsOnCrossOriginRedirect: false,
		};
	}

	private async send(context: IExecuteFunctions, request: IHttpRequestOptions): Promise<ApiResponse> {
		const signal = context.getExecutionCancelSignal?.();
		let failure: unknown;
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, request)) as {
				statusCode: number;
				body: unknown;
			};
			return { status: response.statusCode, body: asObject(response.body) };
		} catch (error) {
			failure = error;
		}
		if (isAbort(failure, signal)) throw new CancelledError();
		// Keep only the code: the thrown error holds the request config, including the Authorization header.
		const code = networkCodeOf(failure);
		return {
			status: 0,
			body: { message: `No answer from DashScope at ${this.baseUrl} (${describeNetworkCode(code)})` },
			transport: { code, delivered: code ? !NOT_DELIVERED.has(code) : true },
		};
	}

	submit(endpoint: string, body: IDataObject, extra: Readonly<Record<string, string>> = {}): Promise<ApiResponse> {
		return this.request('POST', endpoint, { body, headers: createHeaders({ sync: false, ossResolve: holdsOssUrl(body), extra }) });
	}

	/**
	 * A synchronous call (the detect models): no X-DashScope-Async header, the answer is the result.
	 * Sending the header to a sync-only endpoint is refused (AccessDenied "does not support asynchronous calls").
	 */
	callSync(endpoint: string, body: IDataObject, timeoutMs?: number): Promise<ApiResponse> {
		return this.request('POST', endpoint, { body, headers: createHeaders({ sync: true, ossResolve: holdsOssUrl(body) }), timeoutMs });
	}

	getTask(taskId: string): Promise<ApiResponse> {
		return this.request('GET', `/tasks/${encodeURIComponent(taskId)}`, { timeoutMs: 30_000 });
	}

	listTasks(qs: IDataObject): Promise<ApiResponse> {
		return this.request('GET', '/tasks', { qs, timeoutMs: 30_000 });
	}

	cancelTask(taskId: string): Promise<ApiResponse> {
		return this.request('POST', `/tasks/${encodeURIComponent(taskId)}/cancel`, { timeoutMs: 30_000 });
	}
}

/**
 * The DashScope headers of a create call (besides authentication): the async switch for tasks, the resolve switch
 * for oss:// inputs, and a family's own documented ones. One place, so a dry run shows exactly what is sent.
 */
/**
 * Whether a request holds an oss:// temporary URL (given by the user or uploaded just now): the service reads
 * those only with the resolve header (api-platform §2.1). Inline data: URIs and public URLs need no header.
 */
export function holdsOssUrl(body: IDataObject): boolean {
	return JSON.stringify(body).includes('"oss://');
}

export function createHeaders(call: { sync: boolean; ossResolve: boolean; extra?: Readonly<Record<string, string>> }): IDataObject {
	const headers: IDataObject = call.sync ? {} : { ...call.extra, 'X-DashScope-Async': 'enable' };
	if (call.ossResolve) headers['X-DashScope-OssResourceResolve'] = 'enable';
	return headers;
}

/** DashScope answers JSON, but a 401 once came without a content type: parse leniently. */
function asObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	try {
		const parsed = JSON.parse(text) as unknown;
		if (parsed && typeof parsed === 'object') return parsed as IDataObject;
	} catch {
		// Not JSON: fall through and keep the text for the error message.
	}
	return { message: text.slice(0, 500) };
}
