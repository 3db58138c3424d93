// Validates a create-task body against a ModelRule. Pure: no I/O (media URLs are checked later in media.ts).
import type { FieldRule, FunctionRule, MediaKind, ModelRule } from './models';
import { isRecord } from './util';

export interface ApiError {
	status: number;
	code: string;
	message: string;
}

export interface Truncation {
	field: string;
	length: number;
	max: number;
}

export interface MediaRef {
	field: string;
	url: string;
	rule: Extract<FieldRule, { type: 'media' }>;
	/** Set for items of a `mediaList`: the item's kind is decided per file, counts are shared by the list. */
	list?: MediaListGroup;
}

/** Per-request state of one `mediaList` field, shared by its items' MediaRefs (filled in by media.ts). */
export interface MediaListGroup {
	path: string;
	rule: Extract<FieldRule, { type: 'mediaList' }>;
	counts: Partial<Record<MediaKind, number>>;
}

export interface ValidRequest {
	/** Input as received, with over-long text truncated like the real service does. */
	input: Record<string, unknown>;
	/** Parameters as received plus documented defaults. */
	parameters: Record<string, unknown>;
	unknownFields: string[];
	truncations: Truncation[];
	media: MediaRef[];
}

const invalid = (message: string): ApiError => ({ status: 400, code: 'InvalidParameter', message });

const KNOWN_TOP_LEVEL = new Set(['model', 'input', 'parameters']);

export function validateBody(model: string, rule: ModelRule, body: Record<string, unknown>, endpoint = rule.endpoint): ValidRequest | ApiError {
	if (!('input' in body) || body.input === null || body.input === undefined) {
		return { status: 400, code: 'BadRequest.EmptyInput', message: 'Required input is missing.' };
	}
	if (!isRecord(body.input)) return invalid('input must be a JSON object.');
	if (body.parameters !== undefined && !isRecord(body.parameters)) {
		return invalid('parameters must be a JSON object.');
	}
	if (rule.parametersRequired && body.parameters === undefined) {
		return { status: 400, code: 'BadRequest.EmptyParameters', message: 'Required parameters is missing.' };
	}
	const out: ValidRequest = { input: {}, parameters: {}, unknownFields: [], truncations: [], media: [] };
	for (const key of Object.keys(body)) if (!KNOWN_TOP_LEVEL.has(key)) out.unknownFields.push(key);

	// Models with functions (VACE): input.function picks the function's own fields and defaults.
	let fn: FunctionRule | undefined;
	let inputRules = rule.input;
	let parameterRules = rule.parameters;
	if (rule.functions) {
		const name = body.input.function;
		if (name === undefined || name === '') return invalid('Field required: input.function');
		fn = typeof name === 'string' && Object.hasOwn(rule.functions, name) ? rule.functions[name] : undefined;
		if (!fn) return invalid(`input.function '${String(name)}' is not supported by ${model}; allowed: ${Object.keys(rule.functions).join(', ')}.`);
		inputRules = { function: { type: 'string', required: true }, ...rule.input, ...fn.input };
		parameterRules = { ...rule.parameters, ...fn.parameters };
	}

	const sections = [
		['input', body.input, inputRules, out.input],
		['parameters', body.parameters ?? {}, parameterRules, out.parameters],
	] as const;
	for (const [section, given, rules, target] of sections) {
		for (const [key, value] of Object.entries(given)) {
			// The real service ignores undocumented fields; recording them lets tests catch invented ones.
			if (!Object.hasOwn(rules, key)) out.unknownFields.push(`${section}.${key}`);
			target[key] = value;
		}
		for (const [key, fieldRule] of Object.entries(rules)) {
			const error = checkField(model, `${section}.${key}`, given[key], fieldRule, target, key, out);
			if (error) return error;
		}
	}
	const problem = fn?.check?.(out.input, out.parameters) ?? rule.check?.(out.input, out.parameters, endpoint);
	if (problem) return invalid(problem);
	for (const [key, value] of Object.entries({ ...rule.defaults, ...fn?.defaults })) {
		if (out.parameters[key] === undefined) out.parameters[key] = value;
	}
	return out;
}

function checkField(
	model: string,
	path: string,
	value: unknown,
	rule: FieldRule,
	target: Record<string, unknown>,
	key: string,
	out: ValidRequest,
): ApiError | undefined {
	if (value === undefined || value === null || value === '') {
		return rule.required ? invalid(`Field required: ${path}`) : undefined;
	}
	switch (rule.type) {
		case 'string': {
			if (typeof value !== 'string') return invalid(`${path} must be a string.`);
			if (rule.enum && !rule.enum.includes(value)) {
				return invalid(`${path} '${value}' is not supported by ${model}; allowed: ${rule.enum.join(', ') || 'none'}.`);
			}
			const chars = [...value];
			// Over-long prompts are silently truncated by the service (api-video.md §3.2), not rejected.
			if (rule.maxChars !== undefined && chars.length > rule.maxChars) {
				target[key] = chars.slice(0, rule.maxChars).join('');
				out.truncations.push({ field: path, length: chars.length, max: rule.maxChars });
			}
			return undefined;
		}
		case 'integer': {
			if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(`${path} must be an integer.`);
			if (rule.oneOf && !rule.oneOf.includes(value)) {
				return invalid(`${path} ${value} is not supported by ${model}; allowed: ${rule.oneOf.join(', ')}.`);
			}
			if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
				return invalid(`${path} ${value} is out of range for ${model}: ${rule.min ?? '-∞'}..${rule.max ?? '∞'}.`);
			}
			return undefined;
		}
		case 'boolean':
			return typeof value === 'boolean' ? undefined : invalid(`${path} must be a boolean.`);
		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return invalid(`${path} must be a number.`);
			if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
				return invalid(`${path} ${value} is out of range for ${model}: ${rule.min ?? '-∞'}..${rule.max ?? '∞'}.`);
			}
			return undefined;
		}
		case 'strings':
			return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : invalid(`${path} must be an array of strings.`);
		case 'stringList': {
			if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return invalid(`${path} must be an array of strings.`);
			const bad = value.find((v) => !rule.enum.includes(v as string));
			if (bad !== undefined) return invalid(`${path} '${String(bad)}' is not supported by ${model}; allowed: ${rule.enum.join(', ')}.`);
			for (const [v, max] of Object.entries(rule.maxPerValue ?? {})) {
				if (value.filter((x) => x === v).length > max) return invalid(`${path} may contain '${v}' at most ${max} time(s).`);
			}
			return undefined;
		}
		case 'mediaItems': {
			if (!Array.isArray(value) || value.length === 0) return invalid(`${path} must be a non-empty array of {type, url} objects.`);
			const counts: Record<string, number> = {};
			for (const [i, item] of value.entries()) {
				if (!isRecord(item) || typeof item.type !== 'string' || typeof item.url !== 'string' || item.url === '') {
					return invalid(`${path}[${i}] must be an object with a string type and url.`);
				}
				const kind = Object.hasOwn(rule.kinds, item.type) ? rule.kinds[item.type] : undefined;
				if (!kind) return invalid(`${path}[${i}].type '${item.type}' is not supported by ${model}; allowed: ${Object.keys(rule.kinds).join(', ')}.`);
				counts[item.type] = (counts[item.type] ?? 0) + 1;
				if ((counts[item.type] ?? 0) > kind.maxCount) return invalid(`${path} may contain at most ${kind.maxCount} item(s) of type ${item.type}.`);
				out.media.push({ field: `${key}[${i}]`, url: item.url, rule: kind.rule });
				for (const [attachedKey, attachedRule] of Object.entries(kind.attached ?? {})) {
					const attached = item[attachedKey];
					if (attached === undefined) continue;
					if (typeof attached !== 'string' || attached === '') return invalid(`${path}[${i}].${attachedKey} must be a URL string.`);
					out.media.push({ field: `${key}[${i}].${attachedKey}`, url: attached, rule: attachedRule });
				}
			}
			const types = Object.keys(counts).sort();
			if (rule.combos && !rule.combos.some((c) => c.length === types.length && c.every((t) => types.includes(t)))) {
				return invalid(`${path} combination ${types.join(' + ')} is not supported by ${model}; allowed: ${rule.combos.map((c) => c.join(' + ')).join('; ')}.`);
			}
			if (rule.total) {
				const total = rule.total.types.reduce((sum, t) => sum + (counts[t] ?? 0), 0);
				if (total < rule.total.min || total > rule.total.max) {
					return invalid(`${path} must contain ${rule.total.min} to ${rule.total.max} items of type ${rule.total.types.join(' or ')}; got ${total}.`);
				}
			}
			return undefined;
		}
		case 'json': {
			const problem = rule.check(value);
			return problem ? invalid(`${path} ${problem}`) : undefined;
		}
		case 'box': {
			// The reference gives the box format, not this error's wording.
			if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
				return invalid(`${path} must be an array of 4 non-negative integers [x1, y1, x2, y2].`);
			}
			const [x1, y1, x2, y2] = value as number[];
			if (x2 <= x1 || y2 <= y1) return invalid(`${path} must give the top-left corner before the bottom-right one.`);
			const ratio = (y2 - y1) / (x2 - x1);
			if (rule.ratios && !rule.ratios.some((r) => Math.abs(ratio - r) <= r * 0.15)) {
				return invalid(`${path} has an aspect ratio the model does not take (1:1 or 3:4).`);
			}
			return undefined;
		}
		case 'size': {
			const match = typeof value === 'string' ? /^(\d+)\*(\d+)$/.exec(value) : null;
			if (!match) return invalid(`${path} must be a string "width*height", e.g. "1024*1024".`);
			const width = Number(match[1]);
			const height = Number(match[2]);
			const bad = (why: string): ApiError => invalid(`${path} '${value}' is not supported by ${model}: ${why}.`);
			for (const side of [width, height]) {
				if (rule.minSide !== undefined && side < rule.minSide) return bad(`each side must be at least ${rule.minSide}`);
				if (rule.maxSide !== undefined && side > rule.maxSide) return bad(`each side must be at most ${rule.maxSide}`);
			}
			const pixels = width * height;
			if (rule.minPixels !== undefined && pixels < rule.minPixels) return bad(`at least ${rule.minPixels} pixels`);
			if (rule.maxPixels !== undefined && pixels > rule.maxPixels) return bad(`at most ${rule.maxPixels} pixels`);
			if (rule.maxAspect !== undefined && Math.max(width, height) > rule.maxAspect * Math.min(width, height)) {
				return bad(`aspect ratio must lie between 1:${rule.maxAspect} and ${rule.maxAspect}:1`);
			}
			return undefined;
		}
		case 'media': {
			if (typeof value !== 'string') return invalid(`${path} must be a URL string.`);
			if (rule.asciiOnly && /[^\x20-\x7e]/.test(value)) {
				return invalid(`${path} must not contain non-ASCII characters; URL-encode them.`);
			}
			out.media.push({ field: key, url: value, rule });
			return undefined;
		}
		case 'messages':
			return checkMessages(model, path, value, rule, target, key, out);
		case 'object': {
			if (!isRecord(value)) return invalid(`${path} must be a JSON object.`);
			const nested: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(value)) {
				if (!Object.hasOwn(rule.fields, k)) out.unknownFields.push(`${path}.${k}`);
				nested[k] = v;
			}
			target[key] = nested; // a copy: truncation must not change the body as received
			for (const [k, fieldRule] of Object.entries(rule.fields)) {
				const error = checkField(model, `${path}.${k}`, value[k], fieldRule, nested, k, out);
				if (error) return error;
			}
			return undefined;
		}
		case 'mediaList': {
			if (!Array.isArray(value)) return invalid(`${path} must be an array of URL strings.`);
			if (value.length < rule.minItems || value.length > rule.maxItems) {
				return invalid(`${path} must contain ${rule.minItems} to ${rule.maxItems} URLs; got ${value.length}.`);
			}
			const group: MediaListGroup = { path, rule, counts: {} };
			// The first kind is a placeholder: media.ts picks each item's rule once the item is classified.
			const placeholder = Object.values(rule.kinds)[0]?.rule;
			if (!placeholder) return invalid(`${path} is not supported by ${model}.`);
			for (const [i, item] of value.entries()) {
				if (typeof item !== 'string' || item === '') return invalid(`${path}[${i}] must be a URL string.`);
				out.media.push({ field: `${key}[${i}]`, url: item, rule: placeholder, list: group });
			}
			return undefined;
		}
	}
}

/** `input.messages` of the messages protocol: one user message, one text part, the images in order. */
function checkMessages(
	model: string,
	path: string,
	value: unknown,
	rule: Extract<FieldRule, { type: 'messages' }>,
	target: Record<string, unknown>,
	key: string,
	out: ValidRequest,
): ApiError | undefined {
	if (!Array.isArray(value) || value.length !== 1) return invalid(`${path} must contain exactly one message (single turn).`);
	const [message] = value as unknown[];
	if (!isRecord(message) || message.role !== 'user') return invalid(`${path}[0].role must be "user".`);
	if (!Array.isArray(message.content)) return invalid(`${path}[0].content must be an array.`);
	const content = message.content as unknown[];
	const texts = content.filter((part) => isRecord(part) && 'text' in part) as Array<Record<string, unknown>>;
	if (texts.length !== 1 || typeof texts[0]?.text !== 'string' || texts[0].text === '') {
		return invalid(`${path}[0].content must contain exactly one text part.`);
	}
	const copy = content.map((part) => ({ ...(part as Record<string, unknown>) }));
	let images = 0;
	for (const [i, part] of copy.entries()) {
		if (typeof part.text === 'string') {
			const chars = [...part.text];
			if (chars.length > rule.maxChars) {
				part.text = chars.slice(0, rule.maxChars).join('');
				out.truncations.push({ field: `${path}[0].content[${i}].text`, length: chars.length, max: rule.maxChars });
			}
			continue;
		}
		if (typeof part.image !== 'string' || part.image === '') return invalid(`${path}[0].content[${i}] must be a text or an image part.`);
		images++;
		out.media.push({ field: `${key}[${i}]`, url: part.image, rule: rule.image });
	}
	if (images < rule.minImages || images > rule.maxImages) {
		return invalid(`${path}[0].content must contain ${rule.minImages} to ${rule.maxImages} images for ${model}; got ${images}.`);
	}
	target[key] = [{ ...message, content: copy }];
	return undefined;
}
