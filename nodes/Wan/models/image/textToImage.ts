import {
	imageNegativePromptField,
	imageSizeField,
	numberOfImagesField,
	NUMBER_OF_IMAGES_RULE,
	NEGATIVE_PROMPT_RULE,
	PROMPT_EXTEND_RULE,
	promptExtendField,
	promptField,
	SEED_RULE,
	seedField,
	WATERMARK_RULE,
	watermarkField,
	PNG_OUTPUT,
} from '../shared/fields';
import {
	colorPaletteField,
	MESSAGES,
	MESSAGES_OR_FAMILY_TASK,
	MESSAGES_SYNC_ONLY,
	WAN27_CUSTOM_SIZE,
	WAN27_IMAGES_RULE,
	WAN27_OPTIONS,
	WAN27_PROMPT_RULE,
	wan27ImageModel,
	imageSetField,
	QWEN_AWARE_WATERMARK,
	thinkingModeField,
} from './messages';
import { promptExtendModeField, qwenImageT2iModels, QWEN_SIZE_LABELS } from './qwenImage';
import type { FamilySpec, FieldRule, SizeRange } from '../types';

/**
 * Legacy Wan text to image, api-gaps.md §1.2 (routing §0): `input.prompt` / `input.negative_prompt`,
 * everything else in `parameters`, async only; the finished task lists one `results[]` entry per image
 * (PNG, URL valid 24 h). An entry with `code` / `message` instead of `url` is an image that failed on its own.
 *
 * Qwen-Image (api-gaps.md §1.3): `qwen-image-plus` and `qwen-image` take the synchronous messages call while the
 * user waits and, as tasks, this legacy async call (same body: `input.prompt` / `input.negative_prompt`,
 * `parameters.size` / `n` / `prompt_extend` / `watermark` / `seed`; results in `output.results[].url`), with five
 * fixed sizes and exactly one image per task. `qwen-image-max` has no async variant: always the messages call.
 *
 * The messages models (wan2.6-t2i, wan2.7-image(-pro), qwen-image-max) take the same fields in the messages
 * protocol (models/messages.ts): called synchronously while the user waits, as a task otherwise (qwen-image-max:
 * always synchronously, it has no task variant).
 */

/**
 * wan2.5-t2i-preview and wan2.6-t2i take any `W*H` of about 1280*1280 to 1440*1440 pixels, aspect 1:4 to 4:1. The
 * reference disagrees on the lower bound (768*768 in older revisions, 1280*1280 later), and its own recommended
 * non-square sizes (1104*1472, 1696*960 …) lie just under 1280*1280. So the sizes offered are the ones valid under
 * either reading: the recommended squares, and for each common aspect the multiple-of-16 size inside the range.
 */
const WAN25_SIZES = ['1280*1280', '1152*1536', '1536*1152', '1008*1792', '1792*1008', '1088*1632', '1632*1088', '1440*1440'];

/**
 * Custom sizes of wan2.5-t2i-preview and wan2.6-t2i (api-gaps.md §1.1, §1.2): total pixels within the narrower of the
 * two documented ranges, 1280*1280 to 1440*1440, aspect 1:4 to 4:1.
 */
const WAN25_CUSTOM_SIZE: SizeRange = { minPixels: 1280 * 1280, maxPixels: 1440 * 1440, maxAspect: 4 };

/**
 * wan2.2 / wan2.1 / wan2.0 take any `W*H` with each side 512–1440 px (api-gaps.md §1.2; seed 002): offered as a custom
 * size, besides the default 1024*1024, the largest 1440*1440, and the common Wan image sizes the reference recommends
 * elsewhere (api-gaps.md §2.1) that fit.
 */
const CLASSIC_CUSTOM_SIZE: SizeRange = { minSide: 512, maxSide: 1440 };
const CLASSIC_SIZES = [
	'1024*1024',
	'1280*1280',
	'1440*1440',
	'960*1280',
	'1280*960',
	'800*1200',
	'1200*800',
	'720*1280',
	'1280*720',
	'1344*576',
];

/**
 * Qwen-Image: five fixed sizes. The default is documented as 1664*928 (2026) and as 1328*1328 (older third-party
 * pages): the node always sends the size, 1664*928 unless chosen otherwise.
 */
const QWEN_SIZES = ['1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664'];

/**
 * Qwen-Image prompts: "≤ 800 tokens" in the 2026 docs, "characters" earlier; the service truncates rather than refuses.
 * The node counts characters, so 800 characters is the bound it checks (never more than the service reads in Chinese).
 */
const QWEN_PROMPT_MAX = 800;

/** wan2.7-image: `1K` / `2K` (default) tiers; `4K` only for wan2.7-image-pro from text alone (api-gaps.md §5). */
const WAN27_TIERS = ['1K', '2K'];

const SIZE_LABELS: Record<string, string> = {
	...QWEN_SIZE_LABELS,
	'1K': '1K',
	'2K': '2K',
	'4K': '4K (Pro, Single Images From Text Only)',
	'1664*928': '1664×928 (16:9)',
	'928*1664': '928×1664 (9:16)',
	'1328*1328': '1328×1328 (1:1)',
	'1280*1280': '1280×1280 (1:1)',
	'1104*1472': '1104×1472 (3:4)',
	'1472*1104': '1472×1104 (4:3)',
	'1152*1536': '1152×1536 (3:4)',
	'1536*1152': '1536×1152 (4:3)',
	'1008*1792': '1008×1792 (9:16)',
	'1792*1008': '1792×1008 (16:9)',
	'1088*1632': '1088×1632 (2:3)',
	'1632*1088': '1632×1088 (3:2)',
	'1024*1024': '1024×1024 (1:1)',
	'1440*1440': '1440×1440 (1:1)',
	'960*1280': '960×1280 (3:4)',
	'1280*960': '1280×960 (4:3)',
	'800*1200': '800×1200 (2:3)',
	'1200*800': '1200×800 (3:2)',
	'720*1280': '720×1280 (9:16)',
	'1280*720': '1280×720 (16:9)',
	'1344*576': '1344×576 (21:9)',
};



const common = {
	numberOfImages: NUMBER_OF_IMAGES_RULE,
	negativePrompt: NEGATIVE_PROMPT_RULE,
	// Documented for the whole API; whether wanx2.0-t2i-turbo honours it is unconfirmed, it is sent anyway.
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
};

const classic = (promptMax: number) => ({
	prompt: { required: true, maxLength: promptMax },
	size: { values: CLASSIC_SIZES, default: '1024*1024', customSize: CLASSIC_CUSTOM_SIZE },
	...common,
});

/** Qwen-Image (legacy async): `n` is fixed at 1 (other values fail with "num_images_per_prompt must be 1"). */
const qwen: Record<string, FieldRule> = {
	prompt: { required: true, maxLength: QWEN_PROMPT_MAX },
	size: { values: QWEN_SIZES, default: '1664*928' },
	// A number input held at 1 (not a one-value drop-down: the parameter is a number input for every other model).
	numberOfImages: { min: 1, max: 1, default: 1 },
	negativePrompt: NEGATIVE_PROMPT_RULE,
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
};

/** qwen-image-max also takes a custom size of 512*512 to 2048*2048 pixels in all (2026 docs, api-gaps.md §1.3). */
const qwenMax: Record<string, FieldRule> = { ...qwen, size: { values: QWEN_SIZES, default: '1664*928', customSize: { minPixels: 512 * 512, maxPixels: 2048 * 2048 } } };

/** The watermark's text differs: "AI generated" for Wan, "Qwen-Image" for the Qwen-Image models (api-gaps.md §1.3). */
/** Limits from api-platform.md §4.1 (Qwen-Image: api-gaps.md §1.3, Beijing rate-limit page); typical time from the reference's example task (about 12 s). */
export const textToImage: FamilySpec = {
	resource: 'image',
	operation: 'textToImage',
	displayName: 'Text to Image',
	action: 'Generate images from text',
	description: 'Generate images from a text prompt (Wan: one to four per task, up to 12 as a wan2.7 image set; Qwen-Image: one, or up to six with 2.0 and 3.0, with legible text)',
	endpoint: '/services/aigc/text2image/image-synthesis',
	output: PNG_OUTPUT,
	fields: [
		promptField('What the image shows. Chinese or English.'),
		imageSizeField(SIZE_LABELS),
		numberOfImagesField,
		imageNegativePromptField,
		promptExtendField,
		{ ...watermarkField('parameters.watermark'), description: QWEN_AWARE_WATERMARK },
		seedField,
		imageSetField,
		thinkingModeField,
		colorPaletteField,
		promptExtendModeField,
	],
	models: [
		// First = the panel's default model, the newest generally available one (not a preview). Saved workflows omit
		// default values, so after 1.0 this one never changes.
		wan27ImageModel(false, 'Long prompts, 1K or 2K; sets of up to 12 related images', {
			prompt: WAN27_PROMPT_RULE,
			size: { values: WAN27_TIERS, default: '2K', customSize: WAN27_CUSTOM_SIZE },
			numberOfImages: WAN27_IMAGES_RULE,
			...WAN27_OPTIONS,
		}),
		wan27ImageModel(
			true,
			'Best quality, up to 4K (single images); sets of up to 12 related images',
			{
				prompt: WAN27_PROMPT_RULE,
				size: { values: [...WAN27_TIERS, '4K'], default: '2K', customSize: WAN27_CUSTOM_SIZE },
				numberOfImages: WAN27_IMAGES_RULE,
				...WAN27_OPTIONS,
			},
			// 4K is for a single text-to-image request only, not for image sets (api-gaps.md §5): refused before sending.
			[{ kind: 'notWith', field: 'size', values: ['4K'], when: 'imageSet', whenValues: [true] }],
		),
		{
			id: 'wan2.6-t2i',
			label: 'Wan 2.6',
			description: 'Complex text and photographic scenes, about 1280×1280 to 1440×1440',
			regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'],
			// Beijing lists 1 RPS where every other region has 5 (possibly a typo; the lower one is kept for Beijing).
			limits: { submitRps: 5, concurrency: 5 },
			regionalLimits: { 'cn-beijing': { submitRps: 1, concurrency: 5 } },
			typicalSeconds: 28,
			protocol: MESSAGES,
			fields: {
				prompt: { required: true, maxLength: 2100 },
				size: { values: WAN25_SIZES, default: '1280*1280', customSize: WAN25_CUSTOM_SIZE },
				...common,
			},
		},
		{
			id: 'wan2.5-t2i-preview',
			label: 'Wan 2.5 Preview',
			description: 'Realistic and photographic scenes, long prompts, about 1280×1280 to 1440×1440',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 15,
			fields: {
				prompt: { required: true, maxLength: 2000 },
				size: { values: WAN25_SIZES, default: '1280*1280', customSize: WAN25_CUSTOM_SIZE },
				...common,
			},
		},
		{
			id: 'qwen-image-max',
			label: 'Qwen-Image Max',
			description: 'Best text rendering (posters, couplets); five sizes or a custom one, one image; always answered directly, 2 per minute',
			regions: ['cn-beijing', 'ap-southeast-1'],
			// 2 requests per minute (Beijing rate-limit page); no task variant, so no concurrency of its own.
			limits: { submitRps: 2 / 60, concurrency: 2 },
			typicalSeconds: 20,
			protocol: MESSAGES_SYNC_ONLY,
			fields: qwenMax,
		},
		{
			id: 'qwen-image-max-2025-12-30',
			label: 'Qwen-Image Max (2025-12-30)',
			description: 'The dated snapshot of Qwen-Image Max; always answered directly, 2 per minute',
			regions: ['cn-beijing', 'ap-southeast-1'],
			// The rate-limit page lists the snapshot with qwen-image-max: 2 requests per minute (api-gaps.md §1.3).
			limits: { submitRps: 2 / 60, concurrency: 2 },
			typicalSeconds: 20,
			protocol: MESSAGES_SYNC_ONLY,
			fields: qwenMax,
		},
		...qwenImageT2iModels(),
		{
			id: 'wan2.2-t2i-plus',
			label: 'Wan 2.2 Plus',
			description: 'Each side 512–1440 px',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 15,
			fields: classic(500),
		},
		{
			id: 'wan2.2-t2i-flash',
			label: 'Wan 2.2 Flash',
			description: 'Faster; each side 512–1440 px',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 10,
			fields: classic(500),
		},
		{
			id: 'wanx2.1-t2i-plus',
			label: 'Wan 2.1 Plus',
			description: 'Each side 512–1440 px',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-t2i-plus' },
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 15,
			fields: classic(500),
		},
		{
			id: 'wanx2.1-t2i-turbo',
			label: 'Wan 2.1 Turbo',
			description: 'Each side 512–1440 px',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-t2i-turbo' },
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 10,
			fields: classic(500),
		},
		{
			id: 'wanx2.0-t2i-turbo',
			label: 'Wan 2.0 Turbo (Low Price)',
			description: 'China (Beijing) only; each side 512–1440 px',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 10,
			fields: classic(800),
		},
		{
			id: 'qwen-image-plus',
			label: 'Qwen-Image Plus',
			description: 'Text rendering in images (posters, signs); five fixed sizes, one image per task',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 20,
			protocol: MESSAGES_OR_FAMILY_TASK,
			fields: qwen,
		},
		{
			id: 'qwen-image-plus-2026-01-09',
			label: 'Qwen-Image Plus (2026-01-09)',
			description: 'The dated snapshot of Qwen-Image Plus; five fixed sizes, one image; always answered directly',
			regions: ['cn-beijing', 'ap-southeast-1'],
			// The legacy task call is documented for qwen-image-plus and qwen-image only (api-gaps.md §1.3): synchronous.
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 20,
			protocol: MESSAGES_SYNC_ONLY,
			fields: qwen,
		},
		{
			id: 'qwen-image',
			label: 'Qwen-Image',
			description: 'Text rendering in images (posters, signs); five fixed sizes, one image per task',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 20,
			protocol: MESSAGES_OR_FAMILY_TASK,
			fields: qwen,
		},
	],
	/**
	 * Every image URL in order; entries holding `code` instead of `url` are images that failed on their own.
	 * The messages models declare their own place (their protocol).
	 */
	result: 'output.results[].url',
};
