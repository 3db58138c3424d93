// The free-trial image tools of api-images.md §8–§11: Virtual Model (wanx-virtualmodel, virtualmodel-v2), Shoe Model
// (shoemodel-v1), Poster Generation (wanx-poster-generation-v1) and Person Segmentation (image-instance-segmentation).
// The simulator's own rules, independent of nodes/. Only type imports from models.ts (models.ts spreads these tables
// into its own, so a value import would be circular).
//
// Answers: the reference shows no finished task for any of them. Every one answers in the generic Wan image style,
// `output.results[].url` (+ task_metrics, usage.image_count), which is also what the simulator's file host serves.
// Output sizes are not documented either: the choices are stated per family below.
// China (Beijing) only; 2 RPS, 1 running task each; all four are free trial only (500 images).
import type { FieldRule, FinishedTaskView, ImageFamilySpec, ImageOutcome, ModelRule } from './models';

const MB = 1024 * 1024;
/** "Up to 5 MB recommended" is a recommendation, not a limit: a generous guard. */
const RECOMMENDED_ONLY = 100 * MB;

export const IMAGE_TOOLS_B_ENDPOINTS = {
	/** Shared by the virtual model and the shoe model: the model name decides. */
	virtualModel: '/services/aigc/virtualmodel/generation',
} as const;

const TEXT2IMAGE = '/services/aigc/text2image/image-synthesis';
const IMAGE2IMAGE = '/services/aigc/image2image/image-synthesis';

/** Generic Wan image answer: one `results[]` entry per image (url, or code/message for an image that failed alone). */
function genericResult(images: readonly ImageOutcome[]): { output: Record<string, unknown>; usage: Record<string, unknown> } {
	const results = images.map((image) => ('url' in image ? { url: image.url } : { code: image.code, message: image.message }));
	const succeeded = images.filter((image) => 'url' in image).length;
	return {
		output: { results, task_metrics: { TOTAL: images.length, SUCCEEDED: succeeded, FAILED: images.length - succeeded } },
		usage: { image_count: succeeded },
	};
}

const count = (t: FinishedTaskView, key: string): number => Number(t.parameters[key] ?? t.input[key] ?? 1);

/** Scales a readable input's aspect to the requested short side; 3:4 portrait when the input could not be read. */
function withShortSide(input: { width: number; height: number } | undefined, short: number): { width: number; height: number } {
	const { width, height } = input ?? { width: 3, height: 4 };
	const ratio = Math.max(width, height) / Math.min(width, height);
	const long = Math.round(short * ratio);
	return width <= height ? { width: short, height: long } : { width: long, height: short };
}

/** Virtual model: the short side as requested, the aspect of the base photo. */
const virtualModelFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...withShortSide(t.mediaPixels.base_image_url, Number(t.parameters.short_side_size)), count: count(t, 'n') }),
	result: (_t, images) => genericResult(images),
};

/** Shoe model: the template photo's size (it is repainted); 768×1024 (the recommended 4:3, portrait) when unread. */
const shoeModelFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...(t.mediaPixels.template_image_url ?? { width: 768, height: 1024 }), count: count(t, 'n') }),
	result: (_t, images) => genericResult(images),
};

/** Poster: no size documented; assumed 768×1024 portrait (竖版) and 1024×768 landscape (横版). */
const posterFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...(t.input.wh_ratios === '横版' ? { width: 1024, height: 768 } : { width: 768, height: 1024 }), count: count(t, 'generate_num') }),
	result: (_t, images) => genericResult(images),
};

/** Segmentation: two images of the input's size (1024×1024 when unread), the mask first, then the visualisation. */
const segmentationFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...(t.mediaPixels.image_url ?? { width: 1024, height: 1024 }), count: 2 }),
	result: (_t, images) => genericResult(images),
};

export const IMAGE_TOOLS_B_FAMILIES = {
	virtualModel: virtualModelFamily,
	shoeModel: shoeModelFamily,
	poster: posterFamily,
	segmentation: segmentationFamily,
} as const;

/** Virtual model photos: JPEG/JPG/PNG/WEBP, more than 256×256, long side under 4096, URL without Chinese characters. */
const photo = (required: boolean): FieldRule => ({ type: 'media', kind: 'image', required, maxBytes: RECOMMENDED_ONLY, minPx: 257, maxPx: 4095, asciiOnly: true });

/** Shoe model photos: no pixel limits stated (the 3:2 aspect bound is not checked here). */
const shoePhoto = (): Extract<FieldRule, { type: 'media' }> => ({ type: 'media', kind: 'image', required: true, maxBytes: RECOMMENDED_ONLY, asciiOnly: true });

const freeTrialTool = (spec: Pick<ModelRule, 'family' | 'endpoint' | 'input' | 'parameters' | 'defaults'>): ModelRule => ({
	regions: ['cn-beijing'],
	rps: 2,
	concurrency: 1,
	typicalRunSeconds: 20, // no example timestamps ("tens of seconds")
	parametersRequired: false,
	...spec,
});

const virtualModel = (sizes: readonly string[], v2: boolean): ModelRule =>
	freeTrialTool({
		family: 'virtualModel',
		endpoint: IMAGE_TOOLS_B_ENDPOINTS.virtualModel,
		input: {
			base_image_url: photo(true),
			// Sent in every example; the simulator requires them.
			mask_image_url: photo(true),
			prompt: { type: 'string', required: true },
			face_prompt: { type: 'string', required: true },
			...(v2 ? { background_image_url: photo(false) } : {}),
			// Seed 002's examples show these next to prompt and face_prompt (so in `input`): V2 `aspect_ratio` (the ratios
			// the page lists; "unchanged" is the absence of one) and `realPerson` (false for a mannequin), V1 `predefined_face_id`.
			...(v2
				? { aspect_ratio: { type: 'string', enum: ['2:1', '16:9', '4:3', '1:1', '3:4', '9:16', '1:2'] }, realPerson: { type: 'boolean' } }
				: { predefined_face_id: { type: 'string' } }),
		},
		// short_side_size is a string in both examples; n's range is not documented.
		parameters: { short_side_size: { type: 'string', enum: sizes }, n: { type: 'integer', min: 1 } },
		// Not documented: the example values are assumed.
		defaults: { short_side_size: sizes[0], n: 1 },
	});

export const IMAGE_TOOLS_B_MODELS: Record<string, ModelRule> = {
	'wanx-virtualmodel': virtualModel(['512', '1024'], false),
	'virtualmodel-v2': virtualModel(['1024', '2048'], true),
	'shoemodel-v1': freeTrialTool({
		family: 'shoeModel',
		endpoint: IMAGE_TOOLS_B_ENDPOINTS.virtualModel,
		input: {
			template_image_url: shoePhoto(),
			// An array even for one photo; "fewer than 3".
			shoe_image_url: { type: 'mediaList', required: true, minItems: 1, maxItems: 2, kinds: { image: { rule: shoePhoto(), maxCount: 2 } }, videoExtensions: [] },
		},
		parameters: { n: { type: 'integer', min: 1 } },
		defaults: { n: 1 },
	}),
	// Every field in input; parameters is {} (the simulator accepts it absent too). "One of the two prompts" is not
	// enforced here (a model rule has no cross-field check); over-long texts are truncated like prompts elsewhere.
	'wanx-poster-generation-v1': freeTrialTool({
		family: 'poster',
		endpoint: TEXT2IMAGE,
		input: {
			title: { type: 'string', required: true, maxChars: 30 },
			sub_title: { type: 'string', maxChars: 30 },
			body_text: { type: 'string', maxChars: 50 },
			prompt_text_zh: { type: 'string', maxChars: 50 },
			prompt_text_en: { type: 'string' },
			wh_ratios: { type: 'string', enum: ['竖版', '横版'] },
			lora_name: { type: 'string', enum: ['童话油画', '中国刺绣', '2D插画1', '浅蓝抽象', '深蓝抽象', '剪纸工艺', '浓郁色彩'] },
			lora_weight: { type: 'number' },
			ctrl_ratio: { type: 'number' },
			ctrl_step: { type: 'number' },
			generate_mode: { type: 'string', enum: ['generate'] },
			generate_num: { type: 'integer', min: 1 },
		},
		parameters: {},
		defaults: {},
	}),
	'image-instance-segmentation': freeTrialTool({
		family: 'segmentation',
		endpoint: IMAGE2IMAGE,
		input: { image_url: { type: 'media', kind: 'image', required: true, maxBytes: 10 * MB, minPx: 512, maxPx: 4096, asciiOnly: true } },
		parameters: {},
		defaults: {},
	}),
};
