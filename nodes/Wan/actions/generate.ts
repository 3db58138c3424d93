import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { estimateCost } from '../cost';
import type { CostEstimate } from '../cost';
import { cancelQueuedTasks } from '../engine/cancelOnStop';
import { DashScopeClient } from '../engine/dashscope';
import { waitUntilDone } from '../engine/poll';
import { ExecutionScheduler, runAll } from '../engine/scheduler';
import { modelRegionProblem } from '../models/shared/regions';
import { submitTask } from '../engine/submit';
import type { Submitted } from '../engine/submit';
import { callSync } from '../engine/syncCall';
import { syncSnapshot } from '../engine/taskAnswer';
import type { TaskSnapshot } from '../engine/taskAnswer';
import { findModel, limitsIn } from '../models';
import type { FamilySpec, ModelSpec } from '../models/types';
import { MAX_WAIT_MINUTES_CAP, readOptions } from '../description/options';
import type { NodeOptions } from '../description/options';
import { buildRequest } from '../request/build';
import type { BuiltRequest } from '../request/build';
import { TemporaryUploader } from '../engine/upload';
import { checkChainInputs, detectItem, runChain } from './chains';
import { chainDryRunItem, chainEstimate, planChain } from './chainSteps';
import { BudgetGuard, dryRunItem, estimateInputsOf } from './budget';
import { deliverTask, splitFiles, taskJson } from './deliver';
import { prepareInputs, uploadInputs } from './inputs';
import type { PreparedInput } from './inputs';
import { collectOutput, errorItem, toNodeError } from './itemErrors';
import { routeOf } from './route';
import type { Route } from './route';
import { readValues } from './values';
import { adviceFor, CancelledError, DashScopeCallError, InvalidFieldError } from '../errors';
import { type ChainOptions, readChainOptions } from '../description/chainOptions';

/** Items run at once; the service queues tasks beyond a model's concurrency as PENDING. */
const ITEM_CONCURRENCY = 100;

interface PreparedItem {
	model: ModelSpec;
	request: BuiltRequest;
	inputs: PreparedInput[];
	options: NodeOptions;
	/** Where the request goes (synchronous call or task) and in which shape. */
	route: Route;
	/** The item's cost from its fields and the list price, computed before anything is sent. */
	estimate: CostEstimate;
	/** Avatar chains: known face boxes, dedicated deployment names. */
	chainOptions: ChainOptions;
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
	const regionProblem = modelRegionProblem(model, client.region);
	if (regionProblem) {
		throw new NodeOperationError(ctx.getNode(), regionProblem, { itemIndex, description: 'Nothing was sent to DashScope.' });
	}
	const options = readOptions(ctx, itemIndex);
	const route = routeOf(family, { model, options });
	const request = buildRequest(family, model, readValues(ctx, family, model, itemIndex), client.region, route.protocol ?? null);
	const chainOptions = readChainOptions(ctx, family, itemIndex);
	// A dedicated deployment's name replaces the model id (uploads are bound to it too).
	if (chainOptions.deploymentName) request.body.model = chainOptions.deploymentName;
	checkChainInputs(family, model, request, chainOptions);
	const inputs = await prepareInputs(ctx, client, model, request, itemIndex);
	const prepared = { model, request, inputs, options, route, chainOptions };
	const estimate = family.chain
		? chainEstimate(planChain(family, prepared, client.region))
		: estimateCost(model.id, client.region, request.body, estimateInputsOf(request, inputs));
	return { ...prepared, estimate };
}

/** Upload → submit → wait → download for one item. */
/** What every item of one generation run shares. */
interface GenerationRun {
	ctx: IExecuteFunctions;
	client: DashScopeClient;
	scheduler: ExecutionScheduler;
	uploader: TemporaryUploader;
	family: FamilySpec;
}

async function generateOne(run: GenerationRun, item: PreparedItem, itemIndex: number): Promise<INodeExecutionData[]> {
	const { client, scheduler, uploader, family } = run;
	// Avatar families: the check (and template job) first; a failed check stops the item here.
	const chained = family.chain ? await runChain(family.chain, { client, scheduler, uploader, itemIndex }, item) : undefined;
	try {
		return await generateAfterChain(run, item, itemIndex, chained);
	} catch (error) {
		throw keepTemplateId(error, chained?.json.templateId, chained?.json.template);
	}
}

/**
 * A motion template made in this run was billed and is reusable: a failure after it keeps its ID (error item
 * and message), so the next run can reuse it instead of paying for a new one.
 */
function keepTemplateId(error: unknown, templateId: unknown, template: unknown): unknown {
	if (typeof templateId !== 'string' || (template as { reused?: boolean } | undefined)?.reused !== false) return error;
	const reuse = `The motion template ${templateId} made in this run is kept: run again with it under Template ID instead of making a new one.`;
	if (error instanceof DashScopeCallError) {
		error.failure.templateId = templateId;
		error.failure.advice = [error.failure.advice ?? adviceFor(error.failure.code), reuse].filter(Boolean).join(' ');
		return error;
	}
	if (error instanceof CancelledError) return error;
	if (error instanceof NodeOperationError) {
		error.description = [error.description, reuse].filter(Boolean).join(' ');
		return error;
	}
	return new DashScopeCallError({ code: 'GenerationFailed', message: (error as Error)?.message ?? String(error), templateId, advice: reuse });
}

async function generateAfterChain(
	run: GenerationRun,
	item: PreparedItem,
	itemIndex: number,
	chained: { json: IDataObject; inputFiles: IDataObject[] } | undefined,
): Promise<INodeExecutionData[]> {
	const { ctx, client, scheduler, uploader, family } = run;
	const inputFiles = [...(chained?.inputFiles ?? []), ...(await uploadInputs(uploader, item.request.body, item.inputs))];
	// Temporary files live 48 hours: say so next to the task, so a retry later knows to upload again.
	const withInputs = (output: INodeExecutionData): INodeExecutionData =>
		chained || inputFiles.length ? { ...output, json: { ...output.json, ...chained?.json, ...(inputFiles.length ? { inputFiles } : {}) } } : output;
	if (family.sync) return [withInputs(await detectItem(client, scheduler, item))];
	const limits = limitsIn(item.model, client.region);
	const gate = scheduler.submitGate(item.model.id, limits.submitRps);
	const route = item.route;
	if (route.sync) {
		const response = await scheduler.syncSlots(item.model.id, limits.concurrency).run(
			async () =>
				await callSync(client, route.endpoint, item.request.body, {
					gate,
					signal: scheduler.signal,
					timeoutMs: Math.min(item.options.maxWaitMinutes, SYNC_CALL_MAX_MINUTES) * 60_000,
					resendLost: false,
					retryUntil: Date.now() + item.options.maxWaitMinutes * 60_000,
				}),
		);
		const output = await deliverTask(ctx, scheduler, syncSnapshot(response), item.options, {
			model: item.model.id,
			family,
			cost: { region: client.region, request: item.request.body },
		});
		return splitFiles(output, item.options).map(withInputs);
	}
	const submitted = await submitTask(client, route.endpoint, item.request.body, {
		gate,
		scheduler,
		itemIndex,
		headers: route.headers,
		// Throttling is retried for as long as the item may wait (Max Wait).
		retryUntil: Date.now() + item.options.maxWaitMinutes * 60_000,
	});
	return await waitAndDeliver(ctx, client, scheduler, family, item, submitted, withInputs);
}

/**
 * A synchronous call holds one HTTP request open for the whole generation: at most this long, whatever Max Wait
 * says (image models answer within a few minutes).
 */
const SYNC_CALL_MAX_MINUTES = 10;

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

	const parameters = (item.request.body.parameters ?? {}) as IDataObject;
	const mode = typeof parameters.mode === 'string' ? parameters.mode : undefined;
	// Output length: the requested duration, else (animate) the driving video's length when read from a file.
	const duration = Number(parameters.duration ?? item.inputs.find((input) => input.kind === 'video')?.seconds);
	const perSecond = item.model.secondsPerOutputSecond;
	const resume = 'Pick it up later with Task → Wait and this task ID, or raise Max Wait.';
	const task = await waitUntilDone(client, submitted.taskId, {
		maxRunMs: item.options.maxWaitMinutes * 60_000,
		// The service itself gives up on a task 3 hours after it was submitted.
		ceiling: submitted.submittedAt + MAX_WAIT_MINUTES_CAP * 60_000,
		scheduler,
		model: {
			id: item.model.id,
			typicalSeconds: item.model.typicalSeconds,
			secondsPerOutputSecond: typeof perSecond === 'object' ? perSecond[mode ?? ''] : perSecond,
		},
		mode,
		outputSeconds: Number.isFinite(duration) && duration > 0 ? duration : undefined,
		submittedAt: submitted.submittedAt,
	}, { status: submitted.status, howToResume: resume });
	const output = await deliverTask(ctx, scheduler, task, item.options, {
		model: item.model.id,
		family,
		cost: { region: client.region, request: item.request.body },
	});
	scheduler.noteStatus(task.taskId, task.status, output.json.resultUrl as string | undefined);
	return splitFiles(output, item.options).map(withInputs);
}

export async function executeGeneration(ctx: IExecuteFunctions, family: FamilySpec): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const client = await DashScopeClient.create(ctx);
	const scheduler = ExecutionScheduler.of(ctx.getExecutionCancelSignal(), client);
	const uploader = new TemporaryUploader(ctx, client, scheduler.signal);
	if (readOptions(ctx, 0).cancelQueuedOnStop) {
		ctx.onExecutionCancellation(() => {
			const queued = [...scheduler.created.values()].filter((task) => task.status === 'PENDING').map((task) => task.taskId);
			void cancelQueuedTasks(queued, async (taskId) => await client.cancelAfterStop(taskId)).then((report) => {
				// The execution is stopped: its output is gone, so the log is where this is reported.
				if (report.cancelled.length) ctx.logger.info(`Wan: cancelled ${report.cancelled.length} queued task(s) after the stop: ${report.cancelled.join(', ')}`);
				if (report.notCancelled.length) {
					ctx.logger.warn(
						`Wan: ${report.notCancelled.length} queued task(s) could not be cancelled after the stop and may run and be billed; pick them up with Task → Wait: ${report.notCancelled.map((task) => `${task.taskId} (${task.reason})`).join('; ')}`,
					);
				}
			}, () => undefined);
		});
	}

	// Validate every item (and check every input file) before any upload or paid request, so one bad
	// row cannot fail a half-submitted batch.
	// The budget is checked here too, in input order: an item past it is refused before any request of any item.
	const prepared: Array<PreparedItem | INodeExecutionData> = [];
	const budget = new BudgetGuard(ctx, readOptions(ctx, 0).maxEstimatedCost);
	for (const itemIndex of items.keys()) {
		let failure: unknown;
		try {
			const item = await prepare(ctx, family, client, itemIndex);
			budget.admit(item.estimate, item.model, itemIndex);
			prepared.push(item);
			continue;
		} catch (error) {
			failure = error;
		}
		const nodeError = toNodeError(ctx, failure, itemIndex);
		if (!ctx.continueOnFail()) throw nodeError;
		prepared.push(errorItem(nodeError, itemIndex));
	}

	const stopOnFailure = !ctx.continueOnFail();
	const settled = await runAll(
		prepared.length,
		ITEM_CONCURRENCY,
		async (itemIndex) => {
			const item = prepared[itemIndex];
			if (!isPrepared(item)) return [item];
			if (item.options.dryRun) return [family.chain ? chainDryRunItem(client.baseUrl, family, item, client.region) : dryRunItem(client.baseUrl, item)];
			return await generateOne({ ctx, client, scheduler, uploader, family }, item, itemIndex);
		},
		// The node will fail: submit nothing more, and report every task created so far (see collectOutput).
		(itemIndex, error) => {
			if (stopOnFailure && !scheduler.signal?.aborted) scheduler.halt(itemIndex, error);
		},
	);
	return collectOutput(ctx, settled, scheduler);
}
