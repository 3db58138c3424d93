import type { INodeProperties } from 'n8n-workflow';

import type { FieldDef, FieldRule, SizeRange } from '../models/types';

/**
 * "Custom" output sizes: one shared way for every model whose reference allows a free `W*H` besides its listed
 * sizes (FieldRule.customSize). The size drop-down gains a "Custom (Width × Height)" choice; two whole-number
 * parameters next to it (`<field>Width`, `<field>Height`) give the pixels; the node sends `W*H` at the size's path
 * after checking it against the model's documented bounds, before anything is paid for.
 */

/** The size drop-down's value that stands for "the width and height below". */
export const CUSTOM_SIZE = 'custom';

export const customSizeNames = (field: string) => ({ width: `${field}Width`, height: `${field}Height` });

/** `W*H` (also `W×H`, `WxH`) → width and height; undefined for anything else (tiers such as `2K`). */
export function parseSize(value: unknown): [number, number] | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^\s*(\d+)\s*[*x×]\s*(\d+)\s*$/i.exec(value);
	return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** The custom size the width and height give, as the service writes it (`W*H`); undefined when not two whole numbers. */
export function composeSize(width: unknown, height: unknown): string | undefined {
	const [w, h] = [Number(width), Number(height)];
	return Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 ? `${w}*${h}` : undefined;
}

const pixels = (side: number) => `${side}×${side}`;

/** The bounds in words, e.g. "each side 512 to 1440 px" or "1280×1280 to 1440×1440 pixels in all, aspect 1:4 to 4:1". */
export function describeSizeRange(range: SizeRange): string {
	const parts: string[] = [];
	if (range.minSide !== undefined || range.maxSide !== undefined) parts.push(`each side ${range.minSide ?? 1} to ${range.maxSide ?? '…'} px`);
	if (range.minPixels !== undefined || range.maxPixels !== undefined) {
		const side = (n: number | undefined) => (n === undefined ? '…' : Number.isInteger(Math.sqrt(n)) ? pixels(Math.sqrt(n)) : String(n));
		parts.push(`${side(range.minPixels)} to ${side(range.maxPixels)} pixels in all`);
	}
	if (range.maxAspect !== undefined) parts.push(`aspect 1:${range.maxAspect} to ${range.maxAspect}:1`);
	return parts.length ? parts.join(', ') : 'any width*height (the service judges it)';
}

/** Why `value` is not a custom size within `range` (a fragment completing "Size …"), or undefined when it is. */
export function customSizeProblem(value: string, range: SizeRange): string | undefined {
	const size = parseSize(value);
	if (!size) return 'must be width*height, e.g. 1024*1024';
	const [w, h] = size;
	const fits =
		w > 0 &&
		h > 0 &&
		(range.minSide === undefined || Math.min(w, h) >= range.minSide) &&
		(range.maxSide === undefined || Math.max(w, h) <= range.maxSide) &&
		(range.minPixels === undefined || w * h >= range.minPixels) &&
		(range.maxPixels === undefined || w * h <= range.maxPixels) &&
		(range.maxAspect === undefined || Math.max(w, h) <= range.maxAspect * Math.min(w, h));
	return fits ? undefined : `must be a custom size with ${describeSizeRange(range)}`;
}

/** A starting width × height inside the range for the panel: the model's default size when it is `W*H`, else 1024². */
function startSize(rule: FieldRule): [number, number] {
	const range = rule.customSize ?? {};
	const given = parseSize(rule.default) ?? (rule.values ?? []).map(parseSize).find(Boolean);
	if (given && !customSizeProblem(`${given[0]}*${given[1]}`, range)) return given;
	let side = 1024;
	if (range.minPixels !== undefined) side = Math.max(side, Math.ceil(Math.sqrt(range.minPixels)));
	if (range.minSide !== undefined) side = Math.max(side, range.minSide);
	return [side, side];
}

/** The "Custom" choice of a size drop-down (added after the listed sizes). */
export function customSizeOption(rule: FieldRule): { name: string; value: string; description: string } {
	return { name: 'Custom (Width × Height)', value: CUSTOM_SIZE, description: `Your own size: ${describeSizeRange(rule.customSize ?? {})}` };
}

/** The width and height parameters shown while the size is "Custom" (`sizeShow` names the size parameter's path). */
export function customSizeProperties(field: FieldDef, rule: FieldRule, sizeShow: string): INodeProperties[] {
	const names = customSizeNames(field.name);
	const [width, height] = startSize(rule);
	const range = describeSizeRange(rule.customSize ?? {});
	const bounds = { minValue: rule.customSize?.minSide ?? 1, maxValue: rule.customSize?.maxSide, numberPrecision: 0 };
	const show = { show: { [sizeShow]: [CUSTOM_SIZE] } };
	return [
		{ displayName: 'Width (Pixels)', name: names.width, type: 'number', typeOptions: bounds, default: width, description: `Width of the custom size; ${range}`, displayOptions: show },
		{ displayName: 'Height (Pixels)', name: names.height, type: 'number', typeOptions: bounds, default: height, description: `Height of the custom size; ${range}`, displayOptions: show },
	];
}
