import { z } from 'zod';

import { customSizeProblem, parseSize } from './customSize';
import { rulesOf } from '../models';
import type { CrossRule, FamilySpec, FieldDef, FieldRule, MediaKind, ModelSpec } from '../models/types';

/**
 * Each model's rules (from its family table, the one place they live) as one zod schema per model and
 * function, built once. Only the zod API common to zod 3.25 and zod 4 is used (n8n ships zod 3; a
 * later n8n may ship zod 4): primitives with `{ message }`, `.min/.max/.int`, `.refine`, `superRefine`
 * with `code: 'custom'` issues, `safeParse` and `error.issues`.
 *
 * Messages come in two forms: a fragment ("must be 2 to 15") that the caller completes with the field
 * label, the model and the value given, or a whole sentence that already names the model.
 */

/** What is validated: the item's values (URL media only), and how many binary files each media field got. */
export interface ValidationInput {
	values: Record<string, unknown>;
	files: Array<{ field: string; count: number }>;
}

export interface Issue {
	field: string;
	/** Index path below the field, e.g. `[2]` for the third URL of a list. */
	below: PropertyKey[];
	message: string;
	/**
	 * A whole sentence that already names the field(s) and the model (cross-field rules, counts, required);
	 * otherwise a fragment ("must be 2 to 15") the caller completes with the field label, the model and the value.
	 */
	whole: boolean;
}

interface Schema {
	safeParse(input: unknown): {
		success: boolean;
		error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string; params?: Record<string, unknown> }> };
	};
}

/** Marks an issue whose message is a whole sentence (zod keeps a custom issue's `params`, in zod 3 and 4). */
const WHOLE = { whole: true };

const codePoints = (text: string) => [...text].length;

/** http(s) URLs and DashScope's oss:// temporary URLs. */
export function isMediaUrl(value: string): boolean {
	try {
		return ['http:', 'https:', 'oss:'].includes(new URL(value.trim()).protocol);
	} catch {
		return false;
	}
}

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

const range = (rule: FieldRule) => `${rule.min ?? '…'} to ${rule.max ?? '…'}`;
const oneOf = (rule: FieldRule) => `must be one of ${(rule.values ?? []).join(', ')}`;

/** The zod schema of one field's (non-empty) value under one rule. */
function fieldSchema(field: FieldDef, rule: FieldRule, model: ModelSpec): z.ZodType {
	switch (field.type) {
		case 'string':
			return z.string({ message: 'must be text' }).superRefine((text, ctx) => {
				if (rule.maxLength !== undefined && codePoints(text) > rule.maxLength) {
					ctx.addIssue({ code: 'custom', message: `must be at most ${rule.maxLength} characters, this is ${codePoints(text)},` });
				}
			});
		case 'integer':
		case 'number': {
			let number = z.number({ message: field.type === 'integer' ? 'must be a whole number' : 'must be a number' });
			if (field.type === 'integer') number = number.int('must be a whole number');
			if (rule.values) {
				const values = rule.values;
				return number.refine((n) => values.includes(n), oneOf(rule));
			}
			if (rule.min !== undefined) number = number.min(rule.min, `must be ${range(rule)}`);
			if (rule.max !== undefined) number = number.max(rule.max, `must be ${range(rule)}`);
			return number;
		}
		case 'boolean':
			return z.boolean({ message: 'must be true or false' });
		case 'options': {
			const values = rule.values;
			const custom = rule.customSize;
			if (!values) return z.string();
			if (!custom) return z.string({ message: oneOf(rule) }).refine((v) => values.includes(v), oneOf(rule));
			// A size drop-down with a custom width*height (customSize.ts): a listed value, or `W*H` within the bounds.
			return z.string({ message: oneOf(rule) }).superRefine((v, ctx) => {
				if (values.includes(v)) return;
				const problem = parseSize(v) ? customSizeProblem(v, custom) : `${oneOf(rule)}, or Custom with a width and a height`;
				if (problem) ctx.addIssue({ code: 'custom', message: problem });
			});
		}
		case 'optionList': {
			const values = rule.values ?? [];
			return z
				.array(z.string().refine((v) => values.includes(v), `entries ${oneOf(rule).replace('must be ', 'must each be ')}`), {
					message: `must list values among ${values.join(', ')}`,
				})
				.superRefine((list, ctx) => {
					const problem = itemCountProblem(field, rule, model, list.length, 'entries');
					if (problem) ctx.addIssue({ code: 'custom', message: problem, params: WHOLE });
					for (const [value, max] of Object.entries(rule.maxPerValue ?? {})) {
						const count = list.filter((v) => v === value).length;
						if (count > max) ctx.addIssue({ code: 'custom', message: `${field.label} may name "${value}" at most ${max} time(s) for model ${model.id} (got ${count})`, params: WHOLE });
					}
				});
		}
		case 'textList':
			return z.array(z.string(), { message: 'must be a list of texts' }).superRefine((list, ctx) => {
				const problem = itemCountProblem(field, rule, model, list.length, 'entries');
				if (problem) ctx.addIssue({ code: 'custom', message: problem, params: WHOLE });
				const long = rule.maxLength === undefined ? undefined : list.find((entry) => codePoints(entry) > (rule.maxLength ?? 0));
				if (long !== undefined) ctx.addIssue({ code: 'custom', message: `${field.label} entries must be at most ${rule.maxLength} characters for model ${model.id}`, params: WHOLE });
			});
		case 'json':
			return jsonSchema(field, rule, model);
		case 'media':
			return z.string({ message: 'must be a public http(s) URL' }).refine(isMediaUrl, 'must be a public http(s) URL');
		case 'mediaList':
			return z
				// An attached list (wan2.7-r2v voices) may leave an entry empty: that reference gets no file.
				.array(z.string().refine((url) => (field.attach && url === '') || isMediaUrl(url), 'must be a public http(s) URL'), {
					message: 'must be a list of public http(s) URLs',
				})
				.superRefine((urls, ctx) => {
					const problem = listCountProblem(field, rule, model, urls.map(kindOfUrl));
					if (problem) ctx.addIssue({ code: 'custom', message: problem, params: WHOLE });
				});
	}
}

/**
 * The JSON structures the reference documents (api-gaps.md §5, wan2.7-image): `color_palette` is a list of
 * `{ hex, ratio }` (hex `#RRGGBB`; the ratio is passed on as given, a number or a text such as "40%", since the
 * reference does not spell its format); `bbox_list` holds, per input image in order, a list of `[x1, y1, x2, y2]`
 * pixel boxes (an empty list for an image without one).
 */
function jsonSchema(field: Extract<FieldDef, { type: 'json' }>, rule: FieldRule, model: ModelSpec): z.ZodType {
	const counted = <T extends z.ZodType>(list: T) =>
		list.superRefine((entries, ctx) => {
			const problem = itemCountProblem(field, rule, model, (entries as unknown[]).length, 'entries');
			if (problem) ctx.addIssue({ code: 'custom', message: problem, params: WHOLE });
		});
	switch (field.shape) {
		case 'colorPalette':
			return counted(
				z.array(
					z.object({
						hex: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must give each colour as { "hex": "#RRGGBB", "ratio": … }'),
						ratio: z.union([z.number(), z.string()], { message: 'must give each colour a ratio' }),
					}, { message: 'must list colours as { "hex": "#RRGGBB", "ratio": … }' }),
					{ message: 'must be a JSON list of { "hex": "#RRGGBB", "ratio": … } colours' },
				),
			);
		case 'boxesPerImage':
			return counted(
				z.array(
					z.array(
						z.array(z.number().int().min(0), { message: 'must give each box as [x1, y1, x2, y2]' }).length(4, 'must give each box as 4 whole numbers [x1, y1, x2, y2]'),
						{ message: 'must hold one list of boxes per input image' },
					),
					{ message: 'must be a JSON list with one list of [x1, y1, x2, y2] boxes per input image, e.g. [[[10, 20, 200, 240]], []]' },
				),
			);
	}
}

function itemCountProblem(field: FieldDef, rule: FieldRule, model: ModelSpec, count: number, what: string): string | undefined {
	if (rule.maxItems !== undefined && count > rule.maxItems) return `${field.label} takes at most ${rule.maxItems} ${what} for model ${model.id} (got ${count})`;
	if (rule.minItems !== undefined && count < rule.minItems) return `${field.label} needs at least ${rule.minItems} ${what} for model ${model.id} (got ${count})`;
	return undefined;
}

const and = (labels: string[]) => (labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? ''));
const or = (labels: string[]) => (labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}` : (labels[0] ?? ''));

/** A cross-field rule's problem with the given entries, as a whole sentence (and the field it is about). */
function crossProblem(
	rule: CrossRule,
	model: ModelSpec,
	label: (name: string) => string,
	count: (name: string) => number | undefined,
	value: (name: string) => unknown,
): { field: string; message: string } | undefined {
	const given = (name: string) => count(name) !== undefined;
	const entries = (name: string) => count(name) ?? 0;
	switch (rule.kind) {
		case 'sameLength': {
			const [a, b] = rule.fields;
			if (rule.atMost) {
				if (entries(b) <= entries(a)) return undefined;
				return {
					field: b,
					message: `${label(b)} takes at most one entry per ${label(a)} entry, in the same order, for model ${model.id} (got ${entries(b)} for ${entries(a)})`,
				};
			}
			if (!given(a) || !given(b) || entries(a) === entries(b)) return undefined;
			return {
				field: b,
				message: `${label(b)} needs one entry per ${label(a)} entry for model ${model.id} (got ${entries(b)} for ${entries(a)})`,
			};
		}
		case 'given': {
			const present = rule.fields.filter(given);
			if (rule.min !== undefined && present.length < rule.min) {
				return { field: rule.fields[0], message: `Give ${rule.min === 1 ? 'one' : `at least ${rule.min}`} of ${or(rule.fields.map(label))} for model ${model.id}` };
			}
			if (rule.max !== undefined && present.length > rule.max) {
				return { field: present[rule.max], message: `Give only ${rule.max === 1 ? 'one' : rule.max} of ${or(rule.fields.map(label))} for model ${model.id} (got ${and(present.map(label))})` };
			}
			return undefined;
		}
		case 'combination': {
			const present = rule.fields.filter(given);
			if (rule.allowed.some((combo) => combo.length === present.length && combo.every((name) => present.includes(name)))) return undefined;
			const together = (names: readonly string[]) => (names.length === 1 ? `${label(names[0])} alone` : and(names.map(label)));
			return {
				field: present[0] ?? rule.fields[0],
				message:
					`Model ${model.id} takes ${and(rule.fields.map(label))} only in these combinations: ` +
					`${rule.allowed.map(together).join('; ')} (got ${present.length ? together(present) : 'none of them'})`,
			};
		}
		case 'totalItems': {
			const total = rule.fields.reduce((sum, name) => sum + entries(name), 0);
			if (total > rule.max) {
				return { field: rule.fields[0], message: `${and(rule.fields.map(label))} take at most ${rule.max} files together for model ${model.id} (got ${total})` };
			}
			if (rule.min !== undefined && total < rule.min) {
				return { field: rule.fields[0], message: `Give at least ${rule.min} file(s) in ${or(rule.fields.map(label))} for model ${model.id}` };
			}
			return undefined;
		}
		case 'requiredWhen': {
			const current = value(rule.when);
			if (given(rule.field) || !rule.values.includes(current as never)) return undefined;
			return { field: rule.field, message: `${label(rule.field)} is required for model ${model.id} when ${label(rule.when)} is ${String(current)}` };
		}
		case 'maxUnless': {
			const n = value(rule.field);
			if (typeof n !== 'number' || n <= rule.max || value(rule.unless) === true) return undefined;
			return {
				field: rule.field,
				message: `${label(rule.field)} must be at most ${rule.max} for model ${model.id} unless ${label(rule.unless)} is on (got ${n})`,
			};
		}
		case 'notWith': {
			const current = value(rule.field);
			const other = value(rule.when);
			if (!rule.values.includes(current as never) || !rule.whenValues.includes(other as never)) return undefined;
			const state = (v: unknown) => (v === true ? 'on' : v === false ? 'off' : String(v));
			return {
				field: rule.field,
				message: `${label(rule.field)} ${state(current)} cannot be combined with ${label(rule.when)} ${state(other)} for model ${model.id}: change one of the two`,
			};
		}
		case 'onlyWhen':
			return undefined; // not a refusal: the field is dropped when it does not apply (see buildRequest)
	}
}

const schemas = new WeakMap<ModelSpec, Map<string, Schema>>();

/** The schema of one model (and function), built on first use and kept. */
export function schemaFor(family: FamilySpec, model: ModelSpec, fn?: string): Schema {
	const perModel = schemas.get(model) ?? new Map<string, Schema>();
	schemas.set(model, perModel);
	const cached = perModel.get(fn ?? '');
	if (cached) return cached;

	const { fields: rules, rules: cross } = rulesOf(model, fn);
	const taken = family.fields.filter((field) => rules[field.name]);
	const shape: Record<string, z.ZodType> = {};
	for (const field of taken) shape[field.name] = fieldSchema(field, rules[field.name], model).optional();
	const label = (name: string) => family.fields.find((f) => f.name === name)?.label ?? name;

	const schema = z
		.object({
			values: z.object(shape),
			files: z.array(z.object({ field: z.string(), count: z.number() })),
		})
		.superRefine((input, ctx) => {
			const count = (name: string): number | undefined => {
				const files = input.files.find((f) => f.field === name);
				if (files) return files.count || undefined;
				const value = (input.values as Record<string, unknown>)[name];
				if (value === undefined) return undefined;
				return Array.isArray(value) ? value.length || undefined : 1;
			};
			for (const field of taken) {
				if (rules[field.name].required && count(field.name) === undefined) {
					ctx.addIssue({ code: 'custom', path: ['values', field.name], message: `${field.label} is required for model ${model.id}`, params: WHOLE });
					return;
				}
			}
			for (const rule of cross) {
				const problem = crossProblem(rule, model, label, count, (name) => (input.values as Record<string, unknown>)[name] ?? rules[name]?.default);
				if (problem) {
					ctx.addIssue({ code: 'custom', path: ['values', problem.field], message: problem.message, params: WHOLE });
					return;
				}
			}
		});
	perModel.set(fn ?? '', schema);
	return schema;
}

/** The first problem with an item's values, or undefined when the model (and function) accepts them. */
export function firstIssue(family: FamilySpec, model: ModelSpec, fn: string | undefined, input: ValidationInput): Issue | undefined {
	const result = schemaFor(family, model, fn).safeParse(input);
	if (result.success) return undefined;
	const issue = result.error?.issues[0];
	if (!issue) return undefined;
	const [, field, ...below] = issue.path;
	return { field: String(field ?? ''), below, message: issue.message, whole: issue.params?.whole === true };
}
