// The simulator's own encoding of the per-model request rules (api-video.md §3, §9, §10; api-avatar.md §4–§5;
// rate limits api-platform.md §4.2; regions api-platform.md §6). Deliberately independent of nodes/: it is the
// check the node's tables are tested against. To add a family: add an endpoint if new, a FamilySpec describing
// where the result and usage live, and one ModelRule per model.

export type Region = 'cn-beijing' | 'ap-southeast-1' | 'us-east-1' | 'eu-central-1';
export type MediaKind = 'image' | 'video' | 'audio';

export type FieldRule =
	| { type: 'string'; required?: boolean; enum?: readonly string[]; maxChars?: number }
	| { type: 'integer'; required?: boolean; min?: number; max?: number; oneOf?: readonly number[] }
	| { type: 'boolean'; required?: boolean }
	| { type: 'media'; kind: MediaKind; required?: boolean; maxBytes: number; asciiOnly?: boolean };

/** What a family needs to build its SUCCEEDED payload. */
export interface FinishedTaskView {
	model: string;
	input: Record<string, unknown>;
	/** Parameters with documented defaults applied. */
	parameters: Record<string, unknown>;
	/** Duration (s) of input videos the simulator could read, keyed by field name. */
	mediaSeconds: Record<string, number>;
}

export interface VideoShape {
	width: number;
	height: number;
	durationSeconds: number;
	fps: number;
}

export interface FamilySpec {
	/** Shape of the produced file. */
	video(task: FinishedTaskView): VideoShape;
	/** output.* additions and the usage object for a SUCCEEDED task. */
	result(task: FinishedTaskView, url: string): { output: Record<string, unknown>; usage: Record<string, unknown> };
}

export interface ModelRule {
	family: FamilyId;
	/** Path under /api/v1. */
	endpoint: string;
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
}

export const ENDPOINTS = {
	videoGeneration: '/services/aigc/video-generation/video-synthesis',
	image2video: '/services/aigc/image2video/video-synthesis',
} as const;

/** Paths documented with a trailing-slash variant (api-avatar.md open question 1). */
export const TRAILING_SLASH_OK: ReadonlySet<string> = new Set([ENDPOINTS.image2video]);

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

const t2vFamily: FamilySpec = {
	video: (t) => ({ ...parseSize(String(t.parameters.size)), durationSeconds: Number(t.parameters.duration), fps: 30 }),
	result(t, url) {
		const size = String(t.parameters.size);
		const duration = Number(t.parameters.duration);
		const prompt = String(t.input.prompt);
		const isWan26 = t.model.startsWith('wan2.6');
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

// ---------- Families G/H: animate-move / animate-mix (api-avatar.md §4–§5) ----------

const animateFamily: FamilySpec = {
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
			image_url: { type: 'media', kind: 'image', required: true, maxBytes: 5 * MB, asciiOnly: true },
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

export const FAMILIES = { t2v: t2vFamily, animate: animateFamily } satisfies Record<string, FamilySpec>;
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
	'wan2.2-animate-move': animate(),
	'wan2.2-animate-mix': animate(),
};

export function modelRule(name: string, region?: Region): ModelRule | undefined {
	const rule = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
	if (!rule || (region && !rule.regions.includes(region))) return undefined;
	return rule;
}
