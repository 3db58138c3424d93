import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/**
 * DashScope error codes → what the user should do (api-platform.md §3). Matched by exact code first,
 * then by prefix, so `Throttling.BurstRate` finds the `Throttling` advice.
 */
const ADVICE: Record<string, string> = {
	InvalidApiKey:
		'Check the API key in the DashScope credential. Keys are per region: the key must belong to the region (or workspace) selected there.',
	'NOT AUTHORIZED': 'Check the Workspace ID in the DashScope credential and that the key belongs to that workspace.',
	AccessDenied:
		'The account may lack access to this model, or Model Studio is not activated. Check the model in the Model Studio console.',
	'AccessDenied.Unpurchased': 'Activate Alibaba Cloud Model Studio for this account, then retry.',
	'Model.AccessDenied': 'This workspace key has no permission for the model. Grant it in the Model Studio console.',
	'Workspace.AccessDenied': 'The key has no access to the workspace. Check the Workspace ID in the credential.',
	'AllocationQuota.FreeTierOnly':
		'The free quota is used up and "free tier only" is on. Turn it off in the Model Studio console to pay per use.',
	ModelNotFound:
		'The model is not available in this region. Pick a model the region offers, or change the region in the credential.',
	WorkSpaceNotFound: 'The Workspace ID in the DashScope credential does not exist in this region.',
	Throttling:
		'The account-wide rate limit was exceeded (shared with every workflow and app using this account). Retry later or run fewer items at once.',
	'Throttling.AllocationQuota': 'The allocated quota is exhausted. Wait for it to renew or raise it in the console.',
	InvalidParameter: 'A request field was rejected. Check the fields named in the message against the model.',
	'InvalidParameter.DataInspection':
		'The service could not download or read an input file. Make sure every URL is public, not expired, and in a supported format.',
	InvalidURL: 'An input URL is invalid or unreachable from Alibaba Cloud. Use a public http(s) URL.',
	'BadRequest.InputDownloadFailed': 'The service could not download an input file. Check the URL is public and the file within the size limit.',
	DataInspectionFailed:
		'Content moderation flagged the input or the output. Change the prompt or the input media and try again.',
	IPInfringementSuspect:
		'The input or output was flagged as possible intellectual-property infringement. Change the prompt or media.',
	Arrearage: 'The Alibaba Cloud account has an overdue payment. Top up the account, then retry.',
	CommodityNotPurchased: 'The model or service is not purchased for this account.',
	PrepaidBillOverdue: 'The prepaid bill is overdue. Settle it in the Alibaba Cloud console.',
	PostpaidBillOverdue: 'The postpaid bill is overdue. Settle it in the Alibaba Cloud console.',
	UnsupportedOperation: 'Only tasks that are still PENDING can be cancelled.',
	'InternalError.Timeout':
		'The service gave up after 3 hours without a result. Submit the task again; nothing was charged.',
	InternalError: 'The service failed internally. Try again; failed tasks are not charged.',
	ModelServingError: 'The model is at capacity right now. Try again in a few minutes.',
	ModelUnavailable: 'The model is temporarily unavailable. Try again later.',
};

export function adviceFor(code: string | undefined): string | undefined {
	if (!code) return undefined;
	if (ADVICE[code]) return ADVICE[code];
	const prefix = Object.keys(ADVICE)
		.filter((key) => code.startsWith(`${key}.`))
		.sort((a, b) => b.length - a.length)[0];
	return prefix ? ADVICE[prefix] : undefined;
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
	/** Extra guidance that overrides the code's advice. */
	advice?: string;
}

/** A NodeApiError built only from sanitized facts (never from an HTTP client error object). */
export function dashScopeError(node: INode, failure: DashScopeFailure, itemIndex?: number): NodeApiError {
	const body: JsonObject = { message: failure.message };
	if (failure.code) body.code = failure.code;
	if (failure.requestId) body.request_id = failure.requestId;
	if (failure.taskId) body.task_id = failure.taskId;
	if (failure.taskStatus) body.task_status = failure.taskStatus;
	if (failure.resultUrl) body.result_url = failure.resultUrl;
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

export function invalidInput(node: INode, message: string, itemIndex: number, description?: string): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, description });
}
