// Image tools of api-images.md §5–§7, §12, §13: the simulator's own rules, independent of nodes/. Portrait style
// repaint, background generation, out-painting, erase & completion, x-painting; all China (Beijing) only, async.
// Only type imports from models.ts (models.ts spreads these tables into its own, so a value import would be circular).
//
// Answers: style repaint and out-painting answer as documented (results[].url plus style_index / error_code /
// error_message; output_image_url). The other three answers are not shown in the reference: they answer like the
// Wan image models (results[].url, usage.image_count), an assumption.
import type { FieldRule, FinishedTaskView, ImageFamilySpec, ImageOutcome, ModelRule } from './models';

const MB = 1024 * 1024;
/** "No limit stated": a generous simulator guard. */
const UNSTATED = 100 * MB;

export const IMAGE_TOOLS_A_ENDPOINTS = {
	imageGeneration: '/services/aigc/image-generation/generation',
	// Every documented example has the trailing slash; whether the service also takes the path without it is not stated.
	backgroundGeneration: '/services/aigc/background-generation/generation/',
	outPainting: '/services/aigc/image2image/out-painting',
} as const;

const IMAGE2IMAGE = '/services/aigc/image2image/image-synthesis';

const image = (extra: Partial<Extract<FieldRule, { type: 'media' }>> = {}): Extract<FieldRule, { type: 'media' }> => ({
	type: 'media',
	kind: 'image',
	maxBytes: UNSTATED,
	...extra,
});

const succeeded = (images: readonly ImageOutcome[]) => images.filter((i) => 'url' in i).length;

/** results[] entries: a URL, or the code and message of an image that failed alone. */
const resultList = (images: readonly ImageOutcome[]) => images.map((i) => ('url' in i ? { url: i.url } : { code: i.code, message: i.message }));

/** Results like the Wan image models: one entry per image, billed per image made. */
const resultsAnswer = (_t: FinishedTaskView, images: readonly ImageOutcome[]) => ({
	output: { results: resultList(images), task_metrics: { TOTAL: images.length, SUCCEEDED: succeeded(images), FAILED: images.length - succeeded(images) } },
	usage: { image_count: succeeded(images) },
});

const base = (t: FinishedTaskView, field: string, fallback: { width: number; height: number }) => t.mediaPixels[field] ?? fallback;

// ---------- Portrait style repaint (§5) ----------

/** The output keeps the photo's aspect ratio with the short side at 1536 px; 3:4 portrait when the photo was not read. */
function repaintSize(t: FinishedTaskView): { width: number; height: number } {
	const { width, height } = base(t, 'image_url', { width: 768, height: 1024 });
	const scale = 1536 / Math.min(width, height);
	return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

const styleRepaintFamily: ImageFamilySpec = {
	produces: 'image',
	format: 'jpg',
	images: (t) => ({ ...repaintSize(t), count: 1 }),
	// The documented answer: style_index, error_code 0 and error_message "Success" next to results (start_time is left out).
	result: (t, images) => ({
		output: { style_index: t.input.style_index, error_code: 0, error_message: 'Success', results: resultList(images) },
		usage: { image_count: succeeded(images) },
	}),
};

/** JPEG, PNG, JPG, BMP, WEBP; 256*256 to 5760*3240; ≤ 10 MB; URL without Chinese characters or a data URI. */
const portrait = (required: boolean) => image({ required, maxBytes: 10 * MB, minPx: 256, maxPx: 5760, asciiOnly: true, dataUri: true });

const STYLE_REPAINT: ModelRule = {
	family: 'styleRepaint',
	endpoint: IMAGE_TOOLS_A_ENDPOINTS.imageGeneration,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 1,
	typicalRunSeconds: 5, // example 10:55:43.768 → 10:55:48
	parametersRequired: false,
	// The preset index range is not documented: any integer from -1 up.
	input: { image_url: portrait(true), style_index: { type: 'integer', required: true, min: -1 }, style_ref_url: portrait(false) },
	parameters: {},
	defaults: {},
	// -1 = the custom style of style_ref_url, which it then needs; with a preset a reference is ignored (the preset wins).
	check: (input) => (input.style_index === -1 && (input.style_ref_url === undefined || input.style_ref_url === '') ? 'Field required: input.style_ref_url (style_index is -1).' : undefined),
};

// ---------- Background generation (§6) ----------

const backgroundFamily: ImageFamilySpec = {
	produces: 'image',
	// The output has the resolution of the cut-out.
	images: (t) => ({ ...base(t, 'base_image_url', { width: 800, height: 800 }), count: Number(t.parameters.n) }),
	result: resultsAnswer,
};

const edges = (): FieldRule => ({
	type: 'mediaList',
	minItems: 1,
	maxItems: 100, // no count is documented; a simulator guard
	kinds: { image: { rule: image(), maxCount: 100 } },
	videoExtensions: [],
});

const BACKGROUND: ModelRule = {
	family: 'background',
	endpoint: IMAGE_TOOLS_A_ENDPOINTS.backgroundGeneration,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 1,
	typicalRunSeconds: 15, // no example timestamps
	parametersRequired: false,
	input: {
		base_image_url: image({ required: true }),
		// About 150 English words / 100–120 Chinese characters are read; the rest is ignored (not simulated).
		ref_prompt: { type: 'string' },
		ref_image_url: image(),
		// One prompt per edge layer ("" for a layer without one).
		reference_edge: {
			type: 'object',
			fields: { foreground_edge: edges(), background_edge: edges(), foreground_edge_prompt: { type: 'strings' }, background_edge_prompt: { type: 'strings' } },
		},
	},
	parameters: {
		model_version: { type: 'string', enum: ['v2', 'v3'] },
		n: { type: 'integer', min: 1 }, // no range documented
		noise_level: { type: 'integer', min: 0, max: 999 },
		ref_prompt_weight: { type: 'number', min: 0, max: 1 },
	},
	// n has no documented default (every example sends 1): 1 is assumed.
	defaults: { model_version: 'v2', n: 1, noise_level: 300, ref_prompt_weight: 0.5 },
};

// ---------- Out-painting (§7) ----------

/**
 * Output size: the image (1024*1024 when not read) rotated by `angle` (its bounding box), then scaled by
 * x_scale / y_scale, then grown by the offsets, then widened or heightened to output_ratio. The reference states
 * no precedence between the modes: this order is the simulator's own.
 */
export function outPaintingSize(t: Pick<FinishedTaskView, 'parameters' | 'mediaPixels'>): { width: number; height: number } {
	const p = t.parameters;
	let { width, height } = t.mediaPixels.image_url ?? { width: 1024, height: 1024 };
	const radians = (Number(p.angle ?? 0) * Math.PI) / 180;
	[width, height] = [
		Math.abs(width * Math.cos(radians)) + Math.abs(height * Math.sin(radians)),
		Math.abs(width * Math.sin(radians)) + Math.abs(height * Math.cos(radians)),
	];
	width *= Number(p.x_scale ?? 1);
	height *= Number(p.y_scale ?? 1);
	width += Number(p.left_offset ?? 0) + Number(p.right_offset ?? 0);
	height += Number(p.top_offset ?? 0) + Number(p.bottom_offset ?? 0);
	const ratio = /^(\d+):(\d+)$/.exec(String(p.output_ratio ?? ''));
	if (ratio) {
		const target = Number(ratio[1]) / Number(ratio[2]);
		if (width / height < target) width = height * target;
		else height = width / target;
	}
	return { width: Math.round(width), height: Math.round(height) };
}

const outPaintingFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...outPaintingSize(t), count: 1 }),
	// Documented: one URL in output_image_url, no results list.
	result: (_t, images) => {
		const [first] = images;
		return first && 'url' in first
			? { output: { output_image_url: first.url }, usage: { image_count: 1 } }
			: { output: { code: first?.code, message: first?.message }, usage: { image_count: 0 } };
	},
};

const OUT_PAINTING: ModelRule = {
	family: 'outPainting',
	endpoint: IMAGE_TOOLS_A_ENDPOINTS.outPainting,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 5,
	typicalRunSeconds: 26, // example 13:50:01.247 → 13:50:27.795
	parametersRequired: false,
	// No image limits documented.
	input: { image_url: image({ required: true }) },
	// No ranges documented; scales are expansion factors (≥ 1), offsets pixels added (≥ 0).
	parameters: {
		angle: { type: 'integer' },
		x_scale: { type: 'number', min: 1 },
		y_scale: { type: 'number', min: 1 },
		output_ratio: { type: 'string' },
		left_offset: { type: 'integer', min: 0 },
		right_offset: { type: 'integer', min: 0 },
		top_offset: { type: 'integer', min: 0 },
		bottom_offset: { type: 'integer', min: 0 },
	},
	defaults: {},
	check: (_input, p) => (p.output_ratio !== undefined && !/^\d+:\d+$/.test(String(p.output_ratio)) ? `parameters.output_ratio '${String(p.output_ratio)}' must be "width:height", e.g. "4:3".` : undefined),
};

// ---------- Erase & completion (§12) ----------

/** Each side 512–4096 px; JPEG, PNG, JPG, BMP, WEBP; ≤ 10 MB; URL without Chinese characters (stated for every input). */
const eraseImage = (required: boolean) => image({ required, maxBytes: 10 * MB, minPx: 512, maxPx: 4096, asciiOnly: true });

const eraseFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...base(t, 'image_url', { width: 1024, height: 1024 }), count: 1 }),
	result: resultsAnswer,
};

const ERASE: ModelRule = {
	family: 'erase',
	endpoint: IMAGE2IMAGE,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 1,
	typicalRunSeconds: 15, // no example timestamps
	parametersRequired: false,
	input: { image_url: eraseImage(true), mask_url: eraseImage(true), foreground_url: eraseImage(false) },
	parameters: { dilate_flag: { type: 'boolean' }, fast_mode: { type: 'boolean' } },
	// dilate_flag has no documented default.
	defaults: { fast_mode: false },
};

// ---------- X-painting (§13) ----------

/** More than 256×256 and less than 4096×4096 px (each side 257–4095); ≤ 10 MB; URL without Chinese characters. */
const xImage = () => image({ required: true, maxBytes: 10 * MB, minPx: 257, maxPx: 4095, asciiOnly: true });

const xPaintingFamily: ImageFamilySpec = {
	produces: 'image',
	// Without a size: the base image's size (1024*1024 when not read), an assumption.
	images: (t) => {
		const size = typeof t.parameters.size === 'string' ? /^(\d+)\*(\d+)$/.exec(t.parameters.size) : null;
		const fallback = base(t, 'base_image_url', { width: 1024, height: 1024 });
		return { ...(size ? { width: Number(size[1]), height: Number(size[2]) } : fallback), count: Number(t.parameters.n) };
	},
	result: resultsAnswer,
};

const X_PAINTING: ModelRule = {
	family: 'xPainting',
	endpoint: IMAGE2IMAGE,
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 1,
	typicalRunSeconds: 15, // no example timestamps
	parametersRequired: false,
	input: { prompt: { type: 'string', required: true }, base_image_url: xImage(), mask_image_url: xImage() },
	// size: only the example's 1024*1024 is documented; n: no range (the example sends 1).
	parameters: { size: { type: 'size' }, n: { type: 'integer', min: 1 } },
	defaults: { n: 1 },
};

export const IMAGE_TOOLS_A_FAMILIES = {
	styleRepaint: styleRepaintFamily,
	background: backgroundFamily,
	outPainting: outPaintingFamily,
	erase: eraseFamily,
	xPainting: xPaintingFamily,
} as const;

export const IMAGE_TOOLS_A_MODELS: Record<string, ModelRule> = {
	'wanx-style-repaint-v1': STYLE_REPAINT,
	'wanx-background-generation-v2': BACKGROUND,
	'image-out-painting': OUT_PAINTING,
	'image-erase-completion': ERASE,
	'wanx-x-painting': X_PAINTING,
};
