import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DashScopeClient } from '../engine/dashscope';
import { waitForTask, waitTimeoutError } from '../engine/poll';
import { ExecutionScheduler, runAll } from '../engine/scheduler';
import { submitTask } from '../engine/submit';
import { taskJson } from '../engine/task';
import type { TaskSnapshot } from '../engine/task';
import { findModel } from '../models';
import type { FamilySpec, ModelSpec } from '../models/types';
import { readOptions } from '../options';
import type { NodeOptions } from '../options';
import { buildRequest, InvalidFieldError } from '../request';
import type { BuiltRequest } from '../request';
import { deliverTask } from './deliver';
import { collectOutput, toNodeError, errorItem } from './itemErrors';

/** Items run at once; the service queues tasks beyond a model's concurrency as PENDING. */
const ITEM_CONCURRENCY = 100;

interface PreparedItem {
	model: ModelSpec;
	request: BuiltRequest;
	options: NodeOptions;
}

const isPrepared = (item: PreparedItem | INodeExecutionData): item is PreparedItem => 'request' in item;

/** Reads one item's field values: top-level parameters plus the Additional Fields collection. */
function readValues(ctx: IExecuteFunctions, family: FamilySpec, model: ModelSpec, itemIndex: number): Record<string, unknown> {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const values: Record<string, unknown> = {};
	for (const field of family.fields) {
		if (!model.fields[field.name]) continue;
		values[field.name] = field.placement === 'main' ? ctx.getNodeParameter(field.name, itemIndex, undefined) : additional[field.name];
	}
	return values;
}

function prepare(ctx: IExecuteFunctions, family: FamilySpec, region: DashScopeClient['region'], itemIndex: number): PreparedItem {
	const modelId = ctx.getNodeParameter('model', itemIndex) as string;
	const model = findModel(family, modelId);
	if (!model) {
		throw new InvalidFieldError(
			family.fields[0],
			`Model "${modelId}" is not a ${family.displayName} model. Choose one of: ${family.models.map((m) => m.id).join(', ')}`,
		);
	}
	const request = buildRequest(family, model, readValues(ctx, family, model, itemIndex), region);
	return { model, request, options: readOptions(ctx, itemIndex) };
}

/** Submit → wait → download for one item. */
async function generateOne(
	client: DashScopeClient,
	ctx: IExecuteFunctions,
	scheduler: ExecutionScheduler,
	family: FamilySpec,
	item: PreparedItem,
): Promise<INodeExecutionData[]> {
	const submitted = await submitTask(client, family.endpoint, item.request.body, {
		ossResolve: item.request.ossResolve,
		gate: scheduler.submitGate(item.model.id, item.model.limits.submitRps),
		signal: scheduler.signal,
	});
	const accepted: TaskSnapshot = { taskId: submitted.taskId, status: submitted.status, requestId: submitted.requestId, output: {} };
	if (!item.options.waitForCompletion) return [{ json: taskJson(accepted, item.model.id, []) }];

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
	return [await deliverTask(ctx, scheduler, waited.task, item.options, { model: item.model.id, family })];
}

export async function executeGeneration(ctx: IExecuteFunctions, family: FamilySpec): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const client = await DashScopeClient.create(ctx);
	const scheduler = new ExecutionScheduler(ctx.getExecutionCancelSignal());

	// Validate every item before any paid request, so one bad row cannot fail a half-submitted batch.
	const prepared = items.map((_, itemIndex): PreparedItem | INodeExecutionData => {
		try {
			return prepare(ctx, family, client.region, itemIndex);
		} catch (error) {
			const nodeError = toNodeError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			return errorItem(nodeError, itemIndex);
		}
	});

	const settled = await runAll(prepared.length, ITEM_CONCURRENCY, async (itemIndex) => {
		const item = prepared[itemIndex];
		if (!isPrepared(item)) return [item];
		return await generateOne(client, ctx, scheduler, family, item);
	});
	return collectOutput(ctx, settled);
}
