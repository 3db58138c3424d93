import type { IDataObject } from 'n8n-workflow';

import type { RegionId } from '../models/shared/regions';
import { isBinaryMediaValue } from '../description/mediaParams';
import { functionsOf, rulesOf } from '../models';
import type { FamilySpec, FieldDef, FieldRule, FieldValue, ModelSpec, Protocol } from '../models/types';
import { isEmptyValue, setPath } from './paths';
import { firstIssue } from './validation';
import { InvalidFieldError } from '../errors';

export { kindOfUrl, listCountProblem } from './validation';

/**
 * A media input to upload from the item's binary data; its oss:// URL goes to `path` (a concrete
 * request path such as `input.img_url` or `input.media[1].url`) before submitting. `index` is the
 * file's position in a list field, whose files keep their order.
 */
export interface PendingUpload {
	field: FieldDef;
	path: string;
	binaryProperty: string;
	rule: FieldRule;
	index?: number;
}

export interface BuiltRequest {
	body: IDataObject;
	uploads: PendingUpload[];
}


const splitList = (value: unknown) =>
	(Array.isArray(value) ? value : String(value).split(/[\n,]+/)).map((item) => String(item).trim()).filter(Boolean);

/** The value as the schema checks it: lists split, numeric text as numbers, empty as absent. */
function normalize(field: FieldDef, value: unknown): unknown {
	if (isEmptyValue(value)) return undefined;
	switch (field.type) {
		case 'mediaList':
			if (field.attach) {
				// An attached list keeps its places: an empty entry leaves that item without a file (no voice for it).
				const entries = (Array.isArray(value) ? value : String(value).split(/[\n,]/)).map((entry) => String(entry ?? '').trim());
				while (entries.length && entries[entries.length - 1] === '') entries.pop();
				return entries.length ? entries : undefined;
			}
		// falls through
		case 'optionList': {
			const list = splitList(value);
			return list.length ? list : undefined;
		}
		case 'textList':
			// Entries keep their places: an empty one is a placeholder, not a gap.
			return Array.isArray(value) ? value.map((entry) => String(entry ?? '')) : String(value).split('\n');
		case 'integer':
		case 'number':
			return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
		case 'media':
			return typeof value === 'string' ? value.trim() : value;
		case 'json':
			// Text is parsed; text that is not JSON stays text, which the schema refuses with the expected shape.
			if (typeof value !== 'string') return value;
			try {
				return JSON.parse(value) as unknown;
			} catch {
				return value;
			}
		default:
			return value;
	}
}

/** http(s) URLs are normalised (non-ASCII percent-encoded, as the service requires); oss:// keys kept. */
const normalUrl = (url: string) => (url.startsWith('oss://') ? url : new URL(url).href);

/**
 * Where one file of a media field goes; returns the concrete path of its URL. `items` holds the concrete paths of the
 * typed items placed so far per field, which an attached list (see MediaAttachment) fills in order.
 */
function placeFile(body: IDataObject, field: FieldDef, url: string, items: Map<string, string[]>): string {
	if (field.type === 'mediaList' && field.attach) {
		const placed = items.get(field.name)?.length ?? 0;
		const item = items.get(field.attach.to)?.[placed];
		// Validation has checked that the lists line up (a sameLength rule); a model without one fails loudly here.
		if (item === undefined) throw new InvalidFieldError(field, `${field.label} has more files than there are items to attach them to`);
		items.set(field.name, [...(items.get(field.name) ?? []), item]);
		return setPath(body, `${item}.${field.attach.key}`, url);
	}
	if ((field.type === 'media' || field.type === 'mediaList') && field.item) {
		const urlKey = field.item.urlKey ?? 'url';
		const item = setPath(body, field.path, { ...field.item.constant, [urlKey]: url });
		items.set(field.name, [...(items.get(field.name) ?? []), item]);
		return `${item}.${urlKey}`;
	}
	const listPath = field.type === 'mediaList' && !field.path.endsWith('[]') ? `${field.path}[]` : field.path;
	return setPath(body, listPath, url);
}

const shown = (value: unknown) => {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 82 ? `${text.slice(0, 80)}…"` : text;
};

/** The field as the request's protocol sends it: it may put it elsewhere (and shape list items differently). */
function placedFor(protocol: Protocol | null, field: FieldDef): FieldDef {
	const placement = protocol?.paths[field.name];
	if (!placement) return field;
	if (field.type === 'media' || field.type === 'mediaList') return { ...field, path: placement.path, item: placement.item };
	return { ...field, path: placement.path };
}

/** The model name to send: some regions serve the same model under another name. */
export function apiModelId(model: ModelSpec, region: RegionId | undefined): string {
	return (region && model.regionalIds?.[region]) || model.id;
}

/** The function an item asks for, checked against the model (families with a selector only). */
function chosenFunction(family: FamilySpec, model: ModelSpec, values: Readonly<Record<string, unknown>>): string | undefined {
	const selector = family.selector;
	// A model without functions (wan2.7-videoedit in Edit Video) sends none: the selector is not shown for it.
	if (!selector || !model.functions) return undefined;
	const offered = functionsOf(family, model);
	const fn = String(values[selector.name] ?? '');
	if (!offered.includes(fn)) {
		throw new InvalidFieldError(
			undefined,
			`${selector.label} must be one of ${offered.join(', ')} for model ${model.id} (got ${shown(values[selector.name])})`,
		);
	}
	return fn;
}

/**
 * Checks every value against the model's rules (its zod schema) and builds the request body (in the shape of
 * `protocol`, by default the model's; none = the family's paths). Fields
 * the model (or the chosen function) does not take are never sent: a hidden "Additional Fields" entry
 * left over from another model is ignored.
 */
export function buildRequest(
	family: FamilySpec,
	model: ModelSpec,
	values: Readonly<Record<string, unknown>>,
	region?: RegionId,
	// null: the family's own shape, even for a model with a protocol (its task call, see actions/route.ts).
	protocol: Protocol | null = model.protocol ?? null,
): BuiltRequest {
	const fn = chosenFunction(family, model, values);
	const { fields: rules, rules: crossRules } = rulesOf(model, fn);
	const taken = family.fields.filter((field) => rules[field.name]).map((field) => placedFor(protocol, field));

	const checked: Record<string, unknown> = {};
	const files: Array<{ field: string; count: number }> = [];
	for (const field of taken) {
		const value = values[field.name];
		if (isBinaryMediaValue(value)) files.push({ field: field.name, count: value.binaryProperties.length });
		else checked[field.name] = normalize(field, value);
	}
	const issue = firstIssue(family, model, fn, { values: checked, files });
	if (issue) {
		const field = family.fields.find((f) => f.name === issue.field);
		if (issue.whole) throw new InvalidFieldError(field, issue.message);
		const given = issue.below.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], checked[issue.field]);
		throw new InvalidFieldError(field, `${field?.label ?? issue.field} ${issue.message} for model ${model.id} (got ${shown(given)})`);
	}

	// Fields that apply only while another field has certain values are dropped otherwise.
	const dropped = new Set(
		crossRules.flatMap((rule) =>
			rule.kind === 'onlyWhen' && !rule.values.includes((checked[rule.when] ?? rules[rule.when]?.default) as FieldValue) ? [rule.field] : [],
		),
	);

	const body: IDataObject = { model: apiModelId(model, region), input: {}, parameters: {} };
	for (const [path, value] of protocol?.constants ?? []) setPath(body, path, value);
	if (family.selector && fn) setPath(body, family.selector.path, fn);
	const uploads: PendingUpload[] = [];
	const items = new Map<string, string[]>();
	for (const field of taken) {
		if (dropped.has(field.name)) continue;
		const rule = rules[field.name];
		const value = values[field.name];
		if ((field.type === 'media' || field.type === 'mediaList') && isBinaryMediaValue(value)) {
			const list = field.type === 'mediaList';
			value.binaryProperties.forEach((binaryProperty, index) => {
				// Lists and typed items keep their place with an empty URL until the upload fills it in.
				const path = list || field.item ? placeFile(body, field, '', items) : field.path;
				uploads.push({ field, path, binaryProperty, rule, index: list ? index : undefined });
			});
			continue;
		}
		const given = checked[field.name];
		if (given === undefined) continue;
		if (field.type === 'media' || field.type === 'mediaList') {
			for (const url of field.type === 'media' ? [given as string] : (given as string[])) {
				// An empty entry of an attached list: its item takes no file, the next entry goes to the next item.
				if (url === '') items.set(field.name, [...(items.get(field.name) ?? []), '']);
				else placeFile(body, field, normalUrl(url), items);
			}
			continue;
		}
		setPath(body, field.path, given);
	}
	return { body, uploads };
}
