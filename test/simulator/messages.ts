// The "messages" image models (api-gaps.md §0, §1.1, §1.3, §2.2, §5): wan2.6-t2i, wan2.6-image, wan2.7-image(-pro),
// qwen-image-max. One user message with exactly one text part and the input images as `{ image }` parts; the
// synchronous endpoint answers the result at once, the task endpoint makes a task whose SUCCEEDED answer has the
// same `output.choices[].message.content[]`. The simulator's own reading of the reference, independent of nodes/.
// Only type imports from models.ts (models.ts spreads these tables into its own).
import type { FieldRule, FinishedTaskView, ImageFamilySpec, ModelRule, Region } from './models';

const MB = 1024 * 1024;

export const MESSAGES_ENDPOINTS = {
	multimodalGeneration: '/services/aigc/multimodal-generation/generation',
	imageGeneration: '/services/aigc/image-generation/generation',
} as const;

/** Endpoints whose answer is the generated result (no task); with the async header they are refused. */
export const SYNC_GENERATION_ENDPOINTS: ReadonlySet<string> = new Set([MESSAGES_ENDPOINTS.multimodalGeneration]);

const ALL_GLOBAL: readonly Region[] = ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'];
const SEED: FieldRule = { type: 'integer', min: 0, max: 2147483647 };

const image = (maxMb: number): Extract<FieldRule, { type: 'media' }> => ({ type: 'media', kind: 'image', maxBytes: maxMb * MB, minPx: 240, maxPx: 8000, dataUri: true });

/** The parts of the (validated) single message. */
function parts(t: { input: Record<string, unknown> }): Array<Record<string, unknown>> {
	const messages = t.input.messages as Array<{ content: Array<Record<string, unknown>> }>;
	return messages[0]?.content ?? [];
}
const imageCount = (t: { input: Record<string, unknown> }) => parts(t).filter((p) => typeof p.image === 'string').length;

/** `1K` / `2K` / `4K` tiers as square sizes (the real size follows the last input's aspect; not modelled). */
const TIERS: Record<string, number> = { '1K': 1280, '2K': 2048, '4K': 4096 };

function outputSize(t: FinishedTaskView): { width: number; height: number } {
	const size = String(t.parameters.size ?? '');
	const side = TIERS[size];
	if (side) return { width: side, height: side };
	const match = /^(\d+)\*(\d+)$/.exec(size);
	return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: 1280, height: 1280 };
}

const interleaved = (t: { parameters: Record<string, unknown> }) => t.parameters.enable_interleave === true;

/** One choice per image (api-gaps.md §8.6 leaves choices vs. content items open: the node must read both). */
export const messagesFamily: ImageFamilySpec = {
	produces: 'image',
	images: (t) => ({ ...outputSize(t), count: interleaved(t) ? Number(t.parameters.max_images) : Number(t.parameters.n) }),
	result(t, images) {
		const made = images.filter((i): i is { url: string } => 'url' in i);
		const qwen = t.model.startsWith('qwen-image');
		const item = (url: string) => (qwen ? { image: url } : { type: 'image', image: url });
		const choices = interleaved(t)
			? [
					{
						finish_reason: 'stop',
						message: {
							role: 'assistant',
							content: made.flatMap((m, i) => [{ type: 'text', text: `Step ${i + 1} of the story.` }, item(m.url)]),
						},
					},
				]
			: made.map((m) => ({ finish_reason: 'stop', message: { role: 'assistant', content: [item(m.url)] } }));
		const { width, height } = outputSize(t);
		if (t.model.startsWith('qwen-image-3')) {
			// qwen-image-3.0: its own usage fields, no task_metric (api-gaps.md §1.3); input_image_type's values are not stated.
			return {
				output: { choices },
				usage: {
					output_width: width,
					output_height: height,
					input_image_count: imageCount(t),
					output_image_count: made.length,
					output_image_type: width * height <= 2250000 ? 'qima_output_1k' : 'qima_output_2k',
				},
			};
		}
		if (t.model.startsWith('qwen-image-2')) return { output: { choices }, usage: { image_count: made.length, width, height } };
		if (qwen) {
			// qwen-image-max (sync): `task_metric` singular, usage with width and height (api-gaps.md §1.3).
			return { output: { choices, task_metric: { TOTAL: 1, SUCCEEDED: made.length, FAILED: 1 - made.length } }, usage: { image_count: made.length, width, height } };
		}
		return {
			output: { choices, finished: true },
			usage: { image_count: made.length, input_tokens: 0, output_tokens: 0, size: `${width}*${height}`, total_tokens: 0 },
		};
	},
};

function messagesRule(maxChars: number, maxImages: number, maxMb: number): FieldRule {
	return { type: 'messages', required: true, maxChars, minImages: 0, maxImages, image: image(maxMb) };
}

/** A `W*H` size within total pixels [min², max²], aspect 1:4–4:1, or a tier; undefined when fine. */
function sizeProblem(size: unknown, model: string, tiers: readonly string[], minSide: number, maxSide: number): string | undefined {
	if (size === undefined) return undefined;
	if (typeof size === 'string' && tiers.includes(size)) return undefined;
	const match = typeof size === 'string' ? /^(\d+)\*(\d+)$/.exec(size) : null;
	if (!match) return `parameters.size '${String(size)}' is not supported by ${model}: use ${tiers.join(', ')} or "width*height".`;
	const [w, h] = [Number(match[1]), Number(match[2])];
	if (w * h < minSide * minSide || w * h > maxSide * maxSide || Math.max(w, h) > 4 * Math.min(w, h)) {
		return `parameters.size '${size}' is not supported by ${model}: total pixels ${minSide}*${minSide} to ${maxSide}*${maxSide}, aspect 1:4 to 4:1.`;
	}
	return undefined;
}

/** wan2.6-t2i and qwen-image-max: the text-to-image parameters, with each model's size and image count. */
const textToImageParameters = (size: FieldRule, n: FieldRule): Record<string, FieldRule> => ({
	negative_prompt: { type: 'string', maxChars: 500 },
	size,
	n,
	prompt_extend: { type: 'boolean' },
	watermark: { type: 'boolean' },
	seed: SEED,
});

const WAN26_T2I: ModelRule = {
	family: 'messages',
	endpoint: MESSAGES_ENDPOINTS.imageGeneration,
	syncEndpoint: MESSAGES_ENDPOINTS.multimodalGeneration,
	regions: ALL_GLOBAL,
	rps: 5,
	concurrency: 5,
	typicalRunSeconds: 28, // §1.1 example: 17:18:17.9 → 17:18:45.5
	parametersRequired: false,
	input: { messages: messagesRule(2100, 0, 10) },
	parameters: textToImageParameters({ type: 'size', minPixels: 1280 * 1280, maxPixels: 1440 * 1440, maxAspect: 4 }, { type: 'integer', min: 1, max: 4 }),
	defaults: { size: '1280*1280', n: 4, prompt_extend: true, watermark: false },
};

/** qwen-image-max: synchronous only; five fixed sizes (custom sizes in 2026 docs too), n fixed at 1. */
const QWEN_IMAGE_MAX: ModelRule = {
	family: 'messages',
	endpoint: MESSAGES_ENDPOINTS.multimodalGeneration,
	regions: ['cn-beijing', 'ap-southeast-1'],
	rps: 2 / 60,
	concurrency: 2,
	typicalRunSeconds: 20,
	parametersRequired: false,
	input: { messages: messagesRule(800, 0, 10) },
	parameters: textToImageParameters({ type: 'size', minPixels: 512 * 512, maxPixels: 2048 * 2048 }, { type: 'integer', oneOf: [1] }),
	defaults: { size: '1664*928', n: 1, prompt_extend: true, watermark: false },
};

/**
 * qwen-image-plus and qwen-image answer the synchronous messages call too (their legacy task call lives in
 * models.ts): five fixed sizes only, n fixed at 1, 2 requests per second.
 */
export const QWEN_IMAGE_SYNC: ModelRule = {
	...QWEN_IMAGE_MAX,
	rps: 2,
	parameters: textToImageParameters({ type: 'string', enum: ['1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664'] }, { type: 'integer', oneOf: [1] }),
};

const WAN26_IMAGE: ModelRule = {
	family: 'messages',
	endpoint: MESSAGES_ENDPOINTS.imageGeneration,
	syncEndpoint: MESSAGES_ENDPOINTS.multimodalGeneration,
	regions: ALL_GLOBAL,
	rps: 5,
	concurrency: 5,
	typicalRunSeconds: 30,
	parametersRequired: false,
	input: { messages: messagesRule(2000, 4, 10) },
	parameters: {
		enable_interleave: { type: 'boolean' },
		size: { type: 'string' },
		n: { type: 'integer', min: 1, max: 4 },
		max_images: { type: 'integer', min: 1, max: 5 },
		prompt_extend: { type: 'boolean' },
		stream: { type: 'boolean' },
		negative_prompt: { type: 'string', maxChars: 500 },
		watermark: { type: 'boolean' },
		seed: SEED,
	},
	defaults: { enable_interleave: false, n: 4, max_images: 5, prompt_extend: true, stream: false, watermark: false },
	check(input, parameters, endpoint) {
		const images = imageCount({ input });
		if (parameters.enable_interleave === true) {
			if (images > 1) return `input.messages: at most 1 image with enable_interleave, got ${images}.`;
			if (parameters.n !== undefined && parameters.n !== 1) return 'num_images_per_prompt must be 1';
			if (endpoint === MESSAGES_ENDPOINTS.multimodalGeneration && parameters.stream !== true) {
				return 'enable_interleave requires stream=true and the X-DashScope-Sse header on the synchronous API.';
			}
			return sizeProblem(parameters.size, 'wan2.6-image', [], 768, 1280);
		}
		if (images < 1) return 'input.messages: image editing needs 1 to 4 images.';
		if (parameters.max_images !== undefined) return 'parameters.max_images applies only with enable_interleave.';
		return sizeProblem(parameters.size, 'wan2.6-image', ['1K', '2K'], 768, 2048);
	},
};

/** `color_palette` (api-gaps.md §5): 3–10 `{ hex, ratio }` colours; hex `#RRGGBB` (the ratio's format is not stated). */
function paletteProblem(value: unknown): string | undefined {
	if (!Array.isArray(value) || value.length < 3 || value.length > 10) return 'must be an array of 3 to 10 { hex, ratio } colours.';
	for (const colour of value) {
		if (typeof colour !== 'object' || colour === null) return 'entries must be { hex, ratio } objects.';
		const { hex, ratio, ...rest } = colour as Record<string, unknown>;
		if (Object.keys(rest).length) return `entries take only hex and ratio, got ${Object.keys(rest).join(', ')}.`;
		if (typeof hex !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(hex)) return 'hex must be a colour such as #C2D1E6.';
		if (typeof ratio !== 'number' && typeof ratio !== 'string') return 'each colour needs a ratio.';
	}
	return undefined;
}

/** `bbox_list` (api-gaps.md §5, interactive editing): per input image in order, a list of `[x1, y1, x2, y2]` boxes. */
function boxListsProblem(value: unknown): string | undefined {
	const box = (b: unknown) => Array.isArray(b) && b.length === 4 && b.every((n) => Number.isInteger(n) && n >= 0) && b[2] > b[0] && b[3] > b[1];
	if (!Array.isArray(value) || !value.every((boxes) => Array.isArray(boxes) && boxes.every(box))) {
		return 'must be an array with one array of [x1, y1, x2, y2] boxes per input image.';
	}
	return undefined;
}

const wan27Image = (pro: boolean): ModelRule => ({
	family: 'messages',
	endpoint: MESSAGES_ENDPOINTS.imageGeneration,
	syncEndpoint: MESSAGES_ENDPOINTS.multimodalGeneration,
	regions: ['cn-beijing', 'ap-southeast-1'],
	rps: 5,
	concurrency: 5,
	typicalRunSeconds: 30,
	parametersRequired: false,
	input: { messages: messagesRule(5000, 9, 20) },
	parameters: {
		size: { type: 'string' },
		n: { type: 'integer', min: 1, max: 12 },
		enable_sequential: { type: 'boolean' },
		thinking_mode: { type: 'boolean' },
		color_palette: { type: 'json', check: paletteProblem },
		bbox_list: { type: 'json', check: boxListsProblem },
		watermark: { type: 'boolean' },
		seed: SEED,
	},
	// The reference states no default n (api-gaps.md §5); the simulator assumes the other Wan image models' 4.
	defaults: { size: '2K', n: 4, enable_sequential: false, watermark: false },
	check(input, parameters) {
		const n = Number(parameters.n ?? 4);
		if (n > 4 && parameters.enable_sequential !== true) return `parameters.n ${n} needs enable_sequential=true (otherwise 1 to 4).`;
		const images = imageCount({ input });
		// 4K only for the pro model making a single image from text alone: not with inputs, not as an image set.
		if (parameters.size === '4K' && parameters.enable_sequential === true) return 'parameters.size 4K is not supported with enable_sequential=true.';
		if (Array.isArray(parameters.bbox_list) && parameters.bbox_list.length !== images) {
			return `parameters.bbox_list must have one entry per input image (${images}), got ${parameters.bbox_list.length}.`;
		}
		const tiers = pro && images === 0 ? ['1K', '2K', '4K'] : ['1K', '2K'];
		return sizeProblem(parameters.size, pro ? 'wan2.7-image-pro' : 'wan2.7-image', tiers, 768, 2048);
	},
});

/**
 * qwen-image-2.0(-pro) and qwen-image-3.0(-pro) (api-gaps.md §1.3, §5): text to image and editing in one messages
 * call; n 1–6. 2.0: synchronous only, size total pixels 512*512 to 2048*2048 (default 2048*2048). 3.0: also as a task
 * on the image-generation endpoint, `prompt_extend_mode` direct | agent, aspect 1:8 to 8:1, and its own usage fields.
 * Input images per call and regions are not stated: up to 3 (as Qwen image editing) in Beijing and Singapore.
 */
const qwenImage2 = (v3: boolean): ModelRule => ({
	family: 'messages',
	endpoint: v3 ? MESSAGES_ENDPOINTS.imageGeneration : MESSAGES_ENDPOINTS.multimodalGeneration,
	...(v3 ? { syncEndpoint: MESSAGES_ENDPOINTS.multimodalGeneration } : {}),
	regions: ['cn-beijing', 'ap-southeast-1'],
	rps: 2,
	concurrency: 2,
	typicalRunSeconds: 20,
	parametersRequired: false,
	input: { messages: messagesRule(800, 3, 10) },
	parameters: {
		...textToImageParameters(
			v3 ? { type: 'size', maxAspect: 8 } : { type: 'size', minPixels: 512 * 512, maxPixels: 2048 * 2048 },
			{ type: 'integer', min: 1, max: 6 },
		),
		...(v3 ? { prompt_extend_mode: { type: 'string', enum: ['direct', 'agent'] } as FieldRule } : {}),
	},
	// 3.0's default size is not stated (an image of 1280*1280 is made, see outputSize).
	defaults: { ...(v3 ? {} : { size: '2048*2048' }), n: 1, prompt_extend: true, watermark: false },
});

export const MESSAGES_MODELS: Record<string, ModelRule> = {
	'wan2.6-t2i': WAN26_T2I,
	'qwen-image-max': QWEN_IMAGE_MAX,
	'qwen-image-max-2025-12-30': QWEN_IMAGE_MAX,
	'wan2.6-image': WAN26_IMAGE,
	'wan2.7-image': wan27Image(false),
	'wan2.7-image-pro': wan27Image(true),
	'qwen-image-plus-2026-01-09': QWEN_IMAGE_SYNC,
	'qwen-image-2.0': qwenImage2(false),
	'qwen-image-2.0-pro': qwenImage2(false),
	'qwen-image-3.0': qwenImage2(true),
	'qwen-image-3.0-pro': qwenImage2(true),
};

