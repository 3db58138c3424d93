import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { FieldDef } from '../models/types';

/**
 * What a submission refused with a DashScope error code is worth: `retry` (the service certainly created
 * no task and the cause clears by itself), `once` (one more try helps sometimes), `final` (retrying cannot
 * help). From the retry column of api-platform.md §3.2; codes missing here are final.
 */
export type RefusalClass = 'throttled' | 'capacity' | 'internal' | 'once' | 'final';

interface CodeFacts {
	/** What the user should do. */
	advice?: string;
	/** How a submission answered with this code is retried. */
	submit: RefusalClass;
}

/**
 * DashScope error codes: the advice shown to users and how a refused submission is retried, one entry
 * per documented code (api-platform.md §3.2). Matched by exact code first, then by prefix, so
 * `Throttling.BurstRate` finds `Throttling` and `InternalError.Algo` finds `InternalError`.
 */
const CODES: Record<string, CodeFacts> = {
	InvalidApiKey: {
		submit: 'final',
		advice:
			'Check the API key in the DashScope credential. Keys are per region: the key must belong to the region (or workspace) selected there.',
	},
	invalid_api_key: { submit: 'final' },
	'NOT AUTHORIZED': { submit: 'final', advice: 'Check the Workspace ID in the DashScope credential and that the key belongs to that workspace.' },
	AccessDenied: {
		submit: 'final',
		advice: 'The account may lack access to this model, or Model Studio is not activated. Check the model in the Model Studio console.',
	},
	'AccessDenied.Unpurchased': { submit: 'final', advice: 'Activate Alibaba Cloud Model Studio for this account, then retry.' },
	'Model.AccessDenied': { submit: 'final', advice: 'This workspace key has no permission for the model. Grant it in the Model Studio console.' },
	'Workspace.AccessDenied': { submit: 'final', advice: 'The key has no access to the workspace. Check the Workspace ID in the credential.' },
	'AllocationQuota.FreeTierOnly': {
		submit: 'final',
		advice: 'The free quota is used up and "free tier only" is on. Turn it off in the Model Studio console to pay per use.',
	},
	ModelNotFound: {
		submit: 'final',
		advice: 'The model is not available in this region. Pick a model the region offers, or change the region in the credential.',
	},
	model_not_found: { submit: 'final' },
	WorkSpaceNotFound: { submit: 'final', advice: 'The Workspace ID in the DashScope credential does not exist in this region.' },
	Throttling: {
		submit: 'throttled',
		advice:
			'The account-wide rate limit was exceeded (shared with every workflow and app using this account). Retry later or run fewer items at once.',
	},
	LimitRequests: { submit: 'throttled' },
	limit_requests: { submit: 'throttled' },
	limit_burst_rate: { submit: 'throttled' },
	// "Allocated quota exceeded" clears; "Free allocated quota exceeded" does not (see refusalClass).
	'Throttling.AllocationQuota': { submit: 'throttled', advice: 'The allocated quota is exhausted. Wait for it to renew or raise it in the console.' },
	insufficient_quota: {
		submit: 'throttled',
		advice:
			'A quota is used up. "Free allocated quota exceeded": the free quota is gone and the model may only use it (turn off "free tier only" in the Model Studio console to pay per use); "Allocated quota exceeded" clears by itself.',
	},
	RequestTimeOut: { submit: 'internal', advice: 'The service timed out. Try again.' },
	InvalidParameter: { submit: 'final', advice: 'A request field was rejected. Check the fields named in the message against the model.' },
	invalid_parameter_error: { submit: 'final' },
	// Download time-outs of input files are worth one more try; format and header problems are not (see refusalClass).
	'InvalidParameter.DataInspection': {
		submit: 'final',
		advice: 'The service could not download or read an input file. Make sure every URL is public, not expired, and in a supported format.',
	},
	InvalidURL: { submit: 'final', advice: 'An input URL is invalid or unreachable from Alibaba Cloud. Use a public http(s) URL.' },
	'InvalidURL.Timeout': { submit: 'once', advice: 'The service timed out downloading an input URL. Make sure the host answers quickly.' },
	'BadRequest.InputDownloadFailed': {
		submit: 'final',
		advice: 'The service could not download an input file. Check the URL is public and the file within the size limit.',
	},
	'BadRequest.TooLarge': { submit: 'final', advice: 'The request is too large. Pass big files as URLs instead of inline data.' },
	BadRequest: { submit: 'final' },
	InvalidImage: { submit: 'final', advice: 'An input image failed the service checks (format, size, face or person). Use another image.' },
	InvalidFile: { submit: 'final', advice: 'An input file failed the service checks (format, size or duration). Use another file.' },
	InvalidImageFormat: { submit: 'final' },
	InvalidImageResolution: { submit: 'final' },
	DataInspectionFailed: {
		submit: 'final',
		advice: 'Content moderation flagged the input or the output. Change the prompt or the input media and try again.',
	},
	data_inspection_failed: { submit: 'final' },
	IPInfringementSuspect: {
		submit: 'final',
		advice: 'The input or output was flagged as possible intellectual-property infringement. Change the prompt or media.',
	},
	Arrearage: { submit: 'final', advice: 'The Alibaba Cloud account has an overdue payment. Top up the account, then retry.' },
	CommodityNotPurchased: { submit: 'final', advice: 'The model or service is not purchased for this account.' },
	PrepaidBillOverdue: { submit: 'final', advice: 'The prepaid bill is overdue. Settle it in the Alibaba Cloud console.' },
	PostpaidBillOverdue: { submit: 'final', advice: 'The postpaid bill is overdue. Settle it in the Alibaba Cloud console.' },
	UnsupportedOperation: { submit: 'final', advice: 'Only tasks that are still PENDING can be cancelled.' },
	'InternalError.Timeout': { submit: 'final', advice: 'The service gave up after 3 hours without a result. Submit the task again; nothing was charged.' },
	'InternalError.Algo': { submit: 'once', advice: 'The model failed while generating. Try again; failed tasks are not charged.' },
	InternalError: { submit: 'internal', advice: 'The service failed internally. Try again; failed tasks are not charged.' },
	internal_error: { submit: 'internal' },
	SystemError: { submit: 'internal', advice: 'The service failed internally. Try again later.' },
	ModelServiceFailed: { submit: 'internal', advice: 'The model service failed. Try again later.' },
	ModelServingError: { submit: 'capacity', advice: 'The model is at capacity right now. Try again in a few minutes.' },
	ModelUnavailable: { submit: 'capacity', advice: 'The model is temporarily unavailable. Try again later.' },
};

/** The entry of the code itself, else of its longest dotted prefix, among the entries that have `wanted`. */
function lookup(code: string | undefined, wanted: (facts: CodeFacts) => boolean): CodeFacts | undefined {
	if (!code) return undefined;
	if (CODES[code] && wanted(CODES[code])) return CODES[code];
	const prefix = Object.keys(CODES)
		.filter((key) => wanted(CODES[key]) && code.startsWith(`${key}.`))
		.sort((a, b) => b.length - a.length)[0];
	return prefix ? CODES[prefix] : undefined;
}

const factsOf = (code: string | undefined) => lookup(code, () => true);

export const adviceFor = (code: string | undefined) => lookup(code, (facts) => facts.advice !== undefined)?.advice;

/**
 * How to treat a submission the service refused with an error code (a definite answer: no task was
 * created). Unknown codes follow the HTTP status: 429 and 503 are throttling and capacity, other 5xx
 * internal, 4xx final.
 */
export function refusalClass(status: number, code: string, message: string): RefusalClass {
	// "Free allocated quota exceeded" (api-platform.md §3.2: do not retry): the free quota is gone for good.
	// Whatever the code spelling (Throttling.AllocationQuota, insufficient_quota).
	if (/free allocated quota/i.test(message)) return 'final';
	if ((code === 'InvalidParameter.DataInspection' || code === 'BadRequest.InputDownloadFailed') && /time(d)? ?out/i.test(message)) {
		return 'once';
	}
	const known = factsOf(code)?.submit;
	if (known) return known;
	if (status === 429) return 'throttled';
	if (status === 503) return 'capacity';
	if (status >= 500) return 'internal';
	return 'final';
}

/** Facts about a failed call or task. Never holds request headers, so the key cannot leak through it. */
export interface DashScopeFailure {
	message: string;
	code?: string;
	httpCode?: number;
	requestId?: string;
	taskId?: string;
	taskStatus?: string;
	resultUrl?: string;
	/** How long the node waited for the task before it gave up (wait timeouts). */
	waitedSeconds?: number;
	/** Extra guidance that overrides the code's advice. */
	advice?: string;
	/** A reusable AnimateAnyone motion template made (and billed) before the failure. */
	templateId?: string;
}

/** A NodeApiError built only from sanitized facts (never from an HTTP client error object). */
export function dashScopeError(node: INode, failure: DashScopeFailure, itemIndex?: number): NodeApiError {
	const body: JsonObject = { message: failure.message };
	if (failure.code) body.code = failure.code;
	if (failure.requestId) body.request_id = failure.requestId;
	if (failure.taskId) body.task_id = failure.taskId;
	if (failure.taskStatus) body.task_status = failure.taskStatus;
	if (failure.resultUrl) body.result_url = failure.resultUrl;
	if (failure.templateId) body.template_id = failure.templateId;
	const prefix = failure.code ? `${failure.code}: ` : '';
	const description = [failure.advice ?? adviceFor(failure.code), failure.taskId ? `Task ID: ${failure.taskId}` : undefined]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(node, body, {
		message: `${prefix}${failure.message}`,
		description: description || undefined,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex,
	});
	// Keep the facts machine-readable for continueOnFail output.
	Object.assign(error, { dashScope: failure });
	return error;
}

export function failureOf(error: unknown): DashScopeFailure | undefined {
	return (error as { dashScope?: DashScopeFailure } | undefined)?.dashScope;
}

/** A failed call or task, as facts; the node turns it into a NodeApiError for the right item. */
export class DashScopeCallError extends Error {
	constructor(readonly failure: DashScopeFailure) {
		super(failure.message);
	}
}

/** The execution was stopped (or the item's work was abandoned): not a failure of the item. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
	}
}

/** A value the model does not accept. The message names the field, the model and what is allowed. */
export class InvalidFieldError extends Error {
	constructor(
		readonly field: FieldDef | undefined,
		message: string,
	) {
		super(message);
	}
}
