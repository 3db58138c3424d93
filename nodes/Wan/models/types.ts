import type { RegionId } from './shared/regions';
import type { ChainSpec } from './avatar/chain';

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

/**
 * Where a value goes in the request body, from its root: dotted keys of any depth with array indices,
 * e.g. `input.prompt`, `parameters.obj_or_bg`, `input.media[2].url`, `input.messages[0].content[]`.
 * A path ending in `[]` appends to that list (one entry per value or per file). Intermediate objects
 * and lists are created as needed, so nested objects are just deeper paths.
 */
export type RequestPath = `input.${string}` | `parameters.${string}`;

/**
 * Where the result file URL(s) live in a SUCCEEDED task, from the task answer's root, same syntax as
 * RequestPath; `[]` collects every entry of a list: `output.video_url`, `output.results.video_url`,
 * `output.results[].url`, `output.choices[].message.content[].image`.
 */
export type ResultPath = `output.${string}`;

/**
 * For a media field whose path ends in `[]` (a list of typed items such as wan2.7's `input.media`):
 * each file becomes `{ ...constant, [urlKey]: url }`, e.g. `{ type: 'first_frame', url }`.
 */
export interface MediaItemShape {
	constant: Readonly<Record<string, string>>;
	/** Default `url`. */
	urlKey?: string;
}

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
	/** Whole numbers; with `values` in the rule an integer enum (a drop-down, `labels` per value). */
	| (FieldBase & { type: 'integer'; labels?: Readonly<Record<string, string>> })
	/** Floating-point numbers (e.g. a strength 0.0–1.0); `precision` = decimals shown in the panel. */
	| (FieldBase & { type: 'number'; precision: number })
	| (FieldBase & { type: 'boolean' })
	| (FieldBase & { type: 'options'; labels?: Readonly<Record<string, string>> })
	/**
	 * A list of free texts, one entry each, sent as an array; empty entries are kept and sent as `""` (the
	 * background edge prompts: one per edge layer, `""` for a layer without one).
	 */
	| (FieldBase & { type: 'textList' })
	/** A list of enum values typed as comma-separated text (e.g. `obj, bg`), sent as an array. */
	| (FieldBase & { type: 'optionList'; placeholder: string })
	/**
	 * Structured JSON typed in the panel (or given by an expression), sent as parsed; `shape` names the structure
	 * the reference documents for it (checked in validation.ts): `colorPalette` = `[{ hex, ratio }, …]`,
	 * `boxesPerImage` = one list of `[x1, y1, x2, y2]` boxes per input image.
	 */
	| (FieldBase & { type: 'json'; shape: 'colorPalette' | 'boxesPerImage'; placeholder: string })
	| (FieldBase & { type: 'media'; media: MediaKind; item?: MediaItemShape })
	/** Several files in one field, in order (e.g. reference images and videos); each of one of `media`. */
	| (FieldBase & { type: 'mediaList'; media: readonly MediaKind[]; item?: MediaItemShape; attach?: MediaAttachment });

/**
 * A list whose files belong to the typed items another list field placed, in order, as one more key of each item
 * instead of items of their own: wan2.7-r2v's `reference_voice` inside its `reference_image` item,
 * `{ type: 'reference_image', url, reference_voice }`. The n-th file goes into the n-th item of `to`.
 */
export interface MediaAttachment {
	/** The n8n parameter name of the list field whose items take the files (placed before this field). */
	to: string;
	/** The key the file's URL gets inside the item. */
	key: string;
}

export type FieldValue = string | number | boolean;

/**
 * The documented bounds of a free `W*H` output size (absent bounds are not stated, so not checked): each side, the
 * total pixels, the long side over the short side. See nodes/Wan/customSize.ts.
 */
export interface SizeRange {
	minSide?: number;
	maxSide?: number;
	minPixels?: number;
	maxPixels?: number;
	maxAspect?: number;
}

/** How one model constrains one field. A field absent from a model's rules is not sent for it. */
export interface FieldRule {
	required?: boolean;
	default?: FieldValue;
	/** Strings: maximum length in characters (the service counts one per code point). */
	maxLength?: number;
	/** Integers and numbers: inclusive range. */
	min?: number;
	max?: number;
	/** Enumerations (options, option lists, or a discrete set of integers such as durations 5 | 10). */
	values?: readonly FieldValue[];
	/**
	 * Size options: besides `values` the model takes a free `W*H` within these bounds. The panel adds a "Custom"
	 * choice with a width and a height (customSize.ts); an expression may also give `W*H` directly.
	 */
	customSize?: SizeRange;
	/** Media inputs: what the service accepts. */
	media?: MediaLimits;
	/** Media lists: what the service accepts per kind, and how many files (in all, and per kind). */
	mediaByKind?: Partial<Record<MediaKind, MediaLimits>>;
	/** Media lists, option lists and JSON lists: how many entries. */
	minItems?: number;
	maxItems?: number;
	maxPerKind?: Partial<Record<MediaKind, number>>;
	/** Option lists: how often one value may appear at most, e.g. `{ bg: 1 }`. */
	maxPerValue?: Readonly<Record<string, number>>;
}

/**
 * Rules between fields, checked with the field rules before anything is paid for. Field names are
 * n8n parameter names; a field "is given" when it has a non-empty value (a URL or a binary file).
 */
export type CrossRule =
	/**
	 * Two lists whose lengths must match (VACE `ref_images_url` and `obj_or_bg`); with `atMost`, the second may be
	 * shorter but not longer (one voice at most per reference of wan2.7-r2v).
	 */
	| { kind: 'sameLength'; fields: readonly [string, string]; atMost?: boolean }
	/** Between `min` and `max` of these fields are given (one of a mask image or a mask video). */
	| { kind: 'given'; fields: readonly string[]; min?: number; max?: number }
	/** The given fields among `fields` must form one of `allowed` (wan2.7-i2v media combinations). */
	| { kind: 'combination'; fields: readonly string[]; allowed: ReadonlyArray<readonly string[]> }
	/** `field` is sent only while `when` has one of `values`; otherwise it is dropped, not refused. */
	| { kind: 'onlyWhen'; field: string; when: string; values: readonly FieldValue[] }
	/** The entries of several lists together (wan2.7 reference images plus videos). */
	| { kind: 'totalItems'; fields: readonly string[]; min?: number; max: number }
	/** `field` must be given while `when` has one of `values` (a style reference with style index -1). */
	| { kind: 'requiredWhen'; field: string; when: string; values: readonly FieldValue[] }
	/** `field` (a number) is at most `max` unless the boolean `unless` is on (wan2.7 image sets: 4 images, 12 as a set). */
	| { kind: 'maxUnless'; field: string; max: number; unless: string }
	/** `field` may not have one of `values` while `when` has one of `whenValues` (wan2.7-image-pro: no 4K image sets). */
	| { kind: 'notWith'; field: string; values: readonly FieldValue[]; when: string; whenValues: readonly FieldValue[] };

/** The rules of one model, or one model for one function: field rules plus cross-field rules. */
export interface RuleSet {
	fields: Readonly<Record<string, FieldRule>>;
	rules?: readonly CrossRule[];
}

/**
 * Where a model's request goes and how it is shaped, when not as its family's table says: the "messages"
 * protocol of wan2.6 / wan2.7 / qwen-image-max puts the prompt (and input images) into one user message
 * and offers a synchronous endpoint next to (or instead of) the asynchronous one (api-gaps.md §0).
 */
export interface Protocol {
	/** Asynchronous create path (task + polling) taking this protocol's body; absent when it has none. */
	endpoint?: string;
	/**
	 * Without a task path of its own: whether the model still runs as a task, the family's way (its endpoint and
	 * body), when the user does not wait (qwen-image-plus: messages while waiting, the legacy task call otherwise).
	 */
	familyTasks?: boolean;
	/** Synchronous path (the answer is the result), used while the user waits for the result. */
	syncEndpoint?: string;
	/** Per n8n parameter name: where this protocol sends the field instead of the family's path. */
	paths: Readonly<Record<string, { path: RequestPath; item?: MediaItemShape }>>;
	/** Values every request of the protocol carries (e.g. the message role), set before any field. */
	constants: ReadonlyArray<readonly [RequestPath, FieldValue]>;
	/** Where the result URLs live, in the sync answer and in the finished task alike. */
	result: ResultPath;
	/**
	 * Where the answer's parts live in order, each `{ text }` or `{ image }`: a result with text next to the images
	 * (interleaved output) lists them as `content` and `text` in the output item. Absent for file-only answers (video).
	 */
	parts?: ResultPath;
}

export interface ModelSpec extends RuleSet {
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
	/**
	 * Families with a function selector: the functions this model offers, each adding its own field
	 * rules and cross-field rules to the model's common `fields` / `rules`. In the family's option order.
	 */
	functions?: Readonly<Record<string, RuleSet>>;
	/** Path under the base URL when it differs from the family's (the detect models: face-detect vs aa-detect). */
	endpoint?: string;
	/** The model's request shape and endpoints when not its family's (see Protocol). */
	protocol?: Protocol;
	/** Rate limits that differ by region (wan2.6-t2i: 1 RPS in Beijing, 5 elsewhere). */
	regionalLimits?: Partial<Record<RegionId, { submitRps: number; concurrency: number }>>;
}

/** One value of a family's function selector (VACE `input.function`). */
export interface FunctionSpec {
	value: string;
	label: string;
	description: string;
	/** Where this function's result lives, when not where the family's does. */
	result?: ResultPath;
}

/**
 * A family whose request names a function (e.g. VACE's five): one selector parameter; each model says
 * per function which fields it takes, and the panel shows per function only those fields.
 */
export interface FunctionSelector {
	/** n8n parameter name (public API). */
	name: string;
	label: string;
	description: string;
	path: RequestPath;
	options: readonly FunctionSpec[];
}

/** One model family = one operation of the node. Pure data: no HTTP, no code. */
export interface FamilySpec {
	resource: Resource;
	operation: string;
	displayName: string;
	action: string;
	description: string;
	/** Path under the regional base URL, e.g. `/services/aigc/video-generation/video-synthesis`. */
	endpoint: string;
	output: { kind: 'video'; mimeType: 'video/mp4'; extension: 'mp4' } | { kind: 'image'; mimeType: string; extension: string };
	selector?: FunctionSelector;
	fields: readonly FieldDef[];
	models: readonly ModelSpec[];
	/**
	 * Where the result file URL(s) live in a SUCCEEDED task (functions and models' protocols may add their own). A list
	 * where the reference does not show the answer: every place is read, in order.
	 */
	result: ResultPath | readonly ResultPath[];
	/** Request headers the family's documented create call carries besides the async and resolve headers. */
	headers?: Readonly<Record<string, string>>;
	/** Synchronous models (detect): no task, the answer is the result (see actions/avatar.ts). */
	sync?: boolean;

	/** Steps the node runs before the paid generation, inside the same item (detect, template job). */
	chain?: ChainSpec;
}
