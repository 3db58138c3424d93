import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { FAMILIES, findFamily, findModel, functionsOf, rulesOf } from '../models';
import type { FamilySpec, FieldDef, FieldRule, ModelSpec } from '../models/types';
import { adviceFor, InvalidFieldError } from '../errors';
import { toNodeError } from './itemErrors';

export { defaultReturnAs, runsAsTool } from '../description/toolMode';

/**
 * The node as an AI Agent's tool. n8n registers every `usableAsTool` node a second time as `<name>Tool` (inputs
 * none, output `ai_tool`); the agent runs it with the model's arguments as the input item (`$fromAI` reads them)
 * and hands the node's JSON output back to the model as the tool's answer. Three things differ from a plain run:
 * - a refusal or a service error is the tool's answer (compact JSON: what was wrong, what is allowed), so the model
 *   can correct itself and the execution goes on; as an ordinary node the same error fails the execution;
 * - Return As defaults to URL (n8n drops a tool's binary data before the model sees it);
 * - the answer is compact: task facts and the result URL, no prompts echoed, no usage blocks, no prose.
 * Checked in n8n 2.8.4 and 2.41.1 (AI Agent v3): the agent asks the engine to run the tool node as a node of the
 * workflow; its output items' JSON, stringified, is the tool result; a thrown error ends the execution unless the
 * node has On Error → Continue. The tool's schema is the node's `$fromAI` calls; its description is the node's
 * `toolDescription` parameter (2.41 also resolves an expression there, 2.8 takes the text as is).
 */

/** Item fields a model has no use for: echoed prompts, raw usage, timings, upload bookkeeping, duplicates. */
const DROPPED_FIELDS = new Set([
	'origPrompt',
	'actualPrompt',
	'usage',
	'taskMetrics',
	'submitTime',
	'scheduledTime',
	'inputFiles',
	'content',
	'requestId',
	'apiKeyId',
	'region',
	// A continued error item's prose (the model gets the message and the facts).
	'description',
]);

/** Cost fields a model has no use for: where the units were read from. */
const DROPPED_COST_FIELDS = new Set(['usageField']);

/** Cost as a model needs it: numbers and short codes (amount, currency, units, unit); no nulls, no sentences. */
export function compactCost(cost: unknown): IDataObject | undefined {
	if (!cost || typeof cost !== 'object' || Array.isArray(cost)) return undefined;
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(cost as IDataObject)) {
		if (DROPPED_COST_FIELDS.has(key)) continue;
		if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
		// Codes such as "CNY", "second", "usage.duration" stay; explanations (with spaces) go.
		else if (typeof value === 'string' && value.length <= 40 && !/\s/.test(value)) out[key] = value;
	}
	return Object.keys(out).length ? out : undefined;
}

/** One output item's JSON, compacted for the model. */
export function compactForTool(json: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(json)) {
		if (DROPPED_FIELDS.has(key) && !(key === 'requestId' && json.taskId === null)) continue;
		if (value === null || value === undefined || value === '') continue;
		if (key === 'cost') {
			const cost = compactCost(value);
			if (cost) out.cost = cost;
			continue;
		}
		out[key] = value;
	}
	return out;
}

/** Allowed values as a list; the empty value (the service decides) shown as "" with its label. */
function valueList(field: FieldDef, values: readonly unknown[]): string {
	const labels = 'labels' in field ? field.labels : undefined;
	return values.map((value) => (value === '' ? `"" (${labels?.[''] ?? 'not set'})` : String(value))).join(', ');
}

/** A field's limits for one model, in a few words ("2 to 15", "one of 720P, 1080P", "up to 1500 characters"). */
export function limitPhrase(field: FieldDef, rule: FieldRule): string {
	const parts: string[] = [];
	if (rule.required) parts.push('required');
	switch (field.type) {
		case 'string':
		case 'textList':
			if (rule.maxLength) parts.push(`up to ${rule.maxLength} characters${field.type === 'textList' ? ' each' : ''}`);
			break;
		case 'integer':
		case 'number':
			if (rule.values) parts.push(`one of ${valueList(field, rule.values)}`);
			else if (rule.min !== undefined && rule.max !== undefined) parts.push(`${rule.min} to ${rule.max}`);
			else if (rule.min !== undefined) parts.push(`at least ${rule.min}`);
			else if (rule.max !== undefined) parts.push(`at most ${rule.max}`);
			if (field.type === 'integer' && !rule.values) parts.push('whole number');
			break;
		case 'options':
			if (rule.values) parts.push(`one of ${valueList(field, rule.values)}`);
			break;
		case 'optionList':
			if (rule.values) parts.push(`each one of ${valueList(field, rule.values)}`);
			if (rule.maxItems !== undefined) parts.push(`${rule.minItems ?? 0} to ${rule.maxItems} entries`);
			break;
		case 'boolean':
			parts.push('true or false');
			break;
		case 'media':
			parts.push('a public http(s) URL');
			break;
		case 'mediaList':
			parts.push(rule.maxItems !== undefined ? `${rule.minItems ?? 0} to ${rule.maxItems} public http(s) URLs` : 'public http(s) URLs');
			break;
	}
	if (rule.default !== undefined && rule.default !== '' && field.type !== 'media' && field.type !== 'mediaList') parts.push(`default ${String(rule.default)}`);
	return parts.join(', ');
}

/** "Label (name): limits" for every field the model (and function) takes. */
function fieldLimits(family: FamilySpec, model: ModelSpec, fn?: string): string[] {
	const { fields } = rulesOf(model, fn);
	return family.fields.flatMap((field) => {
		const rule = fields[field.name];
		if (!rule) return [];
		const limits = limitPhrase(field, rule);
		return [`${field.label} (${field.name})${limits ? `: ${limits}` : ''}`];
	});
}

/** The tool description of one model: what the tool does, what it answers, each field's limits for this model. */
export function modelToolDescription(family: FamilySpec, model: ModelSpec): string {
	const functions = functionsOf(family, model);
	const limits = functions.length
		? functions.map((fn) => `${family.selector?.options.find((o) => o.value === fn)?.label ?? fn}: ${fieldLimits(family, model, fn).join('; ')}`).join('. ')
		: fieldLimits(family, model).join('; ');
	const answers = family.sync
		? 'Answers JSON with the verdict (pass: true or false).'
		: 'Answers JSON: taskId, status and, when finished, resultUrl ' +
			'(with Wait for Completion off it answers at once with status PENDING: check the task later with a Wan Task Get tool).';
	return `${family.action} with Wan model ${model.id}. ${answers} A refused call answers {"error": …, "field", "allowed"}: fix the value and call again. Limits for ${model.id}: ${limits}.`;
}

const TASK_TOOL_DESCRIPTIONS: Record<string, string> = {
	get:
		'Get a Wan task by its taskId. Answers JSON: status (PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED or UNKNOWN) and, when SUCCEEDED, resultUrl. ' +
		'A PENDING or RUNNING task is still working: check again later.',
	wait: 'Wait until a Wan task finishes and answer JSON with its status and resultUrl. Blocks until the task ends or Max Wait passes.',
	cancel: 'Cancel a Wan task that is still PENDING (queued). Running tasks cannot be cancelled.',
	list: 'List recent Wan tasks of the account (taskId, status, model, times); no result URLs.',
};

const TOOL_DESCRIPTION_HINT =
	'Explain to the AI agent what this tool does. The default names the limits of the selected model; change it freely (clear it to go back to the default).';

/**
 * The tool description, as n8n lets a node shape it: a `toolDescription` parameter of the node (n8n then adds none
 * of its own and hands this text to the model). One parameter per model, shown only in the tool variant
 * (`@tool`), so the default follows the selected model. n8n does not let a node shape the `$fromAI` argument
 * descriptions, so the limits live here.
 */
export function toolDescriptionProperties(): INodeProperties[] {
	const generation = FAMILIES.flatMap((family) =>
		family.models.map(
			(model): INodeProperties => ({
				displayName: 'Tool Description',
				name: 'toolDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				default: modelToolDescription(family, model),
				description: TOOL_DESCRIPTION_HINT,
				displayOptions: { show: { '@tool': [true], resource: [family.resource], operation: [family.operation], model: [model.id] } },
			}),
		),
	);
	const tasks = Object.entries(TASK_TOOL_DESCRIPTIONS).map(
		([operation, text]): INodeProperties => ({
			displayName: 'Tool Description',
			name: 'toolDescription',
			type: 'string',
			typeOptions: { rows: 3 },
			default: text,
			description: TOOL_DESCRIPTION_HINT,
			displayOptions: { show: { '@tool': [true], resource: ['task'], operation: [operation] } },
		}),
	);
	return [...generation, ...tasks];
}

/** The field a refusal is about, and what the selected model allows for it. */
function allowedFor(ctx: IExecuteFunctions, field: FieldDef | undefined): IDataObject {
	if (!field) return {};
	const out: IDataObject = { field: field.name };
	try {
		const family = findFamily(ctx.getNodeParameter('resource', 0) as string, ctx.getNodeParameter('operation', 0) as string);
		const model = family && findModel(family, ctx.getNodeParameter('model', 0) as string);
		const fn = family?.selector ? (ctx.getNodeParameter(family.selector.name, 0, '') as string) || undefined : undefined;
		const rule = model && rulesOf(model, fn).fields[field.name];
		if (rule) out.allowed = limitPhrase(field, rule);
	} catch {
		// A parameter that cannot be read (an expression failing again) leaves out the limits, not the refusal.
	}
	return out;
}

/** A refusal or failure as the tool's answer: what was wrong, what is allowed, the task facts when a task exists. */
export function toolErrorJson(ctx: IExecuteFunctions, error: unknown): IDataObject {
	const nodeError = error instanceof NodeApiError || error instanceof NodeOperationError ? error : toNodeError(ctx, error, 0);
	const json: IDataObject = { error: nodeError.message };
	const facts = (nodeError as { dashScope?: IDataObject }).dashScope;
	if (facts) {
		for (const [from, to] of [
			['code', 'code'],
			['taskId', 'taskId'],
			['taskStatus', 'status'],
			['resultUrl', 'resultUrl'],
		] as const) {
			if (facts[from] !== undefined) json[to] = facts[from];
		}
		// What to do about it, in one sentence (the service's code → the node's advice).
		const hint = typeof facts.advice === 'string' ? facts.advice : adviceFor(typeof facts.code === 'string' ? facts.code : undefined);
		if (hint) json.hint = hint;
	}
	// A refused value (checked before anything is sent): the field and what the selected model allows for it.
	if (error instanceof InvalidFieldError || 'invalidField' in nodeError) {
		const field = error instanceof InvalidFieldError ? error.field : (nodeError as { invalidField?: FieldDef }).invalidField;
		Object.assign(json, allowedFor(ctx, field), { nothingSent: true });
	}
	// Tasks this call had created (a later item failed): the model may still pick them up.
	const created = (nodeError.context as { createdTasks?: IDataObject[] } | undefined)?.createdTasks;
	if (created?.length) json.createdTasks = created.map((task) => compactForTool({ taskId: task.taskId, status: task.status, resultUrl: task.resultUrl }));
	return json;
}

/**
 * Runs the node as a tool: its output compacted (binary kept only where the user asked for files), and any
 * error answered as JSON instead of failing the execution. A stopped execution still stops.
 */
export async function executeAsTool(ctx: IExecuteFunctions, run: () => Promise<INodeExecutionData[][]>): Promise<INodeExecutionData[][]> {
	try {
		const outputs = await run();
		return outputs.map((items) => items.map((item) => ({ ...item, json: compactForTool(item.json) })));
	} catch (error) {
		if (ctx.getExecutionCancelSignal()?.aborted) throw toNodeError(ctx, error, 0);
		return [[{ json: toolErrorJson(ctx, error), pairedItem: { item: 0 } }]];
	}
}
