import type { IDataObject } from 'n8n-workflow';

import { resultPaths } from '../models';
import type { FamilySpec } from '../models/types';

/**
 * Request and result paths (see RequestPath / ResultPath): `a.b[2].c`, and `[]` for "append" (when
 * writing) or "every entry" (when reading).
 */

/** No value: absent, null, empty text or an empty list (a field left empty in the panel). */
export const isEmptyValue = (value: unknown): boolean =>
	value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

type Segment = string | number | '[]';

const cache = new Map<string, Segment[]>();

export function parsePath(path: string): Segment[] {
	const known = cache.get(path);
	if (known) return known;
	const segments: Segment[] = [];
	for (const part of path.split('.')) {
		const match = /^([^[\]]+)((?:\[\d*\])*)$/.exec(part);
		if (!match) throw new Error(`Malformed path "${path}"`);
		segments.push(match[1]);
		for (const index of match[2].match(/\[(\d*)\]/g) ?? []) {
			const digits = index.slice(1, -1);
			segments.push(digits === '' ? '[]' : Number(digits));
		}
	}
	cache.set(path, segments);
	return segments;
}

type Container = IDataObject | unknown[];

/**
 * Writes `value` at `path`, creating objects and lists on the way. Returns the concrete path written
 * (with `[]` replaced by the index appended to), so a later upload can fill in exactly that place.
 */
export function setPath(body: IDataObject, path: string, value: unknown): string {
	const segments = parsePath(path);
	let target: Container = body;
	const concrete: Segment[] = [];
	for (const [i, segment] of segments.entries()) {
		const last = i === segments.length - 1;
		const container = target as Record<string | number, unknown> & unknown[];
		let key: string | number = segment;
		if (segment === '[]') key = (target as unknown[]).length;
		concrete.push(key);
		if (last) {
			container[key] = value;
			break;
		}
		const next = segments[i + 1];
		if (container[key] === undefined) container[key] = typeof next === 'string' && next !== '[]' ? {} : [];
		target = container[key] as Container;
	}
	return concrete.reduce<string>((text, s) => (typeof s === 'number' ? `${text}[${s}]` : text ? `${text}.${s}` : s), '');
}

/** Every value at `path` (lists marked `[]` are flattened); missing places give nothing. */
export function readPath(root: unknown, path: string): unknown[] {
	let current: unknown[] = [root];
	for (const segment of parsePath(path)) {
		current = current.flatMap((value) => {
			if (segment === '[]') return Array.isArray(value) ? value : [];
			if (value === null || typeof value !== 'object') return [];
			const next = (value as Record<string | number, unknown>)[segment];
			return next === undefined ? [] : [next];
		});
	}
	return current;
}

/**
 * Result URLs of a finished task of this family, read at every place the family declares, in order, without
 * repeats. A task has one shape, so for documented answers only one place holds URLs (Edit Video's functions);
 * for undocumented ones (person segmentation: a mask and a visualisation) every candidate place is read.
 */
export function resultUrls(family: FamilySpec, output: IDataObject): string[] {
	const urls = resultPaths(family).flatMap((path) => readPath({ output }, path).flatMap((value) => (typeof value === 'string' ? [value] : [])));
	return [...new Set(urls)];
}
