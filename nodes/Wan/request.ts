import type { IDataObject } from 'n8n-workflow';

import type { RegionId } from './engine/regions';
import { isBinaryMediaValue } from './mediaParams';
import type { FamilySpec, FieldDef, FieldRule, FieldValue, MediaKind, ModelSpec, RequestPath } from './models/types';

/** A value the model does not accept. The message names the field, the model and what is allowed. */
export class InvalidFieldError extends Error {
	constructor(
		readonly field: FieldDef,
		message: string,
	) {
		super(message);
	}
}

/**
 * A media input to upload from the item's binary data; its oss:// URL goes to `path` before
 * submitting (at `index` for a list field, whose files keep their order).
 */
export interface PendingUpload {
	field: FieldDef;
	path: RequestPath;
	binaryProperty: string;
	rule: FieldRule;
	index?: number;
}

export interface BuiltRequest {
	body: IDataObject;
	/** True when an input is (or will be) an oss:// temporary URL: the submission then needs the resolve header. */
	ossResolve: boolean;
	uploads: PendingUpload[];
}

const characters = (text: string) => [...text].length;

const isEmpty = (value: unknown) =>
	value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** The kind a URL's file extension suggests, when it is a known media extension. */
export function kindOfUrl(url: string): MediaKind | undefined {
	const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
	if (!extension) return undefined;
	if (['mp4', 'mov', 'avi'].includes(extension)) return 'video';
	if (['jpg', 'jpeg', 'png', 'bmp', 'webp'].includes(extension)) return 'image';
	if (['mp3', 'wav'].includes(extension)) return 'audio';
	return undefined;
}

/** Count limits of a media list, given the kind of each item where known. */
export function listCountProblem(field: FieldDef, rule: FieldRule, model: ModelSpec, kinds: ReadonlyArray<MediaKind | undefined>): string | undefined {
	if (rule.maxItems !== undefined && kinds.length > rule.maxItems) {
		return `${field.label} takes at most ${rule.maxItems} files for model ${model.id} (got ${kinds.length})`;
	}
	if (rule.minItems !== undefined && kinds.length < rule.minItems) {
		return `${field.label} needs at least ${rule.minItems} file(s) for model ${model.id}`;
	}
	for (const [kind, max] of Object.entries(rule.maxPerKind ?? {})) {
		const count = kinds.filter((k) => k === kind).length;
		if (count > (max as number)) return `${field.label} takes at most ${max} ${kind} file(s) for model ${model.id} (got ${count})`;
	}
	return undefined;
}

function describeAllowed(rule: FieldRule): string {
	if (rule.values) return rule.values.join(', ');
	if (rule.min !== undefined || rule.max !== undefined) return `${rule.min ?? '…'} to ${rule.max ?? '…'}`;
	return '';
}

/** Accepts http(s) URLs (normalised, so non-ASCII gets percent-encoded as the service requires) and oss:// keys. */
function checkMediaUrl(field: FieldDef, model: ModelSpec, value: unknown): { url: string; oss: boolean } {
	const text = String(value).trim();
	let parsed: URL | undefined;
	try {
		parsed = new URL(text);
	} catch {
		parsed = undefined;
	}
	if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return { url: parsed.href, oss: false };
	if (parsed && parsed.protocol === 'oss:') return { url: text, oss: true };
	throw new InvalidFieldError(
		field,
		`${field.label} must be a public http(s) URL for model ${model.id} (got "${text.slice(0, 80)}")`,
	);
}

function checkValue(field: FieldDef, rule: FieldRule, model: ModelSpec, value: unknown): FieldValue {
	const fail = (what: string): never => {
		throw new InvalidFieldError(field, `${field.label} ${what} for model ${model.id} (got ${JSON.stringify(value)})`);
	};
	switch (field.type) {
		case 'string': {
			if (typeof value !== 'string') return fail('must be text');
			if (rule.maxLength !== undefined && characters(value) > rule.maxLength) {
				fail(`must be at most ${rule.maxLength} characters, this is ${characters(value)},`);
			}
			return value;
		}
		case 'integer': {
			const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number)) return fail('must be a whole number');
			if (rule.values && !rule.values.includes(number)) fail(`must be one of ${describeAllowed(rule)}`);
			if ((rule.min !== undefined && number < rule.min) || (rule.max !== undefined && number > rule.max)) {
				fail(`must be ${describeAllowed(rule)}`);
			}
			return number;
		}
		case 'number': {
			const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isFinite(number)) return fail('must be a number');
			if ((rule.min !== undefined && number < rule.min) || (rule.max !== undefined && number > rule.max)) {
				fail(`must be ${describeAllowed(rule)}`);
			}
			return number;
		}
		case 'boolean':
			if (typeof value !== 'boolean') return fail('must be true or false');
			return value;
		case 'options':
			if (rule.values && !rule.values.includes(value as FieldValue)) fail(`must be one of ${describeAllowed(rule)}`);
			return value as FieldValue;
		case 'media':
			return checkMediaUrl(field, model, value).url;
		case 'mediaList':
			throw new InvalidFieldError(field, `${field.label} is a list`);
	}
}

/** A list of URLs (an array, or text with one URL per line or comma): each checked, order kept. */
function checkMediaList(field: FieldDef, rule: FieldRule, model: ModelSpec, value: unknown): { urls: string[]; oss: boolean } {
	const items = (Array.isArray(value) ? value : String(value).split(/[\n,]+/)).map((item) => String(item).trim()).filter(Boolean);
	const checked = items.map((item) => checkMediaUrl(field, model, item));
	const problem = listCountProblem(field, rule, model, checked.map(({ url }) => kindOfUrl(url)));
	if (problem) throw new InvalidFieldError(field, problem);
	return { urls: checked.map(({ url }) => url), oss: checked.some(({ oss }) => oss) };
}

export function setPath(body: IDataObject, path: string, value: FieldValue | string[], index?: number) {
	const [section, key] = path.split('.') as [string, string];
	const target = body[section] as IDataObject;
	if (index === undefined) target[key] = value;
	else (target[key] as string[])[index] = String(value);
}

/** The model name to send: some regions serve the same model under another name. */
export function apiModelId(model: ModelSpec, region: RegionId | undefined): string {
	return (region && model.regionalIds?.[region]) || model.id;
}

/**
 * Checks every value against the model's rules and builds the request body. Fields the model does not
 * take are never sent (a hidden "Additional Fields" entry left over from another model is ignored).
 */
export function buildRequest(
	family: FamilySpec,
	model: ModelSpec,
	values: Readonly<Record<string, unknown>>,
	region?: RegionId,
): BuiltRequest {
	const body: IDataObject = { model: apiModelId(model, region), input: {}, parameters: {} };
	let ossResolve = false;
	const uploads: PendingUpload[] = [];
	for (const field of family.fields) {
		const rule = model.fields[field.name];
		if (!rule) continue;
		const value = values[field.name];
		if (isEmpty(value)) {
			if (rule.required) {
				throw new InvalidFieldError(field, `${field.label} is required for model ${model.id}`);
			}
			continue;
		}
		if ((field.type === 'media' || field.type === 'mediaList') && isBinaryMediaValue(value)) {
			const list = field.type === 'mediaList';
			if (!value.binaryProperties.length && rule.required) {
				throw new InvalidFieldError(field, `${field.label} is required for model ${model.id}`);
			}
			value.binaryProperties.forEach((binaryProperty, index) =>
				uploads.push({ field, path: field.path, binaryProperty, rule, index: list ? index : undefined }),
			);
			if (list) setPath(body, field.path, value.binaryProperties.map(() => ''));
			ossResolve = true;
			continue;
		}
		if (field.type === 'mediaList') {
			const { urls, oss } = checkMediaList(field, rule, model, value);
			if (!urls.length && rule.required) throw new InvalidFieldError(field, `${field.label} is required for model ${model.id}`);
			if (oss) ossResolve = true;
			setPath(body, field.path, urls);
			continue;
		}
		if (field.type === 'media' && String(value).trim().startsWith('oss://')) ossResolve = true;
		setPath(body, field.path, checkValue(field, rule, model, value));
	}
	return { body, ossResolve, uploads };
}
