import type { IDataObject } from 'n8n-workflow';

import type { RegionId } from '../engine/regions';
import type { ChainSpec } from './avatarChain';

/** Resources group operations by what the user holds or wants (see DESIGN.md). */
export type Resource = 'video' | 'image' | 'avatar';

export type MediaKind = 'image' | 'video' | 'audio';

/**
 * What the service accepts for one media input. Kept next to the model so that a later binary
 * upload can check files before paying for a request (format by magic bytes, size, pixels, seconds).
 */
export interface MediaLimits {
	formats: readonly string[];
	/** 0 where the reference states no file size limit: not checked. */
	maxMb: number;
	minPx?: number;
	maxPx?: number;
	/** Longest side / shortest side, e.g. 3 for "between 1:3 and 3:1". */
	maxAspect?: number;
	minSeconds?: number;
	maxSeconds?: number;
	/**
	 * The field documents a Base64 data URI (`data:{mime};base64,…`) besides URLs: where temporary upload
	 * is not offered (outside Beijing) a binary file within `maxMb` is then sent inline.
	 */
	dataUri?: boolean;
}

/** Where a value goes in the request body: `input.<key>` or `parameters.<key>`. */
export type RequestPath = `input.${string}` | `parameters.${string}`;

interface FieldBase {
	/** n8n parameter name. Public API: saved workflows depend on it, never rename. */
	name: string;
	label: string;
	description: string;
	path: RequestPath;
	/** `main` = a top-level parameter; `additional` = inside the "Additional Fields" collection. */
	placement: 'main' | 'additional';
}

export type FieldDef =
	| (FieldBase & { type: 'string'; multiline?: boolean; placeholder?: string })
	| (FieldBase & { type: 'integer' })
	/** A decimal number within the rule's min/max (e.g. LivePortrait's blink frequency 0–1). */
	| (FieldBase & { type: 'number' })
	| (FieldBase & { type: 'boolean' })
	| (FieldBase & { type: 'options'; labels?: Readonly<Record<string, string>> })
	| (FieldBase & { type: 'media'; media: MediaKind })
	/** Several files in one field, in order (e.g. reference images and videos); each of one of `media`. */
	| (FieldBase & { type: 'mediaList'; media: readonly MediaKind[] });

export type FieldValue = string | number | boolean;

/** How one model constrains one field. A field absent from a model's rules is not sent for it. */
export interface FieldRule {
	required?: boolean;
	default?: FieldValue;
	/** Strings: maximum length in characters (the service counts one per code point). */
	maxLength?: number;
	/** Integers and numbers: inclusive range. */
	min?: number;
	max?: number;
	/** Enumerations (options, or a discrete set of integers such as durations 5 | 10). */
	values?: readonly FieldValue[];
	/** Media inputs: what the service accepts. */
	media?: MediaLimits;
	/** Media lists: what the service accepts per kind, and how many files (in all, and per kind). */
	mediaByKind?: Partial<Record<MediaKind, MediaLimits>>;
	minItems?: number;
	maxItems?: number;
	maxPerKind?: Partial<Record<MediaKind, number>>;
}

export interface ModelSpec {
	id: string;
	label: string;
	description: string;
	regions: readonly RegionId[];
	/** Where a region serves the same model under another name (Singapore drops the "x" of "wanx"). */
	regionalIds?: Partial<Record<RegionId, string>>;
	/** Per main account, from the rate-limit tables: task submissions per second and running tasks. */
	limits: { submitRps: number; concurrency: number };
	/** Typical generation time, used to pace polling (faster near the expected end). */
	typicalSeconds: number;
	/**
	 * Seconds of processing per second of output video, where the reference states it (per `mode`
	 * value when it differs by mode). Lets polling expect long outputs to take longer.
	 */
	secondsPerOutputSecond?: number | Readonly<Record<string, number>>;
	fields: Readonly<Record<string, FieldRule>>;
	/** Path under the base URL when it differs from the family's (the detect models: face-detect vs aa-detect). */
	endpoint?: string;
}

/** One model family = one operation of the node. Pure data plus two pure functions: no HTTP here. */
export interface FamilySpec {
	resource: Resource;
	operation: string;
	displayName: string;
	action: string;
	description: string;
	/** Path under the regional base URL, e.g. `/services/aigc/video-generation/video-synthesis`. */
	endpoint: string;
	output: { kind: 'video'; mimeType: 'video/mp4'; extension: 'mp4' } | { kind: 'image'; mimeType: string; extension: string };
	fields: readonly FieldDef[];
	models: readonly ModelSpec[];
	/** Where the result file URL(s) live in a SUCCEEDED task's `output`. */
	resultUrls(output: IDataObject): string[];
	/** Synchronous models (detect): no task, the answer is the result (see actions/avatar.ts). */
	sync?: boolean;
	/** Steps the node runs before the paid generation, inside the same item (detect, template job). */
	chain?: ChainSpec;
}
