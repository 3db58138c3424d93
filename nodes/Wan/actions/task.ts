import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DashScopeClient } from '../engine/dashscope';
import { taskCall } from '../engine/taskQuery';
import { waitUntilDone } from '../engine/poll';
import { ExecutionScheduler, runAll } from '../engine/scheduler';
import { answerProblem, listAnswer, requestIdOf } from '../engine/answers';
import { failureFromResponse, parseTask, toServiceTime, unexpectedTaskAnswer } from '../engine/taskAnswer';
import { modelById } from '../models';
import { MAX_WAIT_MINUTES_CAP, readOptions } from '../description/options';
import { optionsProperty } from '../description/properties';
import { deliverTask, splitFiles, taskJson } from './deliver';
import { collectOutput } from './itemErrors';
import { DashScopeCallError } from '../errors';
import { resultUrls } from '../request/paths';

const TASK_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'];

/** The batch query pages with the documented default size; its maximum is not documented. */
const LIST_PAGE_SIZE = 10;

const show = (...operation: string[]) => ({ show: { resource: ['task'], operation } });

export const taskProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', action: 'Cancel a queued task', description: 'Cancel a task that is still PENDING' },
			{ name: 'Get', value: 'get', action: 'Get a task', description: 'Get the status and result of a task' },
			{ name: 'Get Many', value: 'list', action: 'Get many tasks', description: 'List tasks of the account (status only, no results)' },
			{ name: 'Wait', value: 'wait', action: 'Wait for a task', description: 'Wait until a task finishes and download its result' },
		],
		default: 'get',
	},
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		description: 'The task ID returned when the task was created',
		displayOptions: show('get', 'wait', 'cancel'),
	},
	optionsProperty({ resource: ['task'], operation: ['wait'] }, false),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show('list'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['task'], operation: ['list'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('list'),
		options: [
			{
				displayName: 'From',
				name: 'startTime',
				type: 'dateTime',
				default: '',
				description: 'Start of the time window (at most 24 hours long; default: the last 24 hours)',
			},
			{ displayName: 'Model Name', name: 'modelName', type: 'string', default: '', placeholder: 'wan2.6-t2v' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: TASK_STATUSES.map((status) => ({ name: status.charAt(0) + status.slice(1).toLowerCase(), value: status })),
				default: 'SUCCEEDED',
			},
			{ displayName: 'To', name: 'endTime', type: 'dateTime', default: '', description: 'End of the time window' },
		],
	},
];

const isoFromMs = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);

function listedTask(entry: IDataObject): IDataObject {
	return {
		taskId: entry.task_id,
		status: entry.status,
		model: entry.model_name,
		createdAt: isoFromMs(entry.gmt_create),
		startedAt: isoFromMs(entry.start_time),
		endedAt: isoFromMs(entry.end_time),
		region: entry.region,
		requestId: entry.request_id,
		apiKeyId: entry.api_key_id,
	};
}

async function listTasks(ctx: IExecuteFunctions, client: DashScopeClient): Promise<INodeExecutionData[]> {
	const returnAll = ctx.getNodeParameter('returnAll', 0) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', 0) as number);
	const filters = ctx.getNodeParameter('filters', 0, {}) as IDataObject;
	const qs: IDataObject = { page_size: LIST_PAGE_SIZE };
	if (filters.status) qs.status = filters.status;
	if (filters.modelName) qs.model_name = filters.modelName;
	if (filters.startTime) qs.start_time = toServiceTime(filters.startTime as string);
	if (filters.endTime) qs.end_time = toServiceTime(filters.endTime as string);
	const tasks: IDataObject[] = [];
	for (let page = 1; tasks.length < limit; page++) {
		const response = await client.listTasks({ ...qs, page_no: page });
		if (response.status !== 200) throw new DashScopeCallError(failureFromResponse(response));
		const problem = answerProblem(listAnswer, response.body);
		if (problem) throw new DashScopeCallError({ code: 'UnexpectedAnswer', message: `DashScope answered the task list in an unexpected shape (${problem})` });
		const data = response.body.data as IDataObject[];
		tasks.push(...data.map(listedTask));
		if (!data.length || page >= Number(response.body.total_page ?? page)) break;
	}
	return tasks.slice(0, limit).map((json) => ({ json }));
}

/**
 * The task query does not name the model; the batch query does. Knowing it gives Task → Wait the
 * model's typical duration (for polling) and result shape. Best effort: one query, failures ignored.
 */
async function modelOfTask(client: DashScopeClient, scheduler: ExecutionScheduler, taskId: string) {
	const response = await taskCall(scheduler, async () => await client.listTasks({ task_id: taskId, page_no: 1, page_size: 1 }));
	const entry = (response.body.data as IDataObject[] | undefined)?.[0];
	return response.status === 200 && typeof entry?.model_name === 'string' ? modelById(entry.model_name) : undefined;
}

async function getTask(client: DashScopeClient, scheduler: ExecutionScheduler, taskId: string): Promise<INodeExecutionData> {
	const response = await taskCall(scheduler, async () => await client.getTask(taskId));
	if (response.status !== 200) throw new DashScopeCallError(failureFromResponse(response, { taskId }));
	const unexpected = unexpectedTaskAnswer(response, taskId);
	if (unexpected) throw new DashScopeCallError(unexpected);
	const task = parseTask(response, taskId);
	// Where the result lives depends on the model's family: learn the model only once there is a result.
	const known = task.status === 'SUCCEEDED' ? await modelOfTask(client, scheduler, taskId) : undefined;
	const json = taskJson(task, known?.model.id, known ? resultUrls(known.family, task.output) : []);
	for (const key of ['code', 'message', 'task_metrics'] as const) {
		if (task.output[key] !== undefined) json[key === 'task_metrics' ? 'taskMetrics' : key] = task.output[key];
	}
	return { json };
}

async function cancelTask(client: DashScopeClient, scheduler: ExecutionScheduler, taskId: string): Promise<INodeExecutionData> {
	const response = await taskCall(scheduler, async () => await client.cancelTask(taskId));
	if (response.status === 200) return { json: { taskId, canceled: true, requestId: requestIdOf(response.body) ?? null } };
	const failure = failureFromResponse(response, { taskId });
	if (failure.code === 'UnsupportedOperation') {
		// Say which state blocked it: the service's message does not.
		const current = await taskCall(scheduler, async () => await client.getTask(taskId));
		const status = current.status === 200 ? parseTask(current, taskId).status : undefined;
		if (status) {
			failure.taskStatus = status;
			failure.message = `Task ${taskId} cannot be cancelled: it is ${status}, and only PENDING tasks can be cancelled`;
		}
	}
	throw new DashScopeCallError(failure);
}

export async function executeTaskOperation(ctx: IExecuteFunctions, operation: string): Promise<INodeExecutionData[]> {
	const client = await DashScopeClient.create(ctx);
	if (operation === 'list') return await listTasks(ctx, client);
	const scheduler = ExecutionScheduler.of(ctx.getExecutionCancelSignal(), client);
	const items = ctx.getInputData();
	const settled = await runAll(items.length, 100, async (itemIndex) => {
		const taskId = String(ctx.getNodeParameter('taskId', itemIndex)).trim();
		if (operation === 'get') return [await getTask(client, scheduler, taskId)];
		if (operation === 'cancel') return [await cancelTask(client, scheduler, taskId)];
		const options = readOptions(ctx, itemIndex);
		const known = await modelOfTask(client, scheduler, taskId);
		const resume = 'Run Task → Wait again later, or raise Max Wait.';
		const task = await waitUntilDone(client, taskId, {
			maxRunMs: options.maxWaitMinutes * 60_000,
			ceiling: Date.now() + MAX_WAIT_MINUTES_CAP * 60_000,
			scheduler,
			// The mode is not known here, so no per-output-second figure.
			model: known && { id: known.model.id, typicalSeconds: known.model.typicalSeconds },
		}, { status: 'unknown', howToResume: resume });
		return splitFiles(await deliverTask(ctx, scheduler, task, options, { model: known?.model.id, family: known?.family, cost: { region: client.region } }), options);
	});
	return collectOutput(ctx, settled);
}
