import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DashScopeClient } from '../engine/dashscope';
import { waitForTask, waitTimeoutError } from '../engine/poll';
import { ExecutionScheduler, runAll } from '../engine/scheduler';
import { submitTask } from '../engine/submit';
import type { Submitted } from '../engine/submit';
import { taskJson } from '../engine/task';
import type { TaskSnapshot } from '../engine/task';
import { findModel } from '../models';
import type { FamilySpec, ModelSpec } from '../models/types';
import { readOptions } from '../options';
import type { NodeOptions } from '../options';
import { buildRequest, InvalidFieldError } from '../request';
import type { BuiltRequest } from '../request';
import { TemporaryUploader } from '../engine/upload';
import { deliverTask } from './deliver';
import { prepareInputs, uploadInputs } from './inputs';
import type { PreparedInput } from './inputs';
import { collectOutput, errorItem, toNodeError } from './itemErrors';
import { readValues } from './values';

/** Items run at once; the service queues tasks beyond a model's concurrency as PENDING. */
const ITEM_CONCURRENCY = 100;

interface PreparedItem {
	model: ModelSpec;
	request: BuiltRequest;
	inputs: PreparedInput[];
	options: NodeOptions;
}

const isPrepared = (item: PreparedItem | INodeExecutionData): item is PreparedItem => 'request' in item;

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

/** Upload → submit → wait → download for one item. */
async function generateOne(
	client: DashScopeClient,
	ctx: IExecuteFunctions,
	scheduler: ExecutionScheduler,
	uploader: TemporaryUploader,
	family: FamilySpec,
	item: PreparedItem,
): Promise<INodeExecutionData[]> {
	const inputFiles = await uploadInputs(uploader, item.request.body, item.inputs);
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
