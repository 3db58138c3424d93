import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { FAMILIES, functionsOf, rulesOf } from '../models';
import type { FamilySpec, FieldDef, FieldRule, FieldValue, ModelSpec, Resource } from '../models/types';
import { DEFAULT_BINARY_PROPERTY, mediaParamNames } from './mediaParams';
import { findRegion } from '../models/shared/regions';
import { MAX_WAIT_MINUTES_CAP, OPTION_DEFAULTS } from './options';
import { costOptionProperties } from './costOptions';
import { chainOptionProperties } from './chainOptions';
import { customSizeOption, customSizeProperties, describeSizeRange } from '../request/customSize';
import { combinationHint } from './hints';

const { binaryPropertyName, cancelQueuedOnStop, maxResultMb, maxWaitMinutes, returnAs, waitForCompletion } = OPTION_DEFAULTS;

/**
 * Builds the node's parameters from the model tables: one `model` selector per family and, for each
 * field, one parameter per group of models that constrain it the same way (n8n allows several
 * parameters with one name when their displayOptions never overlap, so saved values stay put).
 */

const RESOURCE_LABELS: Record<Resource | 'task', string> = {
	video: 'Video',
	image: 'Image',
	avatar: 'Avatar',
	task: 'Task',
};

/** The functions any model of the family offers (families with a selector). */
const allFunctions = (family: FamilySpec) => [...new Set(family.models.flatMap((m) => functionsOf(family, m)))];

function showFor(family: FamilySpec, models?: readonly ModelSpec[], functions?: readonly string[]) {
	const show: Record<string, string[]> = { resource: [family.resource], operation: [family.operation] };
	if (models && models.length < family.models.length) show.model = models.map((m) => m.id);
	// No functions: a group of models without a selector (shown by model alone).
	if (family.selector && functions?.length && functions.length < allFunctions(family).length) show[family.selector.name] = [...functions];
	return { show };
}

function ruleHint(field: FieldDef, rule: FieldRule): string {
	if (field.type === 'string' && rule.maxLength) return ` Up to ${rule.maxLength} characters.`;
	if (field.type === 'integer' && rule.values && !field.labels) return ` One of ${rule.values.join(', ')}.`;
	if ((field.type === 'integer' || field.type === 'number') && rule.min !== undefined) {
		return rule.max === undefined ? ` At least ${rule.min}.` : ` ${rule.min} to ${rule.max}.`;
	}
	if (field.type === 'mediaList' && rule.maxItems !== undefined) {
		return rule.maxItems === (rule.minItems ?? 0) ? ` ${rule.maxItems} file(s).` : ` ${rule.minItems ?? 0} to ${rule.maxItems} files.`;
	}
	if (field.type === 'optionList' && rule.values) return ` Each one of ${rule.values.join(', ')}.`;
	if (field.type === 'json' && rule.maxItems !== undefined) return ` ${rule.minItems ?? 0} to ${rule.maxItems} entries.`;
	return '';
}

function typeDefault(field: FieldDef): string | number | boolean | string[] {
	if (field.type === 'boolean') return false;
	if (field.type === 'mediaList' || field.type === 'textList') return [];
	if (field.type === 'integer' || field.type === 'number') return 0;
	return '';
}

/**
 * A whole-number main field the model gives no default (wan2.7's image count: the reference states none) starts
 * empty: nothing is sent unless the user fills it in, and the service's own default applies.
 */
const startsEmpty = (field: FieldDef, rule: FieldRule) => field.type === 'integer' && field.placement === 'main' && !rule.values && !rule.required && rule.default === undefined;

/** The n8n shape of one field under one rule (shared by top-level parameters and collection entries). */
function fieldProperty(field: FieldDef, rule: FieldRule, hint = ruleHint(field, rule)): INodeProperties {
	const defaultValue = rule.default ?? (startsEmpty(field, rule) ? null : typeDefault(field));
	const property: INodeProperties = {
		displayName: field.label,
		name: field.name,
		type: 'string',
		default: defaultValue,
		description: `${field.description}${hint}${startsEmpty(field, rule) ? " Empty: not sent, the service's default applies." : ''}`.trim(),
	};
	switch (field.type) {
		case 'string':
			if (field.multiline) property.typeOptions = { rows: 4 };
			if (field.placeholder) property.placeholder = field.placeholder;
			break;
		case 'media':
			property.placeholder = `https://example.com/${field.media}`;
			break;
		case 'mediaList':
			property.typeOptions = { multipleValues: true, multipleValueButtonText: 'Add URL' };
			property.placeholder = `https://example.com/${field.media.join('-or-')}`;
			break;
		case 'boolean':
			property.type = 'boolean';
			break;
		case 'optionList':
			property.placeholder = field.placeholder;
			break;
		case 'json':
			property.type = 'json';
			property.placeholder = field.placeholder;
			break;
		case 'textList':
			property.typeOptions = { multipleValues: true, multipleValueButtonText: 'Add Entry' };
			break;
		case 'number':
			property.type = 'number';
			property.typeOptions = { minValue: rule.min, maxValue: rule.max, numberPrecision: field.precision };
			break;
		case 'integer':
			if (rule.values) {
				property.type = 'options';
				property.options = rule.values.map((value) => ({ name: field.labels?.[String(value)] ?? String(value), value: value as number }));
			} else {
				property.type = 'number';
				property.typeOptions = { minValue: rule.min, maxValue: rule.max, numberPrecision: 0 };
			}
			break;
		case 'options':
			property.type = 'options';
			property.options = (rule.values ?? []).map((value) => ({
				name: field.labels?.[String(value)] ?? String(value),
				value: value as string,
			}));
			if (rule.customSize) {
				property.options.push(customSizeOption(rule));
				property.description += ` Custom: ${describeSizeRange(rule.customSize)}.`;
			}
			break;
	}
	return property;
}

interface Group {
	rule: FieldRule;
	models: ModelSpec[];
	/** Families with a selector: the functions the group applies to. */
	functions: string[];
}

/**
 * Models (and functions) grouped by how they constrain a field: identical rules share one parameter.
 * Per function the models are grouped first; functions whose groups have the same rule and the same
 * models then merge, so every group is a set of models times a set of functions, which displayOptions
 * can express.
 */
function groupModels(family: FamilySpec, field: FieldDef): Group[] {
	// With a selector, models without functions (wan2.7-videoedit in Edit Video) form their own pass (no function).
	const functions = family.selector ? [...allFunctions(family), undefined] : [undefined];
	const groups = new Map<string, Group>();
	for (const fn of functions) {
		const perFunction = new Map<string, { rule: FieldRule; models: ModelSpec[] }>();
		for (const model of family.models) {
			if (fn !== undefined && !functionsOf(family, model).includes(fn)) continue;
			if (fn === undefined && family.selector && model.functions) continue;
			const rule = rulesOf(model, fn).fields[field.name];
			if (!rule) continue;
			const key = JSON.stringify(rule);
			const group = perFunction.get(key) ?? { rule, models: [] };
			group.models.push(model);
			perFunction.set(key, group);
		}
		for (const [key, { rule, models }] of perFunction) {
			const merged = `${key}|${models.map((m) => m.id).join(',')}`;
			const group = groups.get(merged) ?? { rule, models, functions: [] };
			if (fn !== undefined) group.functions.push(fn);
			groups.set(merged, group);
		}
	}
	return [...groups.values()];
}

/** The function selector of a family that has one: its options per group of models offering the same. */
function selectorProperties(family: FamilySpec): INodeProperties[] {
	const selector = family.selector;
	if (!selector) return [];
	const byOffer = new Map<string, ModelSpec[]>();
	for (const model of family.models) {
		if (!model.functions) continue; // no selector for a model without functions
		const key = functionsOf(family, model).join(',');
		byOffer.set(key, [...(byOffer.get(key) ?? []), model]);
	}
	return [...byOffer].map(([key, models]) => {
		const offered = key.split(',');
		return {
			displayName: selector.label,
			name: selector.name,
			type: 'options' as const,
			noDataExpression: true,
			options: selector.options
				.filter((option) => offered.includes(option.value))
				.map((option) => ({ name: option.label, value: option.value, description: option.description })),
			default: offered[0],
			description: selector.description,
			displayOptions: showFor(family, models),
		};
	});
}

function modelProperty(family: FamilySpec): INodeProperties {
	const defaultModel = family.models[0].id;
	return {
		displayName: 'Model',
		name: 'model',
		type: 'options',
		// n8n cannot filter options by the credential's region, so each model names its regions; the node refuses the others.
		options: family.models.map((model) => ({
			name: model.label,
			value: model.id,
			description: `${model.id}: ${model.description}. Regions: ${model.regions.map((id) => findRegion(id)?.name ?? id).join(', ')}.`,
		})),
		default: defaultModel,
		description: 'Which Wan model generates the result. Only the fields this model takes are shown.',
		displayOptions: showFor(family),
	};
}

/**
 * A media field becomes three parameters: where the file comes from, its URL, or the input binary
 * field holding it (uploaded to DashScope's temporary storage). `siblingShow` scopes them (per model).
 */
function mediaProperties(field: FieldDef, rule: FieldRule, required: boolean): INodeProperties[] {
	const names = mediaParamNames(field);
	const defaultBinaryProperty = DEFAULT_BINARY_PROPERTY;
	const list = field.type === 'mediaList';
	// Limits with no formats listed (undocumented) are not checked and not shown.
	const accepted = (rule.media ? [rule.media] : Object.values(rule.mediaByKind ?? {})).filter((l) => l.formats.length);
	const limits = accepted.length
		? ` (${accepted.map((l) => `${l.formats.join(', ').toUpperCase()}${l.maxMb ? ` up to ${l.maxMb} MB` : ''}`).join('; ')})`
		: '';
	return [
		{
			displayName: `${names.subject} Source`,
			name: names.source,
			type: 'options',
			options: [
				{ name: 'URL', value: 'url', description: 'A public http(s) URL' },
				{
					name: 'Binary File',
					value: 'binary',
					description: "A file from the input item, uploaded to DashScope's temporary storage (kept 48 hours)",
				},
			],
			default: 'url',
		},
		{
			...fieldProperty(field, rule),
			required: required || undefined,
			displayOptions: { hide: { [names.source]: ['binary'] } },
		},
		{
			displayName: list ? `${names.subject} Binary Fields` : `${names.subject} Binary Field`,
			name: names.binaryProperty,
			type: 'string',
			default: defaultBinaryProperty,
			required: required || undefined,
			description: list
				? `Names of the input binary fields holding the files, comma-separated, in order; each checked against the model's limits${limits} before it is uploaded`
				: `Name of the input binary field holding the file; checked against the model's limits${limits} before it is uploaded`,
			displayOptions: { show: { [names.source]: ['binary'] } },
		},
	];
}

/** Adds the family/model scope to a parameter's own displayOptions. */
function scoped(property: INodeProperties, scope: { show: Record<string, FieldValue[]> }): INodeProperties {
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...scope.show, ...property.displayOptions?.show },
		},
	};
}

/**
 * A main field that applies only while another main field has certain values (an `onlyWhen` rule shared by
 * every model and function of the group) is shown only then: e.g. the style reference only with style index -1.
 */
function shownOnlyWhen(family: FamilySpec, field: FieldDef, models: readonly ModelSpec[], functions: readonly string[]): Record<string, FieldValue[]> {
	const members = models.flatMap((model) => (functions.length ? functions : [undefined]).map((fn) => rulesOf(model, fn).rules));
	const conditions = members.map((rules) =>
		rules.filter((rule) => rule.kind === 'onlyWhen' && rule.field === field.name && family.fields.some((f) => f.name === rule.when && f.placement === 'main')),
	);
	const [first] = conditions;
	if (!first?.length || conditions.some((c) => JSON.stringify(c) !== JSON.stringify(first))) return {};
	return Object.fromEntries(first.flatMap((rule) => (rule.kind === 'onlyWhen' ? [[rule.when, [...rule.values]]] : [])));
}

/**
 * The range hint of a number that a `maxUnless` rule of every model in the group caps (wan2.7: 1 to 4, up to 12 only
 * with Image Set), else the field rule's own hint.
 */
function groupHint(family: FamilySpec, field: FieldDef, rule: FieldRule, models: readonly ModelSpec[]): string {
	const caps = models.map((model) => rulesOf(model).rules.find((r) => r.kind === 'maxUnless' && r.field === field.name));
	const [cap] = caps;
	if (!cap || cap.kind !== 'maxUnless' || caps.some((c) => JSON.stringify(c) !== JSON.stringify(cap))) return ruleHint(field, rule);
	const unless = family.fields.find((f) => f.name === cap.unless)?.label ?? cap.unless;
	return ` ${rule.min ?? 1} to ${cap.max}; up to ${rule.max} only with ${unless} on.`;
}
/** The field's own parameter (not its source or binary-field parameters) with the combination hint appended. */
const withHint = (properties: INodeProperties[], field: FieldDef, hint: string) =>
	hint ? properties.map((p) => (p.name === field.name ? { ...p, description: `${p.description ?? ''}${hint}`.trim() } : p)) : properties;

function mainProperties(family: FamilySpec): INodeProperties[] {
	return family.fields
		.filter((field) => field.placement === 'main')
		.flatMap((field) =>
			groupModels(family, field).flatMap(({ rule, models, functions }) => {
				const base = showFor(family, models, functions);
				const scope = { show: { ...base.show, ...shownOnlyWhen(family, field, models, functions) } };
				const hint = combinationHint(family, field, models, functions);
				if (field.type === 'media' || field.type === 'mediaList') {
					return withHint(mediaProperties(field, rule, Boolean(rule.required)), field, hint).map((p) => scoped(p, scope));
				}
				const custom = rule.customSize ? customSizeProperties(field, rule, field.name).map((p) => scoped(p, scope)) : [];
				const rangeHint = family.selector ? ruleHint(field, rule) : groupHint(family, field, rule, models);
				const own = { ...fieldProperty(field, rule, rangeHint), required: rule.required || undefined, displayOptions: scope };
				return [...withHint([own], field, hint), ...custom];
			}),
		);
}

/**
 * Optional fields live in one collection. Inside a collection a field cannot be duplicated per model,
 * so availability is filtered with the root-level `/model` path and the value checked per model at run time.
 */
function additionalFieldsProperty(family: FamilySpec): INodeProperties | undefined {
	const options = family.fields
		.filter((field) => field.placement === 'additional')
		.flatMap((field) => {
			const groups = groupModels(family, field);
			const models = [...new Set(groups.flatMap((group) => group.models))];
			const functions = [...new Set(groups.flatMap((group) => group.functions))];
			let properties =
				field.type === 'media' || field.type === 'mediaList'
					? mediaProperties(field, groups[0].rule, false)
					: [fieldProperty(field, groups[0].rule), ...(groups[0].rule.customSize ? customSizeProperties(field, groups[0].rule, field.name) : [])];
			if (groups.length > 1 && field.type !== 'media' && field.type !== 'mediaList') properties[0].description = field.description;
			properties = withHint(properties, field, combinationHint(family, field, models, functions));
			const show: Record<string, string[]> = {};
			if (models.length < family.models.length) show['/model'] = models.map((m) => m.id);
			// The selector's value can be told only where every model showing the field has functions.
			const selected = family.selector && models.every((model) => model.functions);
			if (family.selector && selected && functions.length < allFunctions(family).length) show[`/${family.selector.name}`] = functions;
			if (!Object.keys(show).length) return properties;
			return properties.map((p) => scoped(p, { show }));
		})
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
	if (!options.length) return undefined;
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(family),
		options,
	};
}

const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Result Size (MB)',
		name: 'maxResultMb',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: maxResultMb,
		description: 'Refuse to download results larger than this (0 = no limit). The result URL is still returned.',
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 0.1, maxValue: MAX_WAIT_MINUTES_CAP },
		default: maxWaitMinutes,
		description:
			'How long to wait for each task once the service runs it. Time queued behind other tasks does not count; the node never waits more than 3 hours in all (the service\'s own limit). The task keeps going on the service; use Task → Wait with its ID later.',
	},
	{
		displayName: 'One Item per Image',
		name: 'oneItemPerFile',
		type: 'boolean',
		default: false,
		description:
			'Whether a task with several images gives one output item per image (each in the output field, linked to its input item) instead of one item holding data, data_2, …',
	},
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: binaryPropertyName,
		description: 'Name of the binary field the result file is written to',
	},
	{
		displayName: 'Return As',
		name: 'returnAs',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'Download the result into the item (URLs expire after 24 hours)' },
			{ name: 'URL Only', value: 'url', description: 'Return the signed result URL without downloading' },
		],
		default: returnAs,
		description: 'Not set here: Binary File, or URL Only when the node is an AI Agent tool',
	},
];

export function optionsProperty(show: Record<string, string[]>, withWaitSwitch: boolean): INodeProperties {
	const options = withWaitSwitch
		? [
				{
					displayName: 'Cancel Queued Tasks on Stop',
					name: 'cancelQueuedOnStop',
					type: 'boolean' as const,
					default: cancelQueuedOnStop,
					description:
						'Whether stopping the execution also cancels its tasks still queued (PENDING) on the service, so they are never generated or billed. Running tasks cannot be cancelled.',
				},
				...costOptionProperties,
				...waitOptions,
				{
					displayName: 'Wait for Completion',
					name: 'waitForCompletion',
					type: 'boolean' as const,
					default: waitForCompletion,
					description: 'Whether to wait for the result. Off returns the task ID at once, for Task → Wait later.',
				},
			]
		: waitOptions;
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: { show }, options };
}

function operationProperty(resource: Resource, families: FamilySpec[]): INodeProperties {
	const defaultOperation = families[0].operation;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: families.map(
			(family): INodePropertyOptions => ({
				name: family.displayName,
				value: family.operation,
				action: family.action,
				description: family.description,
			}),
		),
		default: defaultOperation,
	};
}

export function generationProperties(taskProperties: INodeProperties[]): INodeProperties[] {
	const resources = [...new Set(FAMILIES.map((family) => family.resource))];
	const defaultResource = resources[0];
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [...resources, 'task' as const].map((r) => ({ name: RESOURCE_LABELS[r], value: r })),
		default: defaultResource,
	};
	const perResource = resources.map((resource) => operationProperty(resource, FAMILIES.filter((f) => f.resource === resource)));
	const perFamily = FAMILIES.flatMap((family) => {
		const additional = additionalFieldsProperty(family);
		return [
			modelProperty(family),
			...selectorProperties(family),
			...mainProperties(family),
			...(additional ? [additional] : []),
			...chainOptionProperties([family]),
			// Synchronous calls (detect) have no task to wait for and no file to deliver.
			...(family.sync ? [] : [optionsProperty({ resource: [family.resource], operation: [family.operation] }, true)]),
		];
	});
	return [resourceProperty, ...perResource, ...taskProperties, ...perFamily];
}
