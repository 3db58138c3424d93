import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DashScopeClient } from '../engine/dashscope';
import { waitUntilDone } from '../engine/poll';
import type { ExecutionScheduler } from '../engine/scheduler';
import { submitTask } from '../engine/submit';
import { callSync } from '../engine/syncCall';
import { terminalFailure } from '../engine/taskAnswer';
import type { TemporaryUploader } from '../engine/upload';
import type { ChainSpec, DetectStep, TemplateStep } from '../models/avatar/chain';
import { detect as detectFamily, findDetectModel } from '../models/avatar/detect';
import type { FamilySpec, FieldValue, ModelSpec, RequestPath } from '../models/types';
import { MAX_WAIT_MINUTES_CAP } from '../description/options';
import type { NodeOptions } from '../description/options';
import { isEmptyValue, setPath } from '../request/paths';
import type { BuiltRequest } from '../request/build';
import { uploadInputs } from './inputs';
import type { PreparedInput } from './inputs';
import { DashScopeCallError, InvalidFieldError } from '../errors';
import { type DetectVerdict, parseDetectAnswer } from '../engine/detectAnswers';
import { requestIdOf } from '../engine/answers';
import { type ChainOptions, knownBoxes } from '../description/chainOptions';

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
	/** Known face boxes (the check is skipped) and dedicated deployment names. */
	chainOptions?: ChainOptions;
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


/**
 * The request of one step: the values it shares with the generation (`uses`) and the ones that are its
 * own (`takes`, removed from the generation request), with the binary inputs of those paths.
 */
export function stepRequest(model: string, item: ChainItem, uses: readonly RequestPath[], takes: readonly RequestPath[]) {
	const body: IDataObject = { model, input: {}, parameters: {} };
	const inputs: PreparedInput[] = [];
	for (const path of [...uses, ...takes]) {
		const value = valueAt(item.request.body, path);
		if (!isEmptyValue(value)) setPath(body, path, value as FieldValue);
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
export function withDetectDefaults(body: IDataObject, model: ModelSpec): IDataObject {
	for (const field of detectFamily.fields) {
		const rule = model.fields[field.name];
		if (rule?.default !== undefined && isEmptyValue(valueAt(body, field.path))) setPath(body, field.path, rule.default);
	}
	return body;
}

/** One detect call, paced by the detect model's own rate, its answer checked against the model's shape. */
async function detectCall(client: DashScopeClient, scheduler: ExecutionScheduler, model: ModelSpec, body: IDataObject): Promise<DetectVerdict> {
	const response = await callSync(client, model.endpoint ?? detectFamily.endpoint, body, {
		gate: scheduler.submitGate(model.id, model.limits.submitRps),
		signal: scheduler.signal,
		resendLost: true,
	});
	const verdict = parseDetectAnswer(model.id, response.body);
	if ('problem' in verdict) {
		throw new DashScopeCallError({
			code: 'UnexpectedAnswer',
			message: `${model.id} answered in a shape the node does not know (${verdict.problem})`,
			requestId: requestIdOf(response.body),
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

/** Where the generation takes the check's boxes (the same paths for EMO and Emoji). */
export const KNOWN_BOX_PATHS = { faceBbox: 'input.face_bbox', extBbox: 'input.ext_bbox' } as const;

async function runDetect(ctx: ChainContext, step: DetectStep, item: ChainItem) {
	const model = findDetectModel(step.model);
	if (!model) throw new Error(`Unknown detect model ${step.model}`);
	const known = item.chainOptions;
	if (knownBoxes(known)) {
		// The boxes of an earlier check: the check is not paid again. Its own values still leave the generation request.
		for (const path of step.takes ?? []) delete section(item.request.body, path).values[section(item.request.body, path).key];
		setPath(item.request.body, KNOWN_BOX_PATHS.faceBbox, known!.faceBbox!);
		setPath(item.request.body, KNOWN_BOX_PATHS.extBbox, known!.extBbox!);
		return { json: { model: model.id, skipped: true, reason: 'Known Face Box and Known Extended Box were given' } as IDataObject, inputFiles: [] };
	}
	const { body, inputs } = stepRequest(known?.checkDeploymentName ?? model.id, item, step.uses, step.takes ?? []);
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
	if (!isEmptyValue(existing)) return { json: { templateId: existing as string, template: { reused: true } }, inputFiles: [] };
	const inputFiles = await uploadInputs(ctx.uploader, body, inputs);
	const { client, scheduler } = ctx;
	const submitted = await submitTask(client, step.endpoint, body, {
		gate: scheduler.submitGate(step.model, step.limits.submitRps),
		scheduler,
		itemIndex: ctx.itemIndex,
		retryUntil: Date.now() + item.options.maxWaitMinutes * 60_000,
	});
	const resume = 'When it has finished, Task → Get shows its template_id: run again with it under Template ID instead of making a new template.';
	const task = await waitUntilDone(client, submitted.taskId, {
		maxRunMs: item.options.maxWaitMinutes * 60_000,
		ceiling: submitted.submittedAt + MAX_WAIT_MINUTES_CAP * 60_000,
		scheduler,
		model: { id: step.model, typicalSeconds: step.typicalSeconds },
		submittedAt: submitted.submittedAt,
	}, { status: submitted.status, howToResume: resume });
	const failure = terminalFailure(task);
	if (failure) throw new DashScopeCallError(failure);
	const templateId = task.output[step.resultField];
	if (typeof templateId !== 'string' || !templateId) {
		throw new DashScopeCallError({
			code: 'UnexpectedAnswer',
			message: `${step.model} succeeded without output.${step.resultField}`,
			taskId: submitted.taskId,
			taskStatus: task.status,
			advice: 'Inspect the task with Task → Get.',
		});
	}
	scheduler.noteStatus(submitted.taskId, task.status);
	setPath(item.request.body, step.resultPath, templateId);
	const template: IDataObject = { taskId: submitted.taskId, model: step.model, reused: false };
	if (task.usage) template.usage = task.usage;
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
 * Checked with the other fields, before anything is sent:
 * - a temporary `oss://` URL is bound to the one model it was uploaded for (api-platform.md §2.1), so one given
 *   in a field that goes to both the check and the generation would be refused by one of two paid steps;
 * - a template job needs its input unless the generation already has the job's result (AnimateAnyone: a motion
 *   video, or an existing template ID).
 */
export function checkChainInputs(family: FamilySpec, model: ModelSpec, request: BuiltRequest, chainOptions?: ChainOptions): void {
	const chain = family.chain;
	if (!chain) return;
	const labelOf = (path: RequestPath) => family.fields.find((field) => field.path === path)?.label ?? path;
	if (!knownBoxes(chainOptions)) {
		for (const path of chain.detect.uses) {
			const value = valueAt(request.body, path);
			if (typeof value !== 'string' || !value.startsWith('oss://')) continue;
			const field = family.fields.find((f) => f.path === path);
			throw new InvalidFieldError(
				field,
				`${labelOf(path)} is a temporary oss:// URL, which works only for the one model it was uploaded for; ${model.id} sends this input to two models (the check ${chain.detect.model}, then ${model.id}), so one of the two paid steps would be refused. Give the file as binary data instead (the node uploads a copy for each model) or a public http(s) URL.`,
			);
		}
	}
	const step = chain.template;
	if (!step || !isEmptyValue(valueAt(request.body, step.resultPath))) return;
	const given = step.takes.some((path) => !isEmptyValue(valueAt(request.body, path)) || request.uploads.some((upload) => upload.path === path));
	if (given) return;
	const input = family.fields.find((field) => field.path === step.takes[0]) ?? family.fields[0];
	throw new InvalidFieldError(
		input,
		`${labelOf(step.takes[0])} or ${labelOf(step.resultPath)} is required for model ${model.id}: a motion video to make a template from, or the ID of a template made before`,
	);
}
