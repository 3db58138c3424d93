import type { IDataObject } from 'n8n-workflow';

import type { RegionId } from './engine/regions';
import { isBinaryMediaValue } from './mediaParams';
import type { FamilySpec, FieldDef, FieldRule, FieldValue, MediaLimits, ModelSpec, RequestPath } from './models/types';

/** A value the model does not accept. The message names the field, the model and what is allowed. */
export class InvalidFieldError extends Error {
	constructor(
		readonly field: FieldDef,
		message: string,
	) {
		super(message);
	}
}

/** A media input to upload from the item's binary data; its oss:// URL goes to `path` before submitting. */
export interface PendingUpload {
	field: FieldDef;
	path: RequestPath;
	binaryProperty: string;
	limits?: MediaLimits;
}

export interface BuiltRequest {
	body: IDataObject;
	/** True when an input is (or will be) an oss:// temporary URL: the submission then needs the resolve header. */
	ossResolve: boolean;
	uploads: PendingUpload[];
}

const characters = (text: string) => [...text].length;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

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
		case 'boolean':
			if (typeof value !== 'boolean') return fail('must be true or false');
			return value;
		case 'options':
			if (rule.values && !rule.values.includes(value as FieldValue)) fail(`must be one of ${describeAllowed(rule)}`);
			return value as FieldValue;
		case 'media':
			return checkMediaUrl(field, model, value).url;
	}
}

export function setPath(body: IDataObject, path: string, value: FieldValue) {
	const [section, key] = path.split('.') as [string, string];
	(body[section] as IDataObject)[key] = value;
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
		if (field.type === 'media' && isBinaryMediaValue(value)) {
			uploads.push({ field, path: field.path, binaryProperty: value.binaryProperty, limits: rule.media });
			ossResolve = true;
			continue;
		}
		if (field.type === 'media' && String(value).trim().startsWith('oss://')) ossResolve = true;
		setPath(body, field.path, checkValue(field, rule, model, value));
	}
	return { body, ossResolve, uploads };
}
