import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DashScopeClient } from '../engine/dashscope';
import { waitForTask, waitTimeoutError } from '../engine/poll';
import type { ExecutionScheduler } from '../engine/scheduler';
import { submitTask } from '../engine/submit';
import { callSync } from '../engine/syncCall';
import { DashScopeCallError, terminalFailure } from '../engine/task';
import type { TemporaryUploader } from '../engine/upload';
import type { ChainSpec, DetectStep, TemplateStep } from '../models/avatarChain';
import { detect as detectFamily, findDetectModel, parseDetectAnswer } from '../models/avatarDetect';
import type { DetectVerdict } from '../models/avatarDetect';
import type { FamilySpec, FieldValue, ModelSpec, RequestPath } from '../models/types';
import { MAX_WAIT_MINUTES_CAP } from '../options';
import type { NodeOptions } from '../options';
import { setPath } from '../paths';
import { InvalidFieldError } from '../request';
import type { BuiltRequest } from '../request';
import { uploadInputs } from './inputs';
import type { PreparedInput } from './inputs';

/**
 * The avatar chains (api-avatar.md §12): inside one item, the check (a synchronous detect call) and the
 * preparatory job (AnimateAnyone's template task) run before the paid generation; a failed check fails
 * the item before anything paid is sent. Every step's result goes into the output item.
 */

/** The part of a prepared item the chain reads and completes (see generate.ts). */
export interface ChainItem {
	model: ModelSpec;
	request: BuiltRequest;
	inputs: PreparedInput[];
	options: NodeOptions;
}

export interface ChainContext {
	client: DashScopeClient;
	scheduler: ExecutionScheduler;
	uploader: TemporaryUploader;
	itemIndex: number;
}

const section = (body: IDataObject, path: RequestPath) => {
	const [name, key] = path.split('.') as [string, string];
	return { values: (body[name] ?? {}) as IDataObject, key };
};

const valueAt = (body: IDataObject, path: RequestPath): unknown => {
	const { values, key } = section(body, path);
	return values[key];
};

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/**
 * The request of one step: the values it shares with the generation (`uses`) and the ones that are its
 * own (`takes`, removed from the generation request), with the binary inputs of those paths.
 */
function stepRequest(model: string, item: ChainItem, uses: readonly RequestPath[], takes: readonly RequestPath[]) {
	const body: IDataObject = { model, input: {}, parameters: {} };
	const inputs: PreparedInput[] = [];
	for (const path of [...uses, ...takes]) {
		const value = valueAt(item.request.body, path);
		if (!isEmpty(value)) setPath(body, path, value as FieldValue);
		inputs.push(...item.inputs.filter((input) => input.upload.path === path));
	}
	for (const path of takes) {
		const { values, key } = section(item.request.body, path);
		delete values[key];
		item.inputs = item.inputs.filter((input) => input.upload.path !== path);
	}
	return { body, inputs };
}

/** Avatar → Detect fields the model fixes or defaults (Emoji's ratio is always 1:1) that the generation does not carry. */
function withDetectDefaults(body: IDataObject, model: ModelSpec): IDataObject {
	for (const field of detectFamily.fields) {
		const rule = model.fields[field.name];
		if (rule?.default !== undefined && isEmpty(valueAt(body, field.path))) setPath(body, field.path, rule.default);
	}
	return body;
}

const oss = (body: IDataObject) => JSON.stringify(body).includes('"oss://');

/** One detect call, paced by the detect model's own rate, its answer checked against the model's shape. */
async function detectCall(client: DashScopeClient, scheduler: ExecutionScheduler, model: ModelSpec, body: IDataObject): Promise<DetectVerdict> {
	const response = await callSync(client, model.endpoint ?? detectFamily.endpoint, body, {
		gate: scheduler.submitGate(model.id, model.limits.submitRps),
		signal: scheduler.signal,
		ossResolve: oss(body),
		resendLost: true,
	});
	const verdict = parseDetectAnswer(model.id, response.body);
	if ('problem' in verdict) {
		throw new DashScopeCallError({
			code: 'UnexpectedAnswer',
			message: `${model.id} answered in a shape the node does not know (${verdict.problem})`,
			requestId: typeof response.body.request_id === 'string' ? response.body.request_id : undefined,
			advice: 'Nothing was generated. Try again; if it keeps happening, the service changed its answer.',
		});
	}
	return verdict;
}

/** The JSON a workflow can branch on: the pass flag and reason, plus the service's own answer fields. */
function detectJson(model: string, verdict: DetectVerdict): IDataObject {
	const json: IDataObject = { model, pass: verdict.pass };
	if (verdict.reason) json.reason = verdict.reason;
	if (verdict.code) json.code = verdict.code;
	json.detection = verdict.output;
	if (verdict.imageCount !== undefined) json.imageCount = verdict.imageCount;
	if (verdict.requestId) json.requestId = verdict.requestId;
	return json;
}

/** Avatar → Detect: the answer is the output, passed or not (a workflow branches on `pass`). */
export async function detectItem(client: DashScopeClient, scheduler: ExecutionScheduler, item: ChainItem): Promise<INodeExecutionData> {
	const verdict = await detectCall(client, scheduler, item.model, item.request.body);
	return { json: detectJson(item.model.id, verdict) };
}

async function runDetect(ctx: ChainContext, step: DetectStep, item: ChainItem) {
	const model = findDetectModel(step.model);
	if (!model) throw new Error(`Unknown detect model ${step.model}`);
	const { body, inputs } = stepRequest(model.id, item, step.uses, step.takes ?? []);
	// Temporary files are bound to the model named at upload: the check gets its own copy.
	const inputFiles = await uploadInputs(ctx.uploader, withDetectDefaults(body, model), inputs);
	const verdict = await detectCall(ctx.client, ctx.scheduler, model, body);
	if (!verdict.pass) {
		throw new DashScopeCallError({
			code: verdict.code ?? 'DetectFailed',
			message: `The image did not pass ${model.id}: ${verdict.reason ?? 'the service gave no reason'}`,
			requestId: verdict.requestId,
			advice:
				'Nothing was sent to the paid generation (only the check is billed). Use another photo: one person, facing the camera, face unobstructed, sharp. Avatar → Detect checks photos on their own.',
		});
	}
	for (const [from, to] of Object.entries(step.carry ?? {})) setPath(item.request.body, to, verdict.output[from] as string[]);
	return { json: detectJson(model.id, verdict), inputFiles };
}

async function runTemplate(ctx: ChainContext, step: TemplateStep, item: ChainItem): Promise<{ json: IDataObject; inputFiles: IDataObject[] }> {
	const { body, inputs } = stepRequest(step.model, item, [], step.takes);
	const existing = valueAt(item.request.body, step.resultPath);
	if (!isEmpty(existing)) return { json: { templateId: existing, template: { reused: true } }, inputFiles: [] };
	const inputFiles = await uploadInputs(ctx.uploader, body, inputs);
	const { client, scheduler } = ctx;
	const submitted = await submitTask(client, step.endpoint, body, {
		ossResolve: oss(body),
		gate: scheduler.submitGate(step.model, step.limits.submitRps),
		scheduler,
		itemIndex: ctx.itemIndex,
		retryUntil: Date.now() + item.options.maxWaitMinutes * 60_000,
	});
	const waited = await waitForTask(client, submitted.taskId, {
		maxRunMs: item.options.maxWaitMinutes * 60_000,
		ceiling: submitted.submittedAt + MAX_WAIT_MINUTES_CAP * 60_000,
		scheduler,
		model: { id: step.model, typicalSeconds: step.typicalSeconds },
		submittedAt: submitted.submittedAt,
	});
	if (!waited.done) {
		throw waitTimeoutError(
			submitted.taskId,
			waited,
			submitted.status,
			'When it has finished, Task → Get shows its template_id: run again with it under Template ID instead of making a new template.',
		);
	}
	const failure = terminalFailure(waited.task);
	if (failure) throw new DashScopeCallError(failure);
	const templateId = waited.task.output[step.resultField];
	if (typeof templateId !== 'string' || !templateId) {
		throw new DashScopeCallError({
			code: 'UnexpectedAnswer',
			message: `${step.model} succeeded without output.${step.resultField}`,
			taskId: submitted.taskId,
			taskStatus: waited.task.status,
			advice: 'Inspect the task with Task → Get.',
		});
	}
	scheduler.noteStatus(submitted.taskId, waited.task.status);
	setPath(item.request.body, step.resultPath, templateId);
	const template: IDataObject = { taskId: submitted.taskId, model: step.model, reused: false };
	if (waited.task.usage) template.usage = waited.task.usage;
	return { json: { templateId, template }, inputFiles };
}

/**
 * Runs a family's steps for one item and completes its generation request (detected boxes, template
 * ID). Throws, before any generation request, when the check fails or a step fails.
 */
export async function runChain(chain: ChainSpec, ctx: ChainContext, item: ChainItem): Promise<{ json: IDataObject; inputFiles: IDataObject[] }> {
	const detect = await runDetect(ctx, chain.detect, item);
	const json: IDataObject = { detect: detect.json };
	const inputFiles = [...detect.inputFiles];
	if (chain.template) {
		const template = await runTemplate(ctx, chain.template, item);
		Object.assign(json, template.json);
		inputFiles.push(...template.inputFiles);
	}
	return { json, inputFiles };
}

/**
 * Checked with the other fields, before anything is sent: a template job needs its input unless the
 * generation already has the job's result (AnimateAnyone: a motion video, or an existing template ID).
 */
export function checkChainInputs(family: FamilySpec, model: ModelSpec, request: BuiltRequest): void {
	const step = family.chain?.template;
	if (!step || !isEmpty(valueAt(request.body, step.resultPath))) return;
	const given = step.takes.some((path) => !isEmpty(valueAt(request.body, path)) || request.uploads.some((upload) => upload.path === path));
	if (given) return;
	const labelOf = (path: RequestPath) => family.fields.find((field) => field.path === path)?.label ?? path;
	const input = family.fields.find((field) => field.path === step.takes[0]) ?? family.fields[0];
	throw new InvalidFieldError(
		input,
		`${labelOf(step.takes[0])} or ${labelOf(step.resultPath)} is required for model ${model.id}: a motion video to make a template from, or the ID of a template made before`,
	);
}
