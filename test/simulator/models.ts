// The simulator's own encoding of the per-model request rules (api-video.md §3–§7, §9, §10; api-avatar.md §4–§5;
// legacy Wan text-to-image api-gaps.md §1.2 and image editing §2.1 with limits api-platform.md §4.1;
// rate limits api-platform.md §4.2; regions api-platform.md §6). Deliberately independent of nodes/: it is the
// check the node's tables are tested against. To add a family: add an endpoint if new, a FamilySpec describing
// where the result and usage live, and one ModelRule per model.

import { AVATAR_ENDPOINTS, AVATAR_FAMILIES, AVATAR_MODELS, AVATAR_TRAILING_SLASH_OK } from './avatar';
import type { TemplateFamilySpec } from './avatar';
import { MESSAGES_ENDPOINTS, MESSAGES_MODELS, messagesFamily, QWEN_IMAGE_SYNC } from './messages';
import { IMAGE_TOOLS_B_ENDPOINTS, IMAGE_TOOLS_B_FAMILIES, IMAGE_TOOLS_B_MODELS } from './imageToolsB';
import { IMAGE_TOOLS_A_ENDPOINTS, IMAGE_TOOLS_A_FAMILIES, IMAGE_TOOLS_A_MODELS } from './imageToolsA';

export type Region = 'cn-beijing' | 'ap-southeast-1' | 'us-east-1' | 'eu-central-1';
export type MediaKind = 'image' | 'video' | 'audio';

export type FieldRule =
	| { type: 'string'; required?: boolean; enum?: readonly string[]; maxChars?: number }
	| { type: 'integer'; required?: boolean; min?: number; max?: number; oneOf?: readonly number[] }
	| { type: 'boolean'; required?: boolean }
	/** A JSON number (floats allowed), inclusive range. */
	| { type: 'number'; required?: boolean; min?: number; max?: number }
	/** An array of free strings, `""` allowed (background generation's per-layer edge prompts). */
	| { type: 'strings'; required?: boolean }
	/** An array of enum strings (VACE `obj_or_bg`); `maxPerValue` caps how often one value appears. */
	| { type: 'stringList'; required?: boolean; enum: readonly string[]; maxPerValue?: Record<string, number> }
	| {
			/**
			 * wan2.7 `input.media`: an array of `{ type, url }` items. Each type has its media rule and a maximum
			 * count; `combos` lists the allowed sets of types present; `total` caps the items of some types together.
			 */
			type: 'mediaItems';
			required?: boolean;
			kinds: Record<string, MediaItemRule>;
			combos?: ReadonlyArray<readonly string[]>;
			total?: { types: readonly string[]; min: number; max: number };
	  }
	/** Structured JSON the reference documents only in outline (wan2.7 `color_palette`, `bbox_list`): `check` says what is wrong. */
	| { type: 'json'; required?: boolean; check: (value: unknown) => string | undefined }
	/** A box `[x1, y1, x2, y2]` of 4 integers, top-left then bottom-right; `ratios`: allowed height/width (±15%). */
	| { type: 'box'; required?: boolean; ratios?: readonly number[] }
	| {
			/**
			 * A free `W*H` pixel size (image models): each side in [minSide, maxSide], total pixels in
			 * [minPixels, maxPixels], longest side / shortest side at most maxAspect.
			 */
			type: 'size';
			required?: boolean;
			minSide?: number;
			maxSide?: number;
			minPixels?: number;
			maxPixels?: number;
			maxAspect?: number;
	  }
	| {
			type: 'media';
			kind: MediaKind;
			required?: boolean;
			maxBytes: number;
			asciiOnly?: boolean;
			/** Images: each side must lie in [minPx, maxPx] (checked when the simulator can read the file). */
			minPx?: number;
			maxPx?: number;
			/** Also accepts a Base64 data URI `data:{MIME};base64,{data}` (documented for i2v/kf2v frames). */
			dataUri?: boolean;
			/** Videos: duration bounds in seconds (checked when the simulator can read the file). */
			minSeconds?: number;
			maxSeconds?: number;
			/** Videos: MP4/MOV only (no AVI). */
			mp4MovOnly?: boolean;
	  }
	| {
			/**
			 * The messages protocol's `input.messages`: exactly one `user` message whose content holds exactly one
			 * `{ text }` part (truncated beyond maxChars) and minImages–maxImages `{ image }` parts (URL or data URI).
			 */
			type: 'messages';
			required?: boolean;
			maxChars: number;
			minImages: number;
			maxImages: number;
			image: Extract<FieldRule, { type: 'media' }>;
	  }
	| {
			/**
			 * An array of media URLs, each of which may be any of `kinds` (r2v `reference_urls`, api-video.md §7.2).
			 * Per-kind counts are checked as items are classified: by sniffing files the simulator can read, by
			 * extension otherwise (`videoExtensions`); unclassifiable items are accepted.
			 */
			type: 'mediaList';
			required?: boolean;
			minItems: number;
			maxItems: number;
			kinds: Partial<Record<MediaKind, MediaItemRule>>;
			videoExtensions: readonly string[];
	  }
	/** A nested object (background generation `input.reference_edge`): each key checked by its own rule. */
	| { type: 'object'; required?: boolean; fields: Record<string, FieldRule> };

/** One kind allowed in a `mediaList`: the per-file rule plus how many files of that kind may appear. */
export interface MediaItemRule {
	rule: Extract<FieldRule, { type: 'media' }>;
	maxCount: number;
	/**
	 * `mediaItems` only: media URLs an item of this type may carry under their own keys, e.g. wan2.7-r2v's
	 * `reference_voice` inside a `reference_image` / `reference_video` item (api-gaps.md §5; SDK video_synthesis.py).
	 */
	attached?: Record<string, Extract<FieldRule, { type: 'media' }>>;
}

/** What a family needs to build its SUCCEEDED payload. */
export interface FinishedTaskView {
	model: string;
	input: Record<string, unknown>;
	/** Parameters with documented defaults applied. */
	parameters: Record<string, unknown>;
	/** Duration (s) of input videos the simulator could read, keyed by field name. */
	mediaSeconds: Record<string, number>;
	/** Pixel size of input images the simulator could read, keyed by field name. */
	mediaPixels: Record<string, { width: number; height: number }>;
}

export interface VideoShape {
	width: number;
	height: number;
	durationSeconds: number;
	fps: number;
}

/** A family whose task produces one MP4, served at `results/<task id>.mp4`. */
export interface VideoFamilySpec {
	produces: 'video';
	/** Shape of the produced file. */
	video(task: FinishedTaskView): VideoShape;
	/** output.* additions and the usage object for a SUCCEEDED task. */
	result(task: FinishedTaskView, url: string): { output: Record<string, unknown>; usage: Record<string, unknown> };
}

/** One image of an image task: its signed URL, or the reason this image alone failed (partial success). */
export type ImageOutcome = { url: string } | { code: string; message: string };

/** A family whose task produces `count` PNGs, served at `results/<task id>-<i>.png` (i from 1). */
export interface ImageFamilySpec {
	produces: 'image';
	/** File type of the results (default png): `jpg` serves JPEGs at `results/<task id>-<i>.jpg`. */
	format?: 'png' | 'jpg';
	images(task: FinishedTaskView): { width: number; height: number; count: number };
	/** output.* additions and the usage object for a SUCCEEDED task, given each image's outcome in order. */
	result(task: FinishedTaskView, images: readonly ImageOutcome[]): { output: Record<string, unknown>; usage: Record<string, unknown> };
}

export type FamilySpec = VideoFamilySpec | ImageFamilySpec | TemplateFamilySpec | { produces: 'detect' };

export interface ModelRule {
	family: FamilyId;
	/** Path under /api/v1. */
	endpoint: string;
	/** A second, synchronous path taking the same body (the messages models). */
	syncEndpoint?: string;
	/** A synchronous path with a body of its own (qwen-image-plus: messages there, flat on its task path). */
	syncRule?: ModelRule;
	/** A problem between fields of the whole request (an InvalidParameter message), or undefined; `endpoint` is the path called. */
	check?(input: Record<string, unknown>, parameters: Record<string, unknown>, endpoint: string): string | undefined;
	regions: readonly Region[];
	rps: number;
	concurrency: number;
	/** Typical real run time in seconds, taken from the reference's example timestamps. Informational. */
	typicalRunSeconds: number;
	/** The `parameters` object itself is required (animate). */
	parametersRequired: boolean;
	input: Record<string, FieldRule>;
	parameters: Record<string, FieldRule>;
	/** Documented server defaults applied when a parameter is omitted. */
	defaults: Record<string, unknown>;
	/**
	 * Models whose `input.function` picks one of several request shapes (VACE): each function's own input
	 * and parameter rules and defaults, added to the model's common ones, plus a cross-field check.
	 */
	functions?: Record<string, FunctionRule>;
	/** `input.template_id` must be a template this account made (animate-anyone-gen2). */
	requiresTemplate?: boolean;
}

export interface FunctionRule {
	input: Record<string, FieldRule>;
	parameters: Record<string, FieldRule>;
	defaults: Record<string, unknown>;
	/** A problem between fields (an InvalidParameter message), or undefined. */
	check?(input: Record<string, unknown>, parameters: Record<string, unknown>): string | undefined;
}

export const ENDPOINTS = {
	videoGeneration: '/services/aigc/video-generation/video-synthesis',
	image2video: '/services/aigc/image2video/video-synthesis',
	text2image: '/services/aigc/text2image/image-synthesis',
	image2image: '/services/aigc/image2image/image-synthesis',
	...AVATAR_ENDPOINTS,
	...MESSAGES_ENDPOINTS,
	...IMAGE_TOOLS_B_ENDPOINTS,
	...IMAGE_TOOLS_A_ENDPOINTS,
} as const;

/** Paths documented with a trailing-slash variant (api-avatar.md open question 1). */
export const TRAILING_SLASH_OK: ReadonlySet<string> = new Set([ENDPOINTS.image2video, ...AVATAR_TRAILING_SLASH_OK]);

const MB = 1024 * 1024;

// api-video.md §3.2 size tiers (exact W*H strings).
export const SIZE_TIERS = {
	'480P': ['832*480', '480*832', '624*624'],
	'720P': ['1280*720', '720*1280', '960*960', '1088*832', '832*1088'],
	'1080P': ['1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632'],
} as const;
type Tier = keyof typeof SIZE_TIERS;

export function tierOfSize(size: string): number | undefined {
	for (const [tier, sizes] of Object.entries(SIZE_TIERS)) {
		if ((sizes as readonly string[]).includes(size)) return Number.parseInt(tier, 10);
	}
	return undefined;
}

function parseSize(size: string): { width: number; height: number } {
	const [w, h] = size.split('*').map(Number);
	return { width: w ?? 1280, height: h ?? 720 };
}

// ---------- Family A: text-to-video (api-video.md §3) ----------

/**
 * wan2.7-t2v sends `resolution` + `ratio` instead of `size` (api-gaps.md §5 [Q13]). The output W*H per pair is
 * not documented: assumed to be the §3.2 size of that tier and aspect (e.g. 1080P 16:9 → 1920*1080).
 */
const RATIO_INDEX: Record<string, number> = { '16:9': 0, '9:16': 1, '1:1': 2, '4:3': 3, '3:4': 4 };

function t2vSize(t: FinishedTaskView): string {
	if (t.parameters.size !== undefined) return String(t.parameters.size);
	const tier = SIZE_TIERS[String(t.parameters.resolution) as Tier] as readonly string[];
	return tier[RATIO_INDEX[String(t.parameters.ratio)]];
}

const t2vFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ ...parseSize(t2vSize(t)), durationSeconds: Number(t.parameters.duration), fps: 30 }),
	result(t, url) {
		const size = t2vSize(t);
		const duration = Number(t.parameters.duration);
		const prompt = String(t.input.prompt);
		// wan2.7 usage assumed like wan2.6 (duration, size, input/output durations, SR).
		const isWan26 = t.model.startsWith('wan2.6') || t.model.startsWith('wan2.7');
		const output: Record<string, unknown> = { orig_prompt: prompt };
		// actual_prompt: only with prompt_extend on, never for wan2.6 (§3.3).
		if (!isWan26 && t.parameters.prompt_extend === true) {
			output.actual_prompt = `${prompt} Cinematic lighting, smooth camera motion, rich detail.`;
		}
		output.video_url = url;
		const usage = isWan26
			? {
					duration,
					size,
					input_video_duration: 0,
					output_video_duration: duration,
					video_count: 1,
					SR: tierOfSize(size),
				}
			: { video_duration: duration, video_ratio: size, video_count: 1 };
		return { output, usage };
	},
};

interface T2vSpec {
	tiers: readonly Tier[];
	defaultSize: string;
	duration: { min: number; max: number } | { oneOf: readonly number[] };
	promptMax: number;
	audio: boolean;
	shotType: boolean;
	rps: number;
	concurrency: number;
	regions: readonly Region[];
	typicalRunSeconds: number;
}

function t2v(spec: T2vSpec): ModelRule {
	const input: Record<string, FieldRule> = {
		prompt: { type: 'string', required: true, maxChars: spec.promptMax },
		negative_prompt: { type: 'string', maxChars: 500 },
	};
	if (spec.audio) input.audio_url = { type: 'media', kind: 'audio', maxBytes: 15 * MB };
	const parameters: Record<string, FieldRule> = {
		size: { type: 'string', enum: spec.tiers.flatMap((t) => SIZE_TIERS[t]) },
		duration: { type: 'integer', ...spec.duration },
		prompt_extend: { type: 'boolean' },
		watermark: { type: 'boolean' },
		seed: { type: 'integer', min: 0, max: 2147483647 },
	};
	if (spec.shotType) parameters.shot_type = { type: 'string', enum: ['single', 'multi'] };
	const defaults: Record<string, unknown> = {
		size: spec.defaultSize,
		duration: 5,
		prompt_extend: true,
		watermark: false,
	};
	if (spec.shotType) defaults.shot_type = 'single';
	return {
		family: 't2v',
		endpoint: ENDPOINTS.videoGeneration,
		regions: spec.regions,
		rps: spec.rps,
		concurrency: spec.concurrency,
		typicalRunSeconds: spec.typicalRunSeconds,
		parametersRequired: false,
		input,
		parameters,
		defaults,
	};
}

/**
 * wan2.7-t2v (api-gaps.md §5 [Q13]): `resolution` 720P/1080P + `ratio` instead of `size`, duration 2–15,
 * prompt ≤ 5,000, negative_prompt and optional audio_url in input, no shot_type, prompt_extend and watermark;
 * seed is not documented for it. Defaults undocumented: 1080P, 16:9, 5 s assumed. Rate 5/5 in Beijing and
 * Singapore (api-platform.md §4.2).
 */
function t2v27(): ModelRule {
	return {
		family: 't2v',
		endpoint: ENDPOINTS.videoGeneration,
		regions: ['cn-beijing', 'ap-southeast-1'],
		rps: 5,
		concurrency: 5,
		typicalRunSeconds: 287, // not documented; as wan2.6
		parametersRequired: false,
		input: {
			prompt: { type: 'string', required: true, maxChars: 5000 },
			negative_prompt: { type: 'string', maxChars: 500 }, // length not stated for wan2.7; as wan2.6
			audio_url: { type: 'media', kind: 'audio', maxBytes: 15 * MB },
		},
		parameters: {
			resolution: { type: 'string', enum: ['720P', '1080P'] },
			ratio: { type: 'string', enum: Object.keys(RATIO_INDEX) },
			duration: { type: 'integer', min: 2, max: 15 },
			// On the wan2.7 text-to-video page api-gaps.md §5 [Q13] cites (issue 21 item 4).
			prompt_extend: { type: 'boolean' },
			watermark: { type: 'boolean' },
		},
		defaults: { resolution: '1080P', ratio: '16:9', duration: 5, prompt_extend: true, watermark: false },
	};
}

// ---------- Families G/H: animate-move / animate-mix (api-avatar.md §4–§5) ----------

const animateFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({
		width: 720,
		height: 1280,
		durationSeconds: animateSeconds(t),
		fps: t.parameters.mode === 'wan-pro' ? 25 : 15,
	}),
	result: (t, url) => ({
		output: { results: { video_url: url } },
		usage: {
			video_duration: animateSeconds(t),
			video_ratio: t.parameters.mode === 'wan-pro' ? 'pro' : 'standard',
		},
	}),
};

/** Output length follows the input video; 5.2 s (the documented example) when it could not be read. */
function animateSeconds(t: FinishedTaskView): number {
	return t.mediaSeconds.video_url ?? 5.2;
}

function animate(): ModelRule {
	return {
		family: 'animate',
		endpoint: ENDPOINTS.image2video,
		regions: ['cn-beijing', 'ap-southeast-1'],
		rps: 5,
		concurrency: 1,
		typicalRunSeconds: 162, // example: 15:32:00.105 → 15:34:41.898
		parametersRequired: true,
		input: {
			image_url: { type: 'media', kind: 'image', required: true, maxBytes: 5 * MB, asciiOnly: true, minPx: 200, maxPx: 4096 },
			video_url: { type: 'media', kind: 'video', required: true, maxBytes: 200 * MB, asciiOnly: true },
			watermark: { type: 'boolean' },
		},
		parameters: {
			mode: { type: 'string', required: true, enum: ['wan-std', 'wan-pro'] },
			check_image: { type: 'boolean' },
		},
		defaults: { check_image: true },
	};
}

// ---------- Families B/C: image-to-video from a first frame, and first+last frame (api-video.md §4–§6) ----------

/** Total pixels of each `resolution` tier: the tier's 16:9 size (api-video.md §3.2 table). */
const TIER_PIXELS: Record<string, number> = { '480P': 832 * 480, '720P': 1280 * 720, '1080P': 1920 * 1080 };

/**
 * Output size of the image families (§4.2): the input image's aspect ratio, scaled to the tier's pixel
 * count, both sides rounded down to a multiple of 16 (the documented example: 750×1000 at 720P → 816×1104).
 * The tier's 16:9 size when the image could not be read (external URL).
 */
export function frameVideoSize(tier: string, image?: { width: number; height: number }): { width: number; height: number } {
	const pixels = TIER_PIXELS[tier] ?? TIER_PIXELS['720P']!;
	const ratio = image ? image.width / image.height : 16 / 9;
	const down16 = (n: number): number => Math.max(16, Math.floor(n / 16) * 16);
	return { width: down16(Math.sqrt(pixels * ratio)), height: down16(Math.sqrt(pixels / ratio)) };
}

const tierNumber = (tier: unknown): number => Number.parseInt(String(tier), 10);

/** orig_prompt echoes a given prompt; actual_prompt only with prompt_extend, never for wan2.6, not with a template. */
function promptEcho(t: FinishedTaskView): Record<string, unknown> {
	const prompt = t.input.prompt;
	if (typeof prompt !== 'string' || prompt === '') return {};
	const out: Record<string, unknown> = { orig_prompt: prompt };
	if (!t.model.startsWith('wan2.6') && t.parameters.prompt_extend === true && !t.input.template) {
		out.actual_prompt = `${prompt} Smooth natural motion, stable camera, rich detail.`;
	}
	return out;
}

/**
 * usage of the pre-2.6 image families. Documented: kf2v (§5.3) — wan2.2 gives SR, wan2.1 gives
 * video_ratio "standard". The i2v tabs for wan2.5/2.2/2.1 were collapsed (§4.3 ❓): the simulator assumes
 * wan2.2 and wan2.1 i2v answer like kf2v of the same generation, and wan2.5 like wan2.5 t2v (video_ratio = W*H).
 */
function olderFrameUsage(t: FinishedTaskView, size: { width: number; height: number }): Record<string, unknown> {
	const usage: Record<string, unknown> = { video_duration: Number(t.parameters.duration), video_count: 1 };
	if (t.model.startsWith('wan2.5')) usage.video_ratio = `${size.width}*${size.height}`;
	else if (t.model.startsWith('wan2.2')) usage.SR = tierNumber(t.parameters.resolution);
	else usage.video_ratio = 'standard';
	return usage;
}

const frameShape = (t: FinishedTaskView, imageField: string): VideoShape => ({
	...frameVideoSize(String(t.parameters.resolution), t.mediaPixels[imageField]),
	durationSeconds: Number(t.parameters.duration),
	fps: 30,
});

const i2vFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => frameShape(t, 'img_url'),
	result(t, url) {
		const output = { ...promptEcho(t), video_url: url };
		if (!t.model.startsWith('wan2.6')) return { output, usage: olderFrameUsage(t, frameShape(t, 'img_url')) };
		const duration = Number(t.parameters.duration);
		// §4.3: wan2.6 i2v usage has no `size`; `audio` (did the video get sound) only for wan2.6-i2v-flash.
		const usage: Record<string, unknown> = {
			duration,
			input_video_duration: 0,
			output_video_duration: duration,
			video_count: 1,
			SR: tierNumber(t.parameters.resolution),
		};
		if (t.model === 'wan2.6-i2v-flash') usage.audio = t.parameters.audio !== false;
		return { output, usage };
	},
};

const kf2vFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => frameShape(t, 'first_frame_url'),
	result: (t, url) => ({
		output: { ...promptEcho(t), video_url: url },
		usage: olderFrameUsage(t, frameShape(t, 'first_frame_url')),
	}),
};

/** Input frames (§4.2 img_url, §5.2 first/last_frame_url): JPEG/PNG/BMP/WEBP, 360–2000 px, ≤10 MB, URL or data URI. */
const frameRule = (required: boolean): FieldRule => ({
	type: 'media',
	kind: 'image',
	required,
	maxBytes: 10 * MB,
	minPx: 360,
	maxPx: 2000,
	dataUri: true,
});

/** §6 first-frame templates: all on wanx2.1-i2v-plus, the first list on -turbo as well. */
const I2V_TURBO_TEMPLATES = [
	'squish', 'rotation', 'poke', 'inflate', 'dissolve', 'carousel', 'singleheart',
	'flying', 'rose', 'crystalrose', 'hug', 'frenchkiss', 'coupleheart',
] as const;
const I2V_PLUS_TEMPLATES = [
	...I2V_TURBO_TEMPLATES,
	'melt', 'icecream', 'dance1', 'dance2', 'dance3', 'dance4', 'dance5', 'mermaid', 'graduation', 'dragon',
	'money', 'jellyfish', 'pupil',
] as const;
/** §6 kf2v templates (wanx2.1-kf2v-plus only); `hanfu-1`, not the `hufu-1` typo of §5.2 (open question 9). */
const KF2V_TEMPLATES = ['hanfu-1', 'solaron', 'magazine', 'mech1', 'mech2'] as const;

interface I2vSpec {
	tiers: readonly Tier[];
	defaultTier: Tier;
	duration: { min: number; max: number } | { oneOf: readonly number[] };
	promptMax: number;
	audioUrl: boolean;
	/** The `parameters.audio` switch (wan2.6-i2v-flash only). */
	audioSwitch: boolean;
	shotType: boolean;
	/** Effect templates the model supports; any other non-empty `input.template` fails the call (§4.2). */
	templates: readonly string[];
	rps: number;
	concurrency: number;
	regions: readonly Region[];
	typicalRunSeconds: number;
}

function i2v(spec: I2vSpec): ModelRule {
	const input: Record<string, FieldRule> = {
		prompt: { type: 'string', maxChars: spec.promptMax },
		negative_prompt: { type: 'string', maxChars: 500 },
		img_url: frameRule(true),
		template: { type: 'string', enum: spec.templates },
	};
	if (spec.audioUrl) input.audio_url = { type: 'media', kind: 'audio', maxBytes: 15 * MB };
	const parameters: Record<string, FieldRule> = {
		resolution: { type: 'string', enum: spec.tiers },
		duration: { type: 'integer', ...spec.duration },
		prompt_extend: { type: 'boolean' },
		watermark: { type: 'boolean' },
		seed: { type: 'integer', min: 0, max: 2147483647 },
	};
	const defaults: Record<string, unknown> = { resolution: spec.defaultTier, duration: 5, prompt_extend: true, watermark: false };
	if (spec.shotType) {
		parameters.shot_type = { type: 'string', enum: ['single', 'multi'] };
		defaults.shot_type = 'single';
	}
	if (spec.audioSwitch) {
		parameters.audio = { type: 'boolean' };
		defaults.audio = true;
	}
	return {
		family: 'i2v',
		endpoint: ENDPOINTS.videoGeneration,
		regions: spec.regions,
		rps: spec.rps,
		concurrency: spec.concurrency,
		typicalRunSeconds: spec.typicalRunSeconds,
		parametersRequired: false,
		input,
		parameters,
		defaults,
	};
}

function kf2v(spec: {
	tiers: readonly Tier[];
	templates: readonly string[];
	rps: number;
	regions: readonly Region[];
	typicalRunSeconds: number;
}): ModelRule {
	return {
		family: 'kf2v',
		endpoint: ENDPOINTS.image2video,
		regions: spec.regions,
		rps: spec.rps,
		concurrency: 2,
		typicalRunSeconds: spec.typicalRunSeconds,
		parametersRequired: false,
		input: {
			prompt: { type: 'string', maxChars: 800 },
			negative_prompt: { type: 'string', maxChars: 500 },
			first_frame_url: frameRule(true),
			// With a template only the first frame is used (§5.2, §6); a last frame is then ignored.
			last_frame_url: frameRule(false),
			template: { type: 'string', enum: spec.templates },
		},
		parameters: {
			resolution: { type: 'string', enum: spec.tiers },
			// "Fixed at 5, cannot be changed" (§5.2, open question 13): 5 accepted, anything else rejected.
			duration: { type: 'integer', oneOf: [5] },
			prompt_extend: { type: 'boolean' },
			watermark: { type: 'boolean' },
			seed: { type: 'integer', min: 0, max: 2147483647 },
		},
		defaults: { resolution: '720P', duration: 5, prompt_extend: true, watermark: false },
	};
}

// ---------- Family E: reference-to-video (api-video.md §7) ----------

const R2V_VIDEO_EXTENSIONS = ['.mp4', '.mov'] as const;

/** §7.4 per-video cap by number of reference files (table values: 1.65, not 5/3, for three files). */
const R2V_INPUT_CAP: Record<number, number> = { 1: 5, 2: 2.5, 3: 1.65, 4: 1.25, 5: 1 };

function urlPath(url: string): string {
	try {
		return new URL(url).pathname.toLowerCase();
	} catch {
		return url.toLowerCase();
	}
}

/**
 * Billed input seconds (§7.4): the 5 s total is split evenly over ALL reference files as a per-video cap;
 * each reference video counts min(its length, cap); images are free. A reference is a video when the simulator
 * read a duration for it, or (unread) when its URL ends in .mp4/.mov; an unread video is assumed to be at least
 * as long as the cap (videos are 1–30 s). Unclassifiable unread references are treated as images.
 */
export function r2vInputSeconds(t: Pick<FinishedTaskView, 'input' | 'mediaSeconds' | 'mediaPixels'>): number {
	const refs = Array.isArray(t.input.reference_urls) ? (t.input.reference_urls as unknown[]) : [];
	const cap = R2V_INPUT_CAP[refs.length] ?? 5 / Math.max(1, refs.length);
	let total = 0;
	refs.forEach((url, i) => {
		const field = `reference_urls[${i}]`;
		const seconds = t.mediaSeconds[field];
		if (seconds !== undefined) total += Math.min(seconds, cap);
		else if (
			t.mediaPixels[field] === undefined &&
			R2V_VIDEO_EXTENSIONS.some((ext) => urlPath(String(url)).endsWith(ext))
		) {
			total += cap;
		}
	});
	return Math.round(total * 100) / 100;
}

const r2vFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ ...parseSize(String(t.parameters.size)), durationSeconds: Number(t.parameters.duration), fps: 30 }),
	result(t, url) {
		const size = String(t.parameters.size);
		const output = Number(t.parameters.duration);
		const input = r2vInputSeconds(t);
		return {
			output: { orig_prompt: String(t.input.prompt), video_url: url },
			usage: {
				duration: Math.round((input + output) * 100) / 100,
				size,
				input_video_duration: input,
				output_video_duration: output,
				video_count: 1,
				SR: tierOfSize(size),
			},
		};
	},
};

function r2v(spec: { audioSwitch: boolean; regions: readonly Region[]; typicalRunSeconds: number }): ModelRule {
	const parameters: Record<string, FieldRule> = {
		size: { type: 'string', enum: [...SIZE_TIERS['720P'], ...SIZE_TIERS['1080P']] },
		duration: { type: 'integer', min: 2, max: 10 },
		shot_type: { type: 'string', enum: ['single', 'multi'] },
		watermark: { type: 'boolean' },
		seed: { type: 'integer', min: 0, max: 2147483647 },
	};
	// No prompt_extend (not documented for r2v, §7.2): it ends up in unknownFields like any undocumented field.
	const defaults: Record<string, unknown> = { size: '1920*1080', duration: 5, shot_type: 'single', watermark: false };
	if (spec.audioSwitch) {
		parameters.audio = { type: 'boolean' };
		defaults.audio = true;
	}
	return {
		family: 'r2v',
		endpoint: ENDPOINTS.videoGeneration,
		regions: spec.regions,
		rps: 5,
		concurrency: 5,
		typicalRunSeconds: spec.typicalRunSeconds,
		parametersRequired: false,
		input: {
			prompt: { type: 'string', required: true, maxChars: 1500 },
			negative_prompt: { type: 'string', maxChars: 500 },
			reference_urls: {
				type: 'mediaList',
				required: true,
				minItems: 1,
				maxItems: 5,
				kinds: {
					image: { rule: { type: 'media', kind: 'image', maxBytes: 10 * MB, minPx: 240, maxPx: 5000 }, maxCount: 5 },
					video: {
						rule: { type: 'media', kind: 'video', maxBytes: 100 * MB, minSeconds: 1, maxSeconds: 30, mp4MovOnly: true },
						maxCount: 3,
					},
				},
				videoExtensions: R2V_VIDEO_EXTENSIONS,
			},
		},
		parameters,
		defaults,
	};
}

// ---------- Legacy Wan text-to-image (api-gaps.md §1.2; limits api-platform.md §4.1) ----------

const t2iFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...parseSize(String(t.parameters.size)), count: Number(t.parameters.n) }),
	result(t, images) {
		const prompt = String(t.input.prompt);
		const results = images.map((image) => {
			if (!('url' in image)) return { code: image.code, message: image.message };
			const entry: Record<string, unknown> = { url: image.url, orig_prompt: prompt };
			// actual_prompt only when prompt_extend is on (§1.2).
			if (t.parameters.prompt_extend === true) entry.actual_prompt = `${prompt}, soft natural light, fine detail, high quality.`;
			return entry;
		});
		const succeeded = images.filter((image) => 'url' in image).length;
		return {
			output: { results, task_metrics: { TOTAL: images.length, SUCCEEDED: succeeded, FAILED: images.length - succeeded } },
			// Billed per successfully generated image.
			usage: { image_count: succeeded },
		};
	},
};

function t2i(spec: {
	promptMax: number;
	size: Omit<Extract<FieldRule, { type: 'size' }>, 'type'>;
	defaultSize: string;
	rps: number;
	concurrency: number;
	regions: readonly Region[];
}): ModelRule {
	return {
		family: 't2i',
		endpoint: ENDPOINTS.text2image,
		regions: spec.regions,
		rps: spec.rps,
		concurrency: spec.concurrency,
		typicalRunSeconds: 12, // example: 19:36:01.542 → 19:36:13.270
		parametersRequired: false,
		input: {
			prompt: { type: 'string', required: true, maxChars: spec.promptMax },
			negative_prompt: { type: 'string', maxChars: 500 },
		},
		parameters: {
			size: { type: 'size', ...spec.size },
			n: { type: 'integer', min: 1, max: 4 },
			prompt_extend: { type: 'boolean' },
			watermark: { type: 'boolean' },
			seed: { type: 'integer', min: 0, max: 2147483647 },
		},
		defaults: { size: spec.defaultSize, n: 4, prompt_extend: true, watermark: false },
	};
}

/**
 * wan2.5-t2i-preview: total pixels 768*768 (older revisions; newer ones say 1280*1280, but their own recommended
 * sizes such as 1104*1472 lie just under 1280², so the real bound cannot be that strict) to 1440*1440, aspect ≤ 4.
 */
const WAN25_T2I_SIZE = { minPixels: 768 * 768, maxPixels: 1440 * 1440, maxAspect: 4 };
/** wan2.2 / wan2.1 / wan2.0: each side 512–1440 (so at most 1440*1440). */
const CLASSIC_T2I_SIZE = { minSide: 512, maxSide: 1440 };
const classicT2i = (regions: readonly Region[], promptMax = 500): ModelRule =>
	t2i({ promptMax, size: CLASSIC_T2I_SIZE, defaultSize: '1024*1024', rps: 2, concurrency: 2, regions });

/**
 * Qwen-Image legacy async (api-gaps.md §1.3): `qwen-image-plus` and `qwen-image` only (qwen-image-max has no async
 * variant); five fixed sizes, default 1664*928; n fixed at 1; prompt ≤ 800 (truncated). Rate 2 RPS, 2 running tasks.
 * Offered in Beijing and Singapore.
 */
const QWEN_IMAGE_SIZES = ['1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664'];
const qwenImage = (): ModelRule => ({
	family: 't2i',
	endpoint: ENDPOINTS.text2image,
	regions: ['cn-beijing', 'ap-southeast-1'],
	rps: 2,
	concurrency: 2,
	typicalRunSeconds: 20, // no example timestamps
	parametersRequired: false,
	input: {
		prompt: { type: 'string', required: true, maxChars: 800 },
		negative_prompt: { type: 'string', maxChars: 500 },
	},
	parameters: {
		size: { type: 'string', enum: QWEN_IMAGE_SIZES },
		n: { type: 'integer', oneOf: [1] },
		prompt_extend: { type: 'boolean' },
		watermark: { type: 'boolean' },
		seed: { type: 'integer', min: 0, max: 2147483647 },
	},
	defaults: { size: '1664*928', n: 1, prompt_extend: true, watermark: false },
	syncRule: QWEN_IMAGE_SYNC,
});
// Beijing spells wanx2.1-*, Singapore wan2.1-*; wanx2.0 is Beijing only; no legacy T2I model in Virginia/Frankfurt.
// wan2.6-t2i (messages protocol on other endpoints, §1.1) is in messages.ts.
const T2I_MODELS: Record<string, ModelRule> = {
	'wan2.5-t2i-preview': t2i({
		promptMax: 2000,
		size: WAN25_T2I_SIZE,
		defaultSize: '1280*1280',
		rps: 5,
		concurrency: 5,
		regions: ['cn-beijing', 'ap-southeast-1'],
	}),
	'wan2.2-t2i-plus': classicT2i(['cn-beijing', 'ap-southeast-1']),
	'wan2.2-t2i-flash': classicT2i(['cn-beijing', 'ap-southeast-1']),
	'wanx2.1-t2i-plus': classicT2i(['cn-beijing']),
	'wanx2.1-t2i-turbo': classicT2i(['cn-beijing']),
	'wan2.1-t2i-plus': classicT2i(['ap-southeast-1']),
	'wan2.1-t2i-turbo': classicT2i(['ap-southeast-1']),
	'wanx2.0-t2i-turbo': classicT2i(['cn-beijing'], 800),
	'qwen-image-plus': qwenImage(),
	'qwen-image': qwenImage(),
};

// ---------- Prompt-based image editing (api-gaps.md §2.1; limits api-platform.md §4.1) ----------

/**
 * wan2.5-i2i-preview output size: the given W*H; without one, about 1280*1280 pixels in the aspect of the LAST input
 * image (rounded down to multiples of 16) when the simulator could read it, else 1280*1280.
 */
function i2iSize(t: FinishedTaskView): { width: number; height: number } {
	if (typeof t.parameters.size === 'string') return parseSize(t.parameters.size);
	const count = Array.isArray(t.input.images) ? t.input.images.length : 0;
	const last = t.mediaPixels[`images[${count - 1}]`];
	if (!last) return { width: 1280, height: 1280 };
	const ratio = last.width / last.height;
	const down16 = (n: number): number => Math.max(16, Math.floor(n / 16) * 16);
	return { width: down16(Math.sqrt(1280 * 1280 * ratio)), height: down16(Math.sqrt((1280 * 1280) / ratio)) };
}

/** Results like text to image (results[].url / orig_prompt / actual_prompt, task_metrics, usage.image_count). */
const i2iFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...i2iSize(t), count: Number(t.parameters.n) }),
	result: (t, images) => t2iFamily.result(t, images),
};

const I2I_MODELS: Record<string, ModelRule> = {
	'wan2.5-i2i-preview': {
		family: 'i2i',
		endpoint: ENDPOINTS.image2image,
		regions: ['cn-beijing', 'ap-southeast-1'],
		rps: 5,
		concurrency: 5,
		typicalRunSeconds: 15, // no example timestamps; as wan2.5 text to image
		parametersRequired: false,
		input: {
			prompt: { type: 'string', required: true, maxChars: 2000 },
			// 1–3 images, order = "Image 1", "Image 2" …; the r2v list rule with images only.
			images: {
				type: 'mediaList',
				required: true,
				minItems: 1,
				maxItems: 3,
				kinds: { image: { rule: { type: 'media', kind: 'image', maxBytes: 10 * MB, minPx: 384, maxPx: 5000 }, maxCount: 3 } },
				videoExtensions: [],
			},
			negative_prompt: { type: 'string', maxChars: 500 },
		},
		parameters: {
			// Total pixels 768*768 to 1280*1280, aspect 1:4 to 4:1; omitted → see i2iSize (so no size default here).
			size: { type: 'size', minPixels: 768 * 768, maxPixels: 1280 * 1280, maxAspect: 4 },
			n: { type: 'integer', min: 1, max: 4 },
			prompt_extend: { type: 'boolean' },
			watermark: { type: 'boolean' },
			seed: { type: 'integer', min: 0, max: 2147483647 },
		},
		defaults: { n: 4, prompt_extend: true, watermark: false },
	},
};

// ---------- VACE general video editing (api-gaps.md §4; rate api-platform.md §4.2) ----------

/** Output: 30 fps, 5 s; image_reference / video_edit at `size` (default 1280*720), the others 720P of the input (unread: 1280*720). */
const vaceFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ ...parseSize(typeof t.parameters.size === 'string' ? t.parameters.size : '1280*720'), durationSeconds: 5, fps: 30 }),
	result: (_t, url) => ({
		output: { video_url: url, task_metrics: { TOTAL: 1, SUCCEEDED: 1, FAILED: 0 } },
		usage: { video_count: 1, video_duration: 5 },
	}),
};

const vaceImage = (): Extract<FieldRule, { type: 'media' }> => ({ type: 'media', kind: 'image', maxBytes: 10 * MB });
const vaceVideo = (required: boolean, maxSeconds = 5): Extract<FieldRule, { type: 'media' }> => ({
	type: 'media',
	kind: 'video',
	required,
	maxBytes: 50 * MB,
	maxSeconds,
});
const vaceRefImages = (required: boolean, maxItems: number): FieldRule => ({
	type: 'mediaList',
	required,
	minItems: 1,
	maxItems,
	kinds: { image: { rule: vaceImage(), maxCount: maxItems } },
	videoExtensions: [],
});
const VACE_SIZES = ['1280*720', '720*1280', '960*960', '832*1088', '1088*832'];
const CONTROL = ['posebodyface', 'posebody', 'depth', 'scribble'];
const scales = Object.fromEntries(
	['top_scale', 'bottom_scale', 'left_scale', 'right_scale'].map((k) => [k, { type: 'number', min: 1, max: 2 } as FieldRule]),
);
const given = (input: Record<string, unknown>, keys: string[]) => keys.filter((k) => input[k] !== undefined && input[k] !== '');

const VACE_FUNCTIONS: Record<string, FunctionRule> = {
	image_reference: {
		input: { ref_images_url: vaceRefImages(true, 3) },
		parameters: { obj_or_bg: { type: 'stringList', enum: ['obj', 'bg'], maxPerValue: { bg: 1 } }, size: { type: 'string', enum: VACE_SIZES } },
		defaults: { size: '1280*720' },
		check(input, parameters) {
			const refs = input.ref_images_url as unknown[];
			const roles = parameters.obj_or_bg as unknown[] | undefined;
			// Error text from the Qwen Cloud error page (api-gaps.md §4 [T5]).
			if (roles && roles.length !== refs.length) return 'ref_images_url and obj_or_bg must be the same length';
			return undefined;
		},
	},
	video_repainting: {
		input: { video_url: vaceVideo(true), ref_images_url: vaceRefImages(false, 1) },
		parameters: { control_condition: { type: 'string', required: true, enum: CONTROL }, strength: { type: 'number', min: 0, max: 1 } },
		defaults: { strength: 1 },
	},
	video_edit: {
		input: {
			video_url: vaceVideo(true),
			mask_image_url: vaceImage(),
			mask_video_url: vaceVideo(false),
			mask_frame_id: { type: 'integer', min: 0 },
			ref_images_url: vaceRefImages(false, 1),
		},
		parameters: {
			mask_type: { type: 'string', enum: ['tracking', 'fixed'] },
			expand_ratio: { type: 'number', min: 0, max: 1 },
			expand_mode: { type: 'string', enum: ['hull', 'bbox', 'original'] },
			control_condition: { type: 'string', enum: ['posebodyface', 'depth'] },
			size: { type: 'string', enum: VACE_SIZES },
		},
		defaults: { mask_type: 'tracking', expand_ratio: 0.05, size: '1280*720' },
		check: (input) => (given(input, ['mask_image_url', 'mask_video_url']).length === 1 ? undefined : 'Exactly one of input.mask_image_url and input.mask_video_url is required.'),
	},
	video_extension: {
		input: {
			first_clip_url: vaceVideo(false, 3),
			last_clip_url: vaceVideo(false, 3),
			first_frame_url: vaceImage(),
			last_frame_url: vaceImage(),
			video_url: vaceVideo(false),
		},
		parameters: { control_condition: { type: 'string', enum: CONTROL } },
		defaults: {},
		check: (input) =>
			given(input, ['first_clip_url', 'last_clip_url', 'first_frame_url', 'last_frame_url']).length
				? undefined
				: 'At least one of input.first_clip_url, input.last_clip_url, input.first_frame_url, input.last_frame_url is required.',
	},
	video_outpainting: { input: { video_url: vaceVideo(true) }, parameters: scales, defaults: { top_scale: 1, bottom_scale: 1, left_scale: 1, right_scale: 1 } },
};

function vace(regions: readonly Region[]): ModelRule {
	return {
		family: 'vace',
		endpoint: ENDPOINTS.videoGeneration,
		regions,
		rps: 2,
		concurrency: 2,
		typicalRunSeconds: 450, // "5–10 min"
		parametersRequired: false,
		input: { prompt: { type: 'string', required: true, maxChars: 800 } },
		parameters: { prompt_extend: { type: 'boolean' }, seed: { type: 'integer', min: 0, max: 2147483647 }, watermark: { type: 'boolean' } },
		defaults: { prompt_extend: true, watermark: false },
		functions: VACE_FUNCTIONS,
	};
}

// ---------- General image editing, wanx2.1-imageedit (api-gaps.md §3) ----------

/**
 * Output: the base image's size when the simulator could read it (else 1024*1024); super_resolution multiplies
 * each side by upscale_factor, expand grows each side by its scale (1.5 = half the original more on that side).
 */
function imageEditSize(t: FinishedTaskView): { width: number; height: number } {
	const base = t.mediaPixels.base_image_url ?? { width: 1024, height: 1024 };
	const p = t.parameters;
	if (t.input.function === 'super_resolution') {
		const f = Number(p.upscale_factor);
		return { width: base.width * f, height: base.height * f };
	}
	if (t.input.function === 'expand') {
		return {
			width: Math.round(base.width * (Number(p.left_scale) + Number(p.right_scale) - 1)),
			height: Math.round(base.height * (Number(p.top_scale) + Number(p.bottom_scale) - 1)),
		};
	}
	return base;
}

/** Results like text to image (results[].url, task_metrics, usage.image_count). */
const imageEditFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...imageEditSize(t), count: Number(t.parameters.n) }),
	result: (t, images) => t2iFamily.result(t, images),
};

/** JPG, JPEG, PNG, BMP, TIFF, WEBP; each side 512–4096 px; ≤ 10 MB; URL or data URI. */
const editBase = (required: boolean): FieldRule => ({ type: 'media', kind: 'image', required, maxBytes: 10 * MB, minPx: 512, maxPx: 4096, dataUri: true });
const noFunctionFields = (): FunctionRule => ({ input: {}, parameters: {}, defaults: {} });
const editStrength = (): FunctionRule => ({ input: {}, parameters: { strength: { type: 'number', min: 0, max: 1 } }, defaults: { strength: 0.5 } });

const IMAGE_EDIT_FUNCTIONS: Record<string, FunctionRule> = {
	stylization_all: editStrength(),
	stylization_local: noFunctionFields(),
	description_edit: editStrength(),
	description_edit_with_mask: { input: { mask_image_url: editBase(true) }, parameters: {}, defaults: {} },
	remove_watermark: noFunctionFields(),
	expand: { input: {}, parameters: scales, defaults: { top_scale: 1, bottom_scale: 1, left_scale: 1, right_scale: 1 } },
	super_resolution: { input: {}, parameters: { upscale_factor: { type: 'integer', min: 1, max: 4 } }, defaults: { upscale_factor: 1 } },
	colorization: noFunctionFields(),
	doodle: { input: {}, parameters: { is_sketch: { type: 'boolean' } }, defaults: { is_sketch: false } },
	control_cartoon_feature: noFunctionFields(),
};

const IMAGE_EDIT_MODEL: ModelRule = {
	family: 'imageedit',
	endpoint: ENDPOINTS.image2image,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 2,
	typicalRunSeconds: 15, // no example timestamps
	parametersRequired: false,
	input: { prompt: { type: 'string', required: true, maxChars: 800 }, base_image_url: editBase(true) },
	parameters: { n: { type: 'integer', min: 1, max: 4 }, seed: { type: 'integer', min: 0, max: 2147483647 }, watermark: { type: 'boolean' } },
	defaults: { n: 1, watermark: false },
	functions: IMAGE_EDIT_FUNCTIONS,
};

// ---------- Video style transform (api-avatar.md §11) ----------

/** Output: short side min_len (1080 with use_SR at 540), 16:9 when the input could not be read; its length. */
const styleFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => {
		const short = t.parameters.use_SR === true && t.parameters.min_len === 540 ? 1080 : Number(t.parameters.min_len);
		return { width: Math.round((short * 16) / 9 / 2) * 2, height: short, durationSeconds: styleSeconds(t), fps: Number(t.parameters.video_fps) };
	},
	result: (t, url) => ({ output: { output_video_url: url }, usage: { duration: styleSeconds(t), SR: Number(t.parameters.min_len) } }),
};

const styleSeconds = (t: FinishedTaskView): number => t.mediaSeconds.video_url ?? 3; // the documented example: 3 s

const STYLE_MODEL: ModelRule = {
	family: 'style',
	endpoint: ENDPOINTS.videoGeneration,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 1,
	typicalRunSeconds: 26, // example 13:50:01 → 13:50:27
	parametersRequired: false,
	input: { video_url: { type: 'media', kind: 'video', required: true, maxBytes: 100 * MB, asciiOnly: true, maxSeconds: 30 } },
	parameters: {
		style: { type: 'integer', oneOf: [0, 1, 2, 3, 4, 5, 6, 7] },
		video_fps: { type: 'integer', min: 15, max: 25 },
		animate_emotion: { type: 'boolean' },
		min_len: { type: 'integer', oneOf: [720, 540] },
		use_SR: { type: 'boolean' },
	},
	defaults: { style: 0, video_fps: 15, animate_emotion: true, min_len: 720, use_SR: false },
};

// ---------- wan2.7 video models with input.media (api-gaps.md §5) ----------

/**
 * Output size: the §3.2 size of the tier in the ratio. Without a ratio (i2v takes none; videoedit's default is the
 * input video's own, api-gaps.md §5 [Q9]): the ratio nearest the input frame or video where the simulator could read
 * its pixels, 16:9 otherwise (it reads no video pixels).
 */
function wan27Size(t: FinishedTaskView): string {
	const tier = SIZE_TIERS[String(t.parameters.resolution) as Tier] as readonly string[];
	if (t.parameters.ratio !== undefined) return tier[RATIO_INDEX[String(t.parameters.ratio)] ?? 0] as string;
	const items = Array.isArray(t.input.media) ? (t.input.media as Array<{ type?: string }>) : [];
	const at = items.findIndex((i) => i.type === 'video' || i.type === 'first_frame');
	const pixels = t.mediaPixels[`media[${at}]`];
	if (!pixels) return tier[0] as string;
	const aspect = pixels.width / pixels.height;
	const nearest = [...tier].sort((a, b) => {
		const of = (size: string) => Math.abs(Math.log(parseSize(size).width / parseSize(size).height / aspect));
		return of(a) - of(b);
	});
	return nearest[0] as string;
}

/** Seconds of the input `video` item (videoedit, duration 0 = as the input), 5 when unread. */
const editSeconds = (t: FinishedTaskView): number => {
	const items = Array.isArray(t.input.media) ? (t.input.media as Array<{ type?: string }>) : [];
	const at = items.findIndex((i) => i.type === 'video');
	return t.mediaSeconds[`media[${at}]`] ?? 5;
};
const wan27Seconds = (t: FinishedTaskView): number => (Number(t.parameters.duration) === 0 ? editSeconds(t) : Number(t.parameters.duration));

const wan27Family: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ ...parseSize(wan27Size(t)), durationSeconds: wan27Seconds(t), fps: 30 }),
	result(t, url) {
		const size = wan27Size(t);
		const duration = wan27Seconds(t);
		const output: Record<string, unknown> = { video_url: url };
		if (typeof t.input.prompt === 'string') output.orig_prompt = t.input.prompt;
		// Usage assumed like wan2.6 (not documented for wan2.7).
		return { output, usage: { duration, size, input_video_duration: 0, output_video_duration: duration, video_count: 1, SR: tierOfSize(size) } };
	},
};

const W27_IMAGE = (): Extract<FieldRule, { type: 'media' }> => ({ type: 'media', kind: 'image', maxBytes: 10 * MB });
const W27_VIDEO = (): Extract<FieldRule, { type: 'media' }> => ({ type: 'media', kind: 'video', maxBytes: 100 * MB, mp4MovOnly: true });
const W27_AUDIO = (): Extract<FieldRule, { type: 'media' }> => ({ type: 'media', kind: 'audio', maxBytes: 15 * MB });

function wan27(spec: { input: Record<string, FieldRule>; parameters: Record<string, FieldRule>; defaults: Record<string, unknown> }): ModelRule {
	return {
		family: 'wan27',
		endpoint: ENDPOINTS.videoGeneration,
		regions: ['cn-beijing', 'ap-southeast-1'],
		rps: 5,
		concurrency: 5,
		typicalRunSeconds: 287, // not documented; as wan2.6
		parametersRequired: false,
		...spec,
	};
}

const RES = { type: 'string', enum: ['720P', '1080P'] } as const;
const RATIO = { type: 'string', enum: Object.keys(RATIO_INDEX) } as const;

const WAN27_I2V = (): ModelRule =>
	wan27({
		input: {
			prompt: { type: 'string', maxChars: 5000 },
			media: {
				type: 'mediaItems',
				required: true,
				kinds: {
					first_frame: { rule: W27_IMAGE(), maxCount: 1 },
					last_frame: { rule: W27_IMAGE(), maxCount: 1 },
					driving_audio: { rule: W27_AUDIO(), maxCount: 1 },
					first_clip: { rule: W27_VIDEO(), maxCount: 1 },
				},
				combos: [
					['first_frame'],
					['first_frame', 'driving_audio'],
					['first_frame', 'last_frame'],
					['first_frame', 'last_frame', 'driving_audio'],
					['first_clip'],
					['first_clip', 'last_frame'],
				],
			},
		},
		parameters: {
			resolution: RES,
			duration: { type: 'integer', min: 2, max: 15 },
			// On the wan2.7 image-to-video page api-gaps.md §5 [Q14] cites (issue 21 item 4).
			prompt_extend: { type: 'boolean' },
			watermark: { type: 'boolean' },
		},
		defaults: { resolution: '1080P', duration: 5, prompt_extend: true, watermark: false },
	});

const WAN27_R2V = (): ModelRule =>
	wan27({
		input: {
			prompt: { type: 'string', required: true, maxChars: 5000 },
			media: {
				type: 'mediaItems',
				required: true,
				kinds: {
					// A reference's voice rides inside its item, not as an item of its own (api-gaps.md §5; SDK video_synthesis.py).
					reference_image: { rule: W27_IMAGE(), maxCount: 5, attached: { reference_voice: W27_AUDIO() } },
					reference_video: { rule: W27_VIDEO(), maxCount: 5, attached: { reference_voice: W27_AUDIO() } },
					first_frame: { rule: W27_IMAGE(), maxCount: 1 },
				},
				total: { types: ['reference_image', 'reference_video'], min: 1, max: 5 },
			},
		},
		parameters: { resolution: RES, ratio: RATIO, duration: { type: 'integer', min: 2, max: 10 } },
		defaults: { resolution: '1080P', ratio: '16:9', duration: 5 },
	});

const WAN27_VIDEOEDIT = (): ModelRule =>
	wan27({
		input: {
			// Optional, and a negative prompt of up to 500 characters (api-gaps.md §5 [Q9]; issue 21 item 3).
			prompt: { type: 'string', maxChars: 5000 },
			negative_prompt: { type: 'string', maxChars: 500 },
			media: {
				type: 'mediaItems',
				required: true,
				kinds: { video: { rule: W27_VIDEO(), maxCount: 1 }, reference_image: { rule: W27_IMAGE(), maxCount: 4 } },
				total: { types: ['video'], min: 1, max: 1 },
			},
		},
		parameters: {
			resolution: RES,
			ratio: RATIO,
			duration: { type: 'integer', oneOf: [0, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
			audio_setting: { type: 'string', enum: ['auto', 'origin'] },
			prompt_extend: { type: 'boolean' },
			watermark: { type: 'boolean' },
		},
		// No ratio default: without one the result keeps the input video's ratio (api-gaps.md §5 [Q9]; issue 21 item 1).
		defaults: { resolution: '1080P', duration: 0, audio_setting: 'auto', prompt_extend: true, watermark: false },
	});

export const FAMILIES = {
	t2v: t2vFamily,
	i2v: i2vFamily,
	kf2v: kf2vFamily,
	r2v: r2vFamily,
	animate: animateFamily,
	t2i: t2iFamily,
	i2i: i2iFamily,
	vace: vaceFamily,
	imageedit: imageEditFamily,
	style: styleFamily,
	wan27: wan27Family,
	messages: messagesFamily,
	...AVATAR_FAMILIES,
	...IMAGE_TOOLS_B_FAMILIES,
	...IMAGE_TOOLS_A_FAMILIES,
} satisfies Record<
	string,
	FamilySpec
>;
export type FamilyId = keyof typeof FAMILIES;

const ALL_GLOBAL: readonly Region[] = ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'];

const wanx21Turbo = (regions: readonly Region[]): ModelRule =>
	t2v({
		tiers: ['480P', '720P'],
		defaultSize: '1280*720',
		duration: { oneOf: [5] },
		promptMax: 800,
		audio: false,
		shotType: false,
		rps: 2,
		concurrency: 2,
		regions,
		typicalRunSeconds: 180,
	});
const wanx21Plus = (regions: readonly Region[]): ModelRule =>
	t2v({
		tiers: ['720P'],
		defaultSize: '1280*720',
		duration: { oneOf: [5] },
		promptMax: 800,
		audio: false,
		shotType: false,
		rps: 2,
		concurrency: 2,
		regions,
		typicalRunSeconds: 180,
	});

const wanx21I2vPlus = (regions: readonly Region[]): ModelRule =>
	i2v({
		tiers: ['720P'],
		defaultTier: '720P',
		duration: { oneOf: [5] },
		promptMax: 800,
		audioUrl: false,
		audioSwitch: false,
		shotType: false,
		templates: I2V_PLUS_TEMPLATES,
		rps: 2,
		concurrency: 2,
		regions,
		typicalRunSeconds: 300,
	});
const wanx21I2vTurbo = (regions: readonly Region[]): ModelRule =>
	i2v({
		tiers: ['480P', '720P'],
		defaultTier: '720P',
		duration: { oneOf: [3, 4, 5] },
		promptMax: 800,
		audioUrl: false,
		audioSwitch: false,
		shotType: false,
		templates: I2V_TURBO_TEMPLATES,
		rps: 2,
		concurrency: 2,
		regions,
		typicalRunSeconds: 180,
	});
const wan26I2v = { promptMax: 1500, audioUrl: true, shotType: true, templates: [], rps: 5, concurrency: 5 } as const;

// Image-to-video (§4.1). Regions and limits from api-platform.md §4.2; typicalRunSeconds: the wan2.6
// example runs 11:07:28 → 11:17:11 (583 s, queue included); "1–5 minutes" otherwise.
const I2V_MODELS: Record<string, ModelRule> = {
	'wan2.6-i2v-flash': i2v({
		...wan26I2v,
		tiers: ['720P', '1080P'],
		defaultTier: '1080P',
		duration: { min: 2, max: 15 },
		audioSwitch: true,
		regions: ['cn-beijing', 'ap-southeast-1'],
		typicalRunSeconds: 150,
	}),
	'wan2.6-i2v': i2v({
		...wan26I2v,
		tiers: ['720P', '1080P'],
		defaultTier: '1080P',
		duration: { min: 2, max: 15 },
		audioSwitch: false,
		regions: ALL_GLOBAL,
		typicalRunSeconds: 583,
	}),
	// -us: only resolution and the duration set are documented; the rest assumed as wan2.6-i2v (§14.3 ❓).
	'wan2.6-i2v-us': i2v({
		...wan26I2v,
		tiers: ['720P', '1080P'],
		defaultTier: '1080P',
		duration: { oneOf: [5, 10, 15] },
		audioSwitch: false,
		regions: ['us-east-1'],
		typicalRunSeconds: 583,
	}),
	'wan2.5-i2v-preview': i2v({
		...wan26I2v,
		tiers: ['480P', '720P', '1080P'],
		defaultTier: '1080P',
		duration: { oneOf: [5, 10] },
		shotType: false,
		audioSwitch: false,
		regions: ['cn-beijing', 'ap-southeast-1'],
		typicalRunSeconds: 300,
	}),
	'wan2.2-i2v-flash': i2v({
		tiers: ['480P', '720P', '1080P'],
		defaultTier: '720P',
		duration: { oneOf: [5] },
		promptMax: 800,
		audioUrl: false,
		audioSwitch: false,
		shotType: false,
		templates: [],
		rps: 2,
		concurrency: 2,
		regions: ['cn-beijing'], // Beijing only in the rate-limit table
		typicalRunSeconds: 150,
	}),
	'wan2.2-i2v-plus': i2v({
		tiers: ['480P', '1080P'],
		defaultTier: '1080P',
		duration: { oneOf: [5] },
		promptMax: 800,
		audioUrl: false,
		audioSwitch: false,
		shotType: false,
		templates: [],
		rps: 2,
		concurrency: 2,
		regions: ['cn-beijing', 'ap-southeast-1'],
		typicalRunSeconds: 300,
	}),
	'wanx2.1-i2v-plus': wanx21I2vPlus(['cn-beijing']),
	'wanx2.1-i2v-turbo': wanx21I2vTurbo(['cn-beijing']),
	'wan2.1-i2v-plus': wanx21I2vPlus(['ap-southeast-1']),
	'wan2.1-i2v-turbo': wanx21I2vTurbo(['ap-southeast-1']),
};

// First + last frame (§5.1). kf2v example: 10:36:58 → 10:45:23 (505 s).
const KF2V_MODELS: Record<string, ModelRule> = {
	'wan2.2-kf2v-flash': kf2v({
		tiers: ['480P', '720P', '1080P'],
		templates: [],
		rps: 2,
		regions: ['cn-beijing'], // Beijing only in the rate-limit table
		typicalRunSeconds: 180,
	}),
	'wanx2.1-kf2v-plus': kf2v({ tiers: ['720P'], templates: KF2V_TEMPLATES, rps: 2, regions: ['cn-beijing'], typicalRunSeconds: 505 }),
	// Singapore name and limit: 1 submission per second there (api-platform.md §4.2).
	'wan2.1-kf2v-plus': kf2v({ tiers: ['720P'], templates: KF2V_TEMPLATES, rps: 1, regions: ['ap-southeast-1'], typicalRunSeconds: 505 }),
};

// typicalRunSeconds for t2v: the doc says "1–5 minutes"; wan2.6 example is 14:18:52 → 14:23:39 (287 s).
export const MODELS: Record<string, ModelRule> = {
	'wan2.6-t2v': t2v({
		tiers: ['720P', '1080P'],
		defaultSize: '1920*1080',
		duration: { min: 2, max: 15 },
		promptMax: 1500,
		audio: true,
		shotType: true,
		rps: 5,
		concurrency: 5,
		regions: ALL_GLOBAL,
		typicalRunSeconds: 287,
	}),
	'wan2.7-t2v': t2v27(),
	// -us: only the duration set is documented as different; audio/shot_type/1500 assumed as wan2.6 (❓ in §14.3).
	'wan2.6-t2v-us': t2v({
		tiers: ['720P', '1080P'],
		defaultSize: '1920*1080',
		duration: { oneOf: [5, 10] },
		promptMax: 1500,
		audio: true,
		shotType: true,
		rps: 5,
		concurrency: 5,
		regions: ['us-east-1'],
		typicalRunSeconds: 287,
	}),
	'wan2.5-t2v-preview': t2v({
		tiers: ['480P', '720P', '1080P'],
		defaultSize: '1920*1080',
		duration: { oneOf: [5, 10] },
		promptMax: 1500,
		audio: true,
		shotType: false,
		rps: 5,
		concurrency: 5,
		regions: ['cn-beijing', 'ap-southeast-1'],
		typicalRunSeconds: 180,
	}),
	'wan2.2-t2v-plus': t2v({
		tiers: ['480P', '1080P'],
		defaultSize: '1920*1080',
		duration: { oneOf: [5] },
		promptMax: 800,
		audio: false,
		shotType: false,
		rps: 2,
		concurrency: 2,
		regions: ['cn-beijing', 'ap-southeast-1'],
		typicalRunSeconds: 180,
	}),
	// Beijing spelling; Singapore uses wan2.1-* names (api-platform.md §4.2).
	'wanx2.1-t2v-turbo': wanx21Turbo(['cn-beijing']),
	'wanx2.1-t2v-plus': wanx21Plus(['cn-beijing']),
	'wan2.1-t2v-turbo': wanx21Turbo(['ap-southeast-1']),
	'wan2.1-t2v-plus': wanx21Plus(['ap-southeast-1']),
	...I2V_MODELS,
	...KF2V_MODELS,
	// Reference-to-video (§7.1). Regions/limits from api-platform.md §4.2: wan2.6-r2v 5/5 in Beijing, Singapore,
	// Virginia and Frankfurt (global; §6 lists r2v among Frankfurt's Wan models); wan2.6-r2v-flash 5/5 in
	// Beijing and Singapore only. Example run: 00:25:59.869 → 00:30:35.396 (276 s).
	'wan2.6-r2v-flash': r2v({ audioSwitch: true, regions: ['cn-beijing', 'ap-southeast-1'], typicalRunSeconds: 276 }),
	'wan2.6-r2v': r2v({ audioSwitch: false, regions: ALL_GLOBAL, typicalRunSeconds: 276 }),
	'wan2.2-animate-move': animate(),
	'wan2.2-animate-mix': animate(),
	...T2I_MODELS,
	...I2I_MODELS,
	// VACE: Beijing spells wanx2.1-vace-plus, Singapore wan2.1-vace-plus; 2/2 in both (api-platform.md §4.2).
	'wanx2.1-vace-plus': vace(['cn-beijing']),
	'wan2.1-vace-plus': vace(['ap-southeast-1']),
	'video-style-transform': STYLE_MODEL,
	// General image editing: Beijing only (api-gaps.md §3).
	'wanx2.1-imageedit': IMAGE_EDIT_MODEL,
	// wan2.7 models and their dated snapshots (api-gaps.md §5).
	'wan2.7-t2v-2026-04-25': t2v27(),
	'wan2.7-t2v-2026-06-12': t2v27(),
	'wan2.7-i2v': WAN27_I2V(),
	'wan2.7-i2v-2026-04-25': WAN27_I2V(),
	'wan2.7-r2v': WAN27_R2V(),
	'wan2.7-r2v-2026-06-12': WAN27_R2V(),
	'wan2.7-videoedit': WAN27_VIDEOEDIT(),
	...AVATAR_MODELS,
	...MESSAGES_MODELS,
	...IMAGE_TOOLS_B_MODELS,
	...IMAGE_TOOLS_A_MODELS,
};

export function modelRule(name: string, region?: Region): ModelRule | undefined {
	const rule = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
	if (!rule || (region && !rule.regions.includes(region))) return undefined;
	return rule;
}
