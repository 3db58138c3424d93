import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DashScopeClient } from '../engine/dashscope';
import { waitForTask, waitTimeoutError } from '../engine/poll';
import { ExecutionScheduler, runAll } from '../engine/scheduler';
import { submitTask } from '../engine/submit';
import type { Submitted } from '../engine/submit';
import { taskJson } from '../engine/task';
import type { TaskSnapshot } from '../engine/task';
import { findModel } from '../models';
import type { FamilySpec, FieldDef, MediaKind, ModelSpec } from '../models/types';
import { readOptions } from '../options';
import type { NodeOptions } from '../options';
import { buildRequest, InvalidFieldError, listCountProblem, setPath } from '../request';
import type { BuiltRequest, PendingUpload } from '../request';
import { readBinaryInput } from '../engine/binaryInput';
import type { BinaryInput } from '../engine/binaryInput';
import { checkMedia } from '../engine/mediaCheck';
import { FORMAT_KIND, inspectMedia } from '../engine/mediaInspect';
import { TemporaryUploader, temporaryUploadProblem } from '../engine/upload';
import { DEFAULT_BINARY_PROPERTY, mediaParamNames, splitNames } from '../mediaParams';
import { deliverTask } from './deliver';
import { collectOutput, toNodeError, errorItem } from './itemErrors';

/** Items run at once; the service queues tasks beyond a model's concurrency as PENDING. */
const ITEM_CONCURRENCY = 100;

/** A binary input checked against the model's limits, waiting for its upload. */
interface PreparedInput {
	upload: PendingUpload;
	file: BinaryInput;
	kind?: MediaKind;
}

interface PreparedItem {
	model: ModelSpec;
	request: BuiltRequest;
	inputs: PreparedInput[];
	options: NodeOptions;
}

const isPrepared = (item: PreparedItem | INodeExecutionData): item is PreparedItem => 'request' in item;

/** Reads one item's field values: top-level parameters plus the Additional Fields collection. */
function readValues(ctx: IExecuteFunctions, family: FamilySpec, model: ModelSpec, itemIndex: number): Record<string, unknown> {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const values: Record<string, unknown> = {};
	const read = (field: FieldDef, name: string, fallback?: unknown) =>
		field.placement === 'main' ? ctx.getNodeParameter(name, itemIndex, fallback) : (additional[name] ?? fallback);
	for (const field of family.fields) {
		if (!model.fields[field.name]) continue;
		if (field.type === 'media' || field.type === 'mediaList') {
			const names = mediaParamNames(field);
			if (read(field, names.source, 'url') === 'binary') {
				values[field.name] = { binaryProperties: splitNames(String(read(field, names.binaryProperty, DEFAULT_BINARY_PROPERTY))) };
				continue;
			}
		}
		values[field.name] = read(field, field.name);
	}
	return values;
}

/** Reads and checks every binary input before anything is uploaded or submitted. */
async function prepareInputs(ctx: IExecuteFunctions, client: DashScopeClient, model: ModelSpec, request: BuiltRequest, itemIndex: number) {
	const inputs: PreparedInput[] = [];
	for (const upload of request.uploads) {
		const subject = mediaParamNames(upload.field).subject;
		const unavailable = temporaryUploadProblem(client.baseUrl);
		if (unavailable) {
			throw new InvalidFieldError(upload.field, `${subject} cannot come from a binary file here: ${unavailable}. Give a public URL instead.`);
		}
		const file = await readBinaryInput(ctx, itemIndex, upload.binaryProperty);
		const label = `${subject} (binary field "${upload.binaryProperty}")`;
		const { kind, limits, problem: kindProblem } = limitsFor(upload, file, label, model);
		const problem = kindProblem ?? (limits && checkMedia(label, model.id, limits, file));
		if (problem) throw new InvalidFieldError(upload.field, problem);
		inputs.push({ upload, file, kind });
	}
	// Lists: how many files of each kind, now that each file's kind is known from its bytes.
	for (const field of new Set(inputs.filter((i) => i.upload.index !== undefined).map((i) => i.upload.field))) {
		const members = inputs.filter((i) => i.upload.field === field);
		const problem = listCountProblem(field, members[0].upload.rule, model, members.map((i) => i.kind));
		if (problem) throw new InvalidFieldError(field, problem);
	}
	return inputs;
}

/** A single media field has one set of limits; a list's limits depend on each file's kind. */
function limitsFor(upload: PendingUpload, file: BinaryInput, label: string, model: ModelSpec) {
	const format = inspectMedia(file.head, { totalBytes: file.bytes, tail: file.tail }).format;
	const kind: MediaKind | undefined = format ? FORMAT_KIND[format] : undefined;
	if (upload.rule.media) return { kind, limits: upload.rule.media };
	const byKind = upload.rule.mediaByKind ?? {};
	const limits = kind ? byKind[kind] : undefined;
	if (limits) return { kind, limits };
	const accepted = Object.entries(byKind)
		.map(([k, l]) => `${k} (${l.formats.join(', ').toUpperCase()})`)
		.join(' or ');
	return { kind, problem: `${label} is ${format ? `a ${format.toUpperCase()} file` : 'not a recognised media file'}; ${model.id} accepts ${accepted}` };
}

async function prepare(ctx: IExecuteFunctions, family: FamilySpec, client: DashScopeClient, itemIndex: number): Promise<PreparedItem> {
	const modelId = ctx.getNodeParameter('model', itemIndex) as string;
	const model = findModel(family, modelId);
	if (!model) {
		throw new InvalidFieldError(
			family.fields[0],
			`Model "${modelId}" is not a ${family.displayName} model. Choose one of: ${family.models.map((m) => m.id).join(', ')}`,
		);
	}
	const request = buildRequest(family, model, readValues(ctx, family, model, itemIndex), client.region);
	const inputs = await prepareInputs(ctx, client, model, request, itemIndex);
	return { model, request, inputs, options: readOptions(ctx, itemIndex) };
}

/** Submit → wait → download for one item. */
/** Uploads the item's binary inputs (for the exact model name sent) and puts their oss:// URLs in the body. */
async function uploadInputs(uploader: TemporaryUploader, item: PreparedItem): Promise<IDataObject[]> {
	const uploaded: IDataObject[] = [];
	for (const { upload, file } of item.inputs) {
		const { url, expiresAt } = await uploader.upload(String(item.request.body.model), {
			fileName: file.fileName,
			mimeType: file.mimeType,
			bytes: file.bytes,
			data: file.data,
		});
		setPath(item.request.body, upload.path, url, upload.index);
		uploaded.push({ field: upload.field.name, binaryProperty: upload.binaryProperty, url, expiresAt });
	}
	return uploaded;
}

async function generateOne(
	client: DashScopeClient,
	ctx: IExecuteFunctions,
	scheduler: ExecutionScheduler,
	uploader: TemporaryUploader,
	family: FamilySpec,
	item: PreparedItem,
): Promise<INodeExecutionData[]> {
	const inputFiles = await uploadInputs(uploader, item);
	// Temporary files live 48 hours: say so next to the task, so a retry later knows to upload again.
	const withInputs = (output: INodeExecutionData): INodeExecutionData =>
		inputFiles.length ? { ...output, json: { ...output.json, inputFiles } } : output;
	const submitted = await submitTask(client, family.endpoint, item.request.body, {
		ossResolve: item.request.ossResolve,
		gate: scheduler.submitGate(item.model.id, item.model.limits.submitRps),
		signal: scheduler.signal,
	});
	scheduler.inFlight.set(submitted.taskId, submitted.status);
	try {
		return await waitAndDeliver(ctx, client, scheduler, family, item, submitted, withInputs);
	} finally {
		scheduler.inFlight.delete(submitted.taskId);
	}
}

async function waitAndDeliver(
	ctx: IExecuteFunctions,
	client: DashScopeClient,
	scheduler: ExecutionScheduler,
	family: FamilySpec,
	item: PreparedItem,
	submitted: Submitted,
	withInputs: (output: INodeExecutionData) => INodeExecutionData,
): Promise<INodeExecutionData[]> {
	const accepted: TaskSnapshot = { taskId: submitted.taskId, status: submitted.status, requestId: submitted.requestId, output: {} };
	if (!item.options.waitForCompletion) return [withInputs({ json: taskJson(accepted, item.model.id, []) })];

	const waited = await waitForTask(client, submitted.taskId, {
		deadline: submitted.submittedAt + item.options.maxWaitMinutes * 60_000,
		scheduler,
		model: item.model,
		submittedAt: submitted.submittedAt,
	});
	if (!waited.done) {
		throw waitTimeoutError(
			submitted.taskId,
			waited.task?.status ?? submitted.status,
			item.options.maxWaitMinutes,
			'Pick it up later with Task → Wait and this task ID, or raise Max Wait.',
		);
	}
	return [withInputs(await deliverTask(ctx, scheduler, waited.task, item.options, { model: item.model.id, family }))];
}

export async function executeGeneration(ctx: IExecuteFunctions, family: FamilySpec): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const client = await DashScopeClient.create(ctx);
	const scheduler = new ExecutionScheduler(ctx.getExecutionCancelSignal());
	const uploader = new TemporaryUploader(ctx, client, scheduler.signal);
	if (readOptions(ctx, 0).cancelQueuedOnStop) {
		ctx.onExecutionCancellation(() => {
			const queued = [...scheduler.inFlight].filter(([, status]) => status === 'PENDING').map(([taskId]) => taskId);
			void Promise.all(queued.map(async (taskId) => await client.cancelAfterStop(taskId)));
		});
	}

	// Validate every item (and check every input file) before any upload or paid request, so one bad
	// row cannot fail a half-submitted batch.
	const prepared: Array<PreparedItem | INodeExecutionData> = [];
	for (const itemIndex of items.keys()) {
		let failure: unknown;
		try {
			prepared.push(await prepare(ctx, family, client, itemIndex));
			continue;
		} catch (error) {
			failure = error;
		}
		const nodeError = toNodeError(ctx, failure, itemIndex);
		if (!ctx.continueOnFail()) throw nodeError;
		prepared.push(errorItem(nodeError, itemIndex));
	}

	const settled = await runAll(prepared.length, ITEM_CONCURRENCY, async (itemIndex) => {
		const item = prepared[itemIndex];
		if (!isPrepared(item)) return [item];
		return await generateOne(client, ctx, scheduler, uploader, family, item);
	});
	return collectOutput(ctx, settled);
}
