import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { backoffMs, pause } from './pacing';
import { CancelledError, DashScopeCallError } from '../errors';

export interface DownloadRequest {
	url: string;
	fileName: string;
	mimeType: string;
	signal?: AbortSignal;
	attempts?: number;
	/** Refuse results larger than this (bytes), when the server states a length. */
	maxBytes?: number;
	/** The task the file belongs to: a failed download names it, so the paid result can be recovered. */
	taskId: string;
	taskStatus: string;
}

/** Only the URL the service returned, and only over http(s). */
export function downloadableUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `The result URL is not a valid URL: ${url}`;
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return `Refusing to download the result over ${parsed.protocol} (only http and https)`;
	}
	return undefined;
}

/** Why the result could not be fetched, with what the user needs to get it anyway. */
function downloadFailure(request: DownloadRequest, message: string): DashScopeCallError {
	return new DashScopeCallError({
		code: 'DownloadFailed',
		message,
		taskId: request.taskId,
		taskStatus: request.taskStatus,
		resultUrl: request.url,
		advice: `The result was generated (and billed). Its URL stays valid for about 24 hours: ${request.url} — or fetch it again with Task → Wait and the task ID.`,
	});
}

async function fetchOnce(ctx: IExecuteFunctions, request: DownloadRequest): Promise<IBinaryData | string> {
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url: request.url,
		encoding: 'stream',
		returnFullResponse: true,
		timeout: 120_000,
		abortSignal: request.signal,
	})) as { body: NodeJS.ReadableStream & { destroy?: () => void }; headers: Record<string, string | undefined> };
	const length = Number(response.headers['content-length']);
	if (request.maxBytes && Number.isFinite(length) && length > request.maxBytes) {
		response.body.destroy?.();
		return `The result is ${length} bytes, above the ${request.maxBytes}-byte limit set in the node`;
	}
	const served = response.headers['content-type']?.split(';')[0]?.trim();
	const mimeType = served && served !== 'application/octet-stream' ? served : request.mimeType;
	const binary = await ctx.helpers.prepareBinaryData(response.body as unknown as Buffer, request.fileName, mimeType);
	if (Number.isFinite(length) && binary.bytes !== undefined && binary.bytes !== length) {
		throw new Error(`the download stopped after ${binary.bytes} of ${length} bytes`);
	}
	return binary;
}

/**
 * Streams a result file into n8n's binary store in one plain GET (filesystem mode writes it chunk by chunk, so
 * the memory it costs does not grow with the file size). Plain httpRequest: the API key never goes to the
 * storage host. What a large download still adds to peak RSS is chunk Buffers already written but not yet
 * garbage-collected (more on Node 24 / n8n 2.41, see README → Performance); ranged downloads in chunks or
 * our own backpressure do not lower it (measured), so the single streamed request stays.
 */
export async function downloadToBinary(ctx: IExecuteFunctions, request: DownloadRequest): Promise<IBinaryData> {
	const problem = downloadableUrlProblem(request.url);
	if (problem) throw downloadFailure(request, problem);
	const attempts = request.attempts ?? 3;
	let lastProblem = '';
	for (let attempt = 0; attempt < attempts; attempt++) {
		if (attempt > 0) await pause(backoffMs(attempt - 1, 1000, 8000), request.signal);
		let outcome: IBinaryData | string;
		try {
			outcome = await fetchOnce(ctx, request);
		} catch (error) {
			outcome = (error as Error)?.message ?? String(error);
		}
		if (request.signal?.aborted) throw new CancelledError();
		if (typeof outcome !== 'string') return outcome;
		if (/limit set in the node/.test(outcome)) throw downloadFailure(request, outcome);
		// n8n's in-memory binary mode keeps files as one base64 string (at most ~512 MB): retrying cannot help.
		if (/string longer than|ERR_STRING_TOO_LONG|Array buffer allocation failed/i.test(outcome)) {
			throw downloadFailure(
				request,
				`The result is too large for n8n's in-memory binary data mode (${outcome}). Set N8N_DEFAULT_BINARY_DATA_MODE=filesystem (or s3), or use Return As: URL Only`,
			);
		}
		lastProblem = outcome;
	}
	throw downloadFailure(request, `Downloading the result failed after ${attempts} attempts (${lastProblem})`);
}
