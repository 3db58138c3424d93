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
	boxListField,
	colorPaletteField,
	MESSAGES_EDITING,
	WAN26_IMAGE_INPUT,
	WAN27_CUSTOM_SIZE,
	WAN27_IMAGE_INPUT,
	WAN27_IMAGES_RULE,
	WAN27_OPTIONS,
	WAN27_PROMPT_RULE,
	wan26ImageModel,
	wan27ImageModel,
	imageSetField,
	QWEN_AWARE_WATERMARK,
	thinkingModeField,
} from './messages';
import { promptExtendModeField, qwenImageEditModels, QWEN_SIZE_LABELS } from './qwenImage';
import type { CrossRule, FamilySpec, FieldDef, FieldRule, SizeRange } from '../types';

/**
 * Prompt-based image editing, api-gaps.md §2.1: `wan2.5-i2i-preview` on its own image2image path, async only.
 * One to three input images (`input.images`, in order: the prompt calls them "Image 1", "Image 2" …), the usual
 * prompt / negative prompt / n / prompt_extend / watermark / seed. The finished task lists one `results[]` entry
 * per image like text to image; an entry with `code` / `message` instead of `url` is an image that failed alone.
 *
 * `wan2.6-image` (editing mode, api-gaps.md §2.2) and `wan2.7-image(-pro)` (§5) take the same fields in the messages
 * protocol (models/messages.ts): the prompt, then each input image as a part of the one user message; called
 * synchronously while the user waits, as a task otherwise. wan2.6-image's mixed text-and-image mode is its own
 * operation (Text and Images). `wanx2.1-imageedit` (function-based, §3) is General Image Edit.
 */

/**
 * wan2.5-i2i-preview takes any `W*H` of 768*768 to 1280*1280 pixels in total, aspect 1:4 to 4:1 (api-gaps.md §2.1),
 * and without a size makes about 1280*1280 pixels in the aspect of the (last) input image. The recommended sizes are
 * listed, and a custom size within that range. The default sends no size, so a portrait input stays portrait.
 */
const WAN25_CUSTOM_SIZE: SizeRange = { minPixels: 768 * 768, maxPixels: 1280 * 1280, maxAspect: 4 };

/** wan2.6-image editing: `1K`, `2K`, or `W*H` with 768*768 to 2048*2048 pixels in all, aspect 1:4 to 4:1 (api-gaps.md §2.2). */
const WAN26_CUSTOM_SIZE: SizeRange = { minPixels: 768 * 768, maxPixels: 2048 * 2048, maxAspect: 4 };

/** The empty choice sends no size: the service then follows the input image (api-gaps.md §2.1). */
const KEEP_INPUT_ASPECT = '';

const SIZES = [KEEP_INPUT_ASPECT, '1280*1280', '1024*1024', '800*1200', '1200*800', '960*1280', '1280*960', '720*1280', '1280*720', '1344*576'];

const SIZE_LABELS: Record<string, string> = {
	...QWEN_SIZE_LABELS,
	// Shared by every model offering it (wan2.5: about 1280×1280 pixels in the last input's aspect ratio).
	[KEEP_INPUT_ASPECT]: "Not Sent (Follows the Input's Aspect Ratio)",
	'1664*928': '1664×928 (16:9)',
	'928*1664': '928×1664 (9:16)',
	'1328*1328': '1328×1328 (1:1)',
	'1104*1472': '1104×1472 (3:4)',
	'1472*1104': '1472×1104 (4:3)',
	'1280*1280': '1280×1280 (1:1)',
	'1024*1024': '1024×1024 (1:1)',
	'800*1200': '800×1200 (2:3)',
	'1200*800': '1200×800 (3:2)',
	'960*1280': '960×1280 (3:4)',
	'1280*960': '1280×960 (4:3)',
	'720*1280': '720×1280 (9:16)',
	'1280*720': '1280×720 (16:9)',
	'1344*576': '1344×576 (21:9)',
	// Wan 2.6: about 1280×1280 / 2048×2048 pixels; the wan2.7 pages give the tiers without pixel counts.
	'1K': "1K (in the Last Input's Aspect Ratio)",
	'2K': "2K (in the Last Input's Aspect Ratio)",
};

/**
 * The list field is `imageUrls`, so its companions are `imageSource` (shared in name and type with the single
 * first frame of Image to Video, scoped per operation) and `imageBinaryProperties` (a list's own name).
 */
const imagesField: FieldDef = {
	name: 'imageUrls',
	label: 'Image URLs',
	description:
		'The images to edit or combine (JPG, PNG, BMP or WEBP). The prompt refers to them in order as Image 1, Image 2, …',
	type: 'mediaList',
	media: ['image'],
	path: 'input.images',
	placement: 'main',
};

const IMAGES_RULE: FieldRule = {
	required: true,
	minItems: 1,
	maxItems: 3,
	mediaByKind: { image: { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 384, maxPx: 5000, dataUri: true } },
};


/** wan2.7-image(-pro) editing: 1–9 images (0 is text to image, that operation), 1K or 2K (4K is text-only). */
const wan27Edit: Readonly<Record<string, FieldRule>> = {
	prompt: WAN27_PROMPT_RULE,
	imageUrls: { required: true, minItems: 1, maxItems: 9, mediaByKind: { image: WAN27_IMAGE_INPUT } },
	size: { values: ['1K', '2K'], default: '2K', customSize: WAN27_CUSTOM_SIZE },
	numberOfImages: WAN27_IMAGES_RULE,
	...WAN27_OPTIONS,
	// Interactive editing (api-gaps.md §5): boxes per input image.
	boxList: {},
};

/** `bbox_list` holds one entry per input image, in order (api-gaps.md §5). */
const WAN27_EDIT_RULES: readonly CrossRule[] = [{ kind: 'sameLength', fields: ['imageUrls', 'boxList'] }];

/** Limits from api-platform.md §4.1 (5/5); typical time as text to image of the same generation. */
export const editImage: FamilySpec = {
	resource: 'image',
	operation: 'editImage',
	displayName: 'Edit Image',
	action: 'Edit images with a text prompt',
	description: 'Edit one image, or combine several, following a text prompt',
	endpoint: '/services/aigc/image2image/image-synthesis',
	output: PNG_OUTPUT,
	fields: [
		promptField('The edit to make. Refer to the input images in order as Image 1, Image 2, … (as many as the model takes). Chinese or English.'),
		imagesField,
		imageSizeField(SIZE_LABELS),
		numberOfImagesField,
		imageNegativePromptField,
		promptExtendField,
		{ ...watermarkField('parameters.watermark'), description: QWEN_AWARE_WATERMARK },
		seedField,
		imageSetField,
		thinkingModeField,
		colorPaletteField,
		boxListField,
		promptExtendModeField,
	],
	models: [
		// First = the panel's default model, the newest generally available one (not a preview). Saved workflows omit
		// default values, so after 1.0 this one never changes.
		wan27ImageModel(false, '1–9 reference images, 1K or 2K; sets of up to 12 related images', wan27Edit, WAN27_EDIT_RULES),
		wan27ImageModel(true, 'Best quality; 1–9 reference images, 1K or 2K; sets of up to 12 related images', wan27Edit, WAN27_EDIT_RULES),
		wan26ImageModel('1–4 input images, 1K or 2K output', MESSAGES_EDITING, 30, {
			prompt: { required: true, maxLength: 2000 },
			imageUrls: { required: true, minItems: 1, maxItems: 4, mediaByKind: { image: WAN26_IMAGE_INPUT } },
			size: { values: ['1K', '2K'], default: '1K', customSize: WAN26_CUSTOM_SIZE },
			numberOfImages: NUMBER_OF_IMAGES_RULE,
			negativePrompt: NEGATIVE_PROMPT_RULE,
			promptExtend: PROMPT_EXTEND_RULE,
			watermark: WATERMARK_RULE,
			seed: SEED_RULE,
		}),
		{
			id: 'wan2.5-i2i-preview',
			label: 'Wan 2.5 Preview',
			description: '1–3 input images, about 768×768 to 1280×1280 output',
			regions: ['cn-beijing', 'ap-southeast-1'],
			limits: { submitRps: 5, concurrency: 5 },
			typicalSeconds: 15,
			fields: {
				prompt: { required: true, maxLength: 2000 },
				imageUrls: IMAGES_RULE,
				size: { values: SIZES, default: KEEP_INPUT_ASPECT, customSize: WAN25_CUSTOM_SIZE },
				numberOfImages: NUMBER_OF_IMAGES_RULE,
				negativePrompt: NEGATIVE_PROMPT_RULE,
				promptExtend: PROMPT_EXTEND_RULE,
				watermark: WATERMARK_RULE,
				seed: SEED_RULE,
			},
		},
		...qwenImageEditModels(),
	],
	/** Every image URL in order; entries holding `code` instead of `url` are images that failed on their own. */
	result: 'output.results[].url',
};
