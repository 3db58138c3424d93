import { SEED_RULE, WATERMARK_RULE } from '../shared/fields';
import type { CrossRule, FieldDef, FieldRule, MediaLimits, ModelSpec, Protocol, SizeRange } from '../types';

/**
 * The "messages" protocol of wan2.6-t2i, wan2.6-image, wan2.7-image(-pro) and qwen-image-max (api-gaps.md §0,
 * §1.1, §1.3, §2.2, §5): one `user` message holding exactly one text part (the prompt) followed by the input
 * images as `{ image }` parts; the negative prompt moves to `parameters`. The same body goes to the synchronous
 * endpoint (no async header; the answer is the result) or to the task endpoint (async header, then polling);
 * either way the images are at `output.choices[].message.content[].image`.
 */
export const MESSAGES_SYNC_ENDPOINT = '/services/aigc/multimodal-generation/generation';
export const MESSAGES_TASK_ENDPOINT = '/services/aigc/image-generation/generation';

export const MESSAGES: Protocol = {
	endpoint: MESSAGES_TASK_ENDPOINT,
	syncEndpoint: MESSAGES_SYNC_ENDPOINT,
	paths: {
		prompt: { path: 'input.messages[0].content[0].text' },
		negativePrompt: { path: 'parameters.negative_prompt' },
		imageUrls: { path: 'input.messages[0].content[]', item: { constant: {}, urlKey: 'image' } },
	},
	constants: [['input.messages[0].role', 'user']],
	result: 'output.choices[].message.content[].image',
	parts: 'output.choices[].message.content[]',
};

/**
 * qwen-image-plus and qwen-image: the documented messages call while waiting; as a task, their legacy call (the
 * family's text2image path and flat body, api-gaps.md §1.3), since the messages task endpoint is not theirs.
 */
export const MESSAGES_OR_FAMILY_TASK: Protocol = { ...MESSAGES, endpoint: undefined, familyTasks: true };

/** qwen-image-max has no task variant ("async supports only qwen-image-plus and qwen-image", api-gaps.md §1.3). */
export const MESSAGES_SYNC_ONLY: Protocol = { ...MESSAGES, endpoint: undefined };

/**
 * wan2.6-image with mixed text-and-image output: synchronously it must stream (SSE), which a workflow node cannot
 * hand on; as a task it needs neither (api-gaps.md §2.2). So always a task.
 */
export const MESSAGES_INTERLEAVED: Protocol = {
	...MESSAGES,
	syncEndpoint: undefined,
	constants: [...MESSAGES.constants, ['parameters.enable_interleave', true], ['parameters.n', 1]],
};

/** wan2.6-image in editing mode says so explicitly (its default, sent for clarity). */
export const MESSAGES_EDITING: Protocol = { ...MESSAGES, constants: [...MESSAGES.constants, ['parameters.enable_interleave', false]] };

/** wan2.6-image inputs: JPEG/JPG/PNG (no alpha)/BMP/WEBP, each side 240–8000 px, up to 10 MB, URL or data URI. */
export const WAN26_IMAGE_INPUT: MediaLimits = { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 240, maxPx: 8000, dataUri: true };

/**
 * wan2.7-image inputs: each side 240–8000 px, up to 20 MB, aspect 1:8 to 8:1 (api-gaps.md §5). The formats are not
 * listed for 2.7: those of wan2.6-image are assumed. Base64 is documented for the messages image part in general.
 */
export const WAN27_IMAGE_INPUT: MediaLimits = { ...WAN26_IMAGE_INPUT, maxMb: 20, maxAspect: 8 };

/**
 * wan2.7 image counts: 1–4 per task, up to 12 as an image set (`enable_sequential`), api-gaps.md §5. The reference
 * states no default, so none is set: the panel's field starts empty, nothing is sent, and the service's own default
 * applies (the panel's hint tells which counts need Image Set, from the maxUnless rule).
 */
export const WAN27_IMAGES_RULE: FieldRule = { min: 1, max: 12 };

/** wan2.7 sizes: `1K` / `2K` or any `W*H` (api-gaps.md §5); the reference gives no bounds for `W*H`, the service judges it. */
export const WAN27_CUSTOM_SIZE: SizeRange = {};

export const WAN27_PROMPT_RULE: FieldRule = { required: true, maxLength: 5000 };

/**
 * wan2.7 `color_palette` (api-gaps.md §5): 3–10 colours `{ hex, ratio }` the image should use. Sent in `parameters`
 * like the SDK's other wan2.7 options (`image_synthesis.py` passes it with `bbox_list` as a parameter).
 */
export const colorPaletteField: FieldDef = {
	name: 'colorPalette',
	label: 'Color Palette',
	description: 'The colours the image should use, as JSON: 3 to 10 entries { "hex": "#RRGGBB", "ratio": share of that colour }',
	type: 'json',
	shape: 'colorPalette',
	placeholder: '[{"hex": "#C2D1E6", "ratio": "50%"}, {"hex": "#636574", "ratio": "30%"}, {"hex": "#F5F1EA", "ratio": "20%"}]',
	path: 'parameters.color_palette',
	placement: 'additional',
};
export const WAN27_PALETTE_RULE: FieldRule = { minItems: 3, maxItems: 10 };

/**
 * wan2.7 `bbox_list` (api-gaps.md §5, "interactive editing"): the regions to edit, per input image in order a list of
 * `[x1, y1, x2, y2]` pixel boxes (an empty list for an image without one). Editing only: it refers to the inputs.
 */
export const boxListField: FieldDef = {
	name: 'boxList',
	label: 'Edit Regions (Boxes)',
	description: 'Only edit inside these boxes, as JSON: one list per input image, in order, of [x1, y1, x2, y2] pixel boxes ([] for an image without one)',
	type: 'json',
	shape: 'boxesPerImage',
	placeholder: '[[[120, 80, 560, 540]], []]',
	path: 'parameters.bbox_list',
	placement: 'additional',
};

/** wan2.7 takes no negative prompt and no prompt_extend (api-gaps.md §5 lists neither); these it does take. */
export const WAN27_OPTIONS: Readonly<Record<string, FieldRule>> = {
	watermark: WATERMARK_RULE,
	seed: SEED_RULE,
	imageSet: { default: false },
	thinkingMode: { default: true },
	colorPalette: WAN27_PALETTE_RULE,
};

/**
 * wan2.7-image(-pro): one model in Text to Image and in Edit Image (the images make the difference), with that
 * operation's field rules. Limits 5/5 in Beijing and Singapore (api-platform.md §4.1).
 */
export const wan27ImageModel = (
	pro: boolean,
	description: string,
	fields: Readonly<Record<string, FieldRule>>,
	rules: readonly CrossRule[] = [],
): ModelSpec => ({
	id: pro ? 'wan2.7-image-pro' : 'wan2.7-image',
	label: pro ? 'Wan 2.7 Image Pro' : 'Wan 2.7 Image',
	description,
	regions: ['cn-beijing', 'ap-southeast-1'],
	limits: { submitRps: 5, concurrency: 5 },
	typicalSeconds: pro ? 30 : 25,
	protocol: MESSAGES,
	fields,
	rules: [{ kind: 'maxUnless', field: 'numberOfImages', max: 4, unless: 'imageSet' }, ...rules],
});

/** wan2.6-image: editing (Edit Image) or text with images (Text and Images); 5/5 in every region (§4.1). */
export const wan26ImageModel = (description: string, protocol: Protocol, typicalSeconds: number, fields: Readonly<Record<string, FieldRule>>): ModelSpec => ({
	id: 'wan2.6-image',
	label: 'Wan 2.6 Image',
	description,
	regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'eu-central-1'],
	limits: { submitRps: 5, concurrency: 5 },
	typicalSeconds,
	protocol,
	fields,
});

// ---------- fields shared by the messages models of Text to Image and Edit Image ----------

export const QWEN_AWARE_WATERMARK =
	'Whether to add a watermark in the bottom-right corner: "AI generated" (Wan models) or "Qwen-Image" (Qwen-Image models)';

/** wan2.7 image sets: with it on, one task makes up to 12 related images (n), otherwise up to 4. */
export const imageSetField: FieldDef = {
	name: 'imageSet',
	label: 'Image Set',
	description: 'Whether to generate a set of related images (up to 12 instead of 4)',
	type: 'boolean',
	path: 'parameters.enable_sequential',
	placement: 'additional',
};

/**
 * wan2.7 thinking mode: a boolean (default on) per the API reference; the SDK's docstring calls it a string
 * (fast / balanced / quality) ❓. Offered as the documented boolean and sent only when the user adds it.
 */
export const thinkingModeField: FieldDef = {
	name: 'thinkingMode',
	label: 'Thinking Mode',
	description: 'Whether the model reasons about the prompt before drawing (slower, usually better layouts)',
	type: 'boolean',
	path: 'parameters.thinking_mode',
	placement: 'additional',
};
