import { NEGATIVE_PROMPT_RULE, PROMPT_EXTEND_RULE, SEED_RULE, WATERMARK_RULE } from '../shared/fields';
import { MESSAGES, MESSAGES_SYNC_ONLY } from './messages';
import type { FieldDef, FieldRule, MediaLimits, ModelSpec, SizeRange } from '../types';

/**
 * The newer Qwen-Image models (api-gaps.md §1.3, §5): `qwen-image-2.0`, `qwen-image-2.0-pro`, `qwen-image-3.0` and
 * `qwen-image-3.0-pro` make images from text and edit images, in the messages call (the prompt, then the input images
 * as parts of one user message), with `n` 1–6. 2.0 is synchronous only; 3.0 also runs as a task on the
 * image-generation endpoint, takes `prompt_extend_mode` (`direct` | `agent`) and reports its own usage fields
 * (`output_image_count` …). Plus the dated snapshots `qwen-image-max-2025-12-30` and `qwen-image-plus-2026-01-09`.
 *
 * Not stated for 2.0 / 3.0, so assumed: the regions and rate limits of the other Qwen-Image models (Beijing and
 * Singapore, 2 requests per second), their 800-character prompt bound, and Qwen image editing's 1–3 input images.
 */

/** Qwen-Image prompts: "≤ 800 tokens" (2026 docs); the node counts characters (see textToImage.ts). */
const QWEN_PROMPT_RULE: FieldRule = { required: true, maxLength: 800 };

/** The five Qwen-Image sizes (api-gaps.md §1.3), offered next to a custom size. */
const QWEN_FIXED_SIZES = ['1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664'];

/** 2.0: total pixels 512*512 to 2048*2048, default 2048*2048 (api-gaps.md §5). */
const QWEN2_CUSTOM_SIZE: SizeRange = { minPixels: 512 * 512, maxPixels: 2048 * 2048 };
/** 3.0: aspect 1:8 to 8:1 (api-gaps.md §5); no pixel bounds stated. */
const QWEN3_CUSTOM_SIZE: SizeRange = { maxAspect: 8 };

/** The empty size sends none: the service's own default (3.0 states none; in editing the output follows the input). */
export const SERVICE_DEFAULT_SIZE = '';

export const QWEN_SIZE_LABELS: Record<string, string> = {
	[SERVICE_DEFAULT_SIZE]: 'Not Sent (Service Default)',
	'2048*2048': '2048×2048 (1:1)',
};

/** `n` 1–6 for 2.0 / 3.0 (api-gaps.md §1.3); the default column of that table says 1. */
const QWEN_N_RULE: FieldRule = { min: 1, max: 6, default: 1 };

/** `prompt_extend_mode` of qwen-image-3.0 (api-gaps.md §5): how the prompt is extended. */
export const promptExtendModeField: FieldDef = {
	name: 'promptExtendMode',
	label: 'Prompt Extend Mode',
	description: 'How the service extends the prompt (Qwen-Image 3.0): directly, or with an agent that plans the image first',
	type: 'options',
	labels: { direct: 'Direct', agent: 'Agent' },
	path: 'parameters.prompt_extend_mode',
	placement: 'additional',
};

const common = (v3: boolean): Record<string, FieldRule> => ({
	prompt: QWEN_PROMPT_RULE,
	numberOfImages: QWEN_N_RULE,
	negativePrompt: NEGATIVE_PROMPT_RULE,
	promptExtend: PROMPT_EXTEND_RULE,
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
	...(v3 ? { promptExtendMode: { values: ['direct', 'agent'], default: 'direct' } } : {}),
});

/** Input images of Qwen editing: not stated for 2.0 / 3.0; the messages image part's URL or Base64, up to 10 MB assumed. */
const QWEN_IMAGE_INPUT: MediaLimits = { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, dataUri: true };

const model = (id: string, label: string, description: string, v3: boolean, fields: Record<string, FieldRule>): ModelSpec => ({
	id,
	label,
	description,
	regions: ['cn-beijing', 'ap-southeast-1'],
	limits: { submitRps: 2, concurrency: 2 },
	typicalSeconds: 20,
	protocol: v3 ? MESSAGES : MESSAGES_SYNC_ONLY,
	fields: { ...common(v3), ...fields },
});

const VERSIONS = [
	['qwen-image-3.0-pro', 'Qwen-Image 3.0 Pro', true],
	['qwen-image-3.0', 'Qwen-Image 3.0', true],
	['qwen-image-2.0-pro', 'Qwen-Image 2.0 Pro', false],
	['qwen-image-2.0', 'Qwen-Image 2.0', false],
] as const;

/** Text to Image: 2.0 sends its documented default 2048*2048; 3.0 sends no size unless chosen. */
export const qwenImageT2iModels = (): ModelSpec[] =>
	VERSIONS.map(([id, label, v3]) =>
		model(id, label, v3 ? 'Text rendering, 1–6 images, any aspect 1:8 to 8:1; prompt extension by an agent' : 'Text rendering, 1–6 images, up to 2048×2048; answered directly', v3, {
			size: v3
				? { values: [SERVICE_DEFAULT_SIZE, ...QWEN_FIXED_SIZES], default: SERVICE_DEFAULT_SIZE, customSize: QWEN3_CUSTOM_SIZE }
				: { values: ['2048*2048', ...QWEN_FIXED_SIZES], default: '2048*2048', customSize: QWEN2_CUSTOM_SIZE },
		}),
	);

/** Edit Image: 1–3 input images; no size unless chosen (the output then follows the input). */
export const qwenImageEditModels = (): ModelSpec[] =>
	VERSIONS.map(([id, label, v3]) =>
		model(id, label, '1–3 input images, 1–6 images out' + (v3 ? '; prompt extension by an agent' : '; answered directly'), v3, {
			imageUrls: { required: true, minItems: 1, maxItems: 3, mediaByKind: { image: QWEN_IMAGE_INPUT } },
			size: {
				values: [SERVICE_DEFAULT_SIZE, ...QWEN_FIXED_SIZES],
				default: SERVICE_DEFAULT_SIZE,
				customSize: v3 ? QWEN3_CUSTOM_SIZE : QWEN2_CUSTOM_SIZE,
			},
		}),
	);
