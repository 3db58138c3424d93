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
} from './fields';
import type { FamilySpec, FieldDef, FieldRule } from './types';

/**
 * Prompt-based image editing, api-gaps.md §2.1: `wan2.5-i2i-preview` on its own image2image path, async only.
 * One to three input images (`input.images`, in order: the prompt calls them "Image 1", "Image 2" …), the usual
 * prompt / negative prompt / n / prompt_extend / watermark / seed. The finished task lists one `results[]` entry
 * per image like text to image; an entry with `code` / `message` instead of `url` is an image that failed alone.
 *
 * Not here: `wan2.6-image` (messages protocol, api-gaps.md §2.2) and `wanx2.1-imageedit` (function-based, §3).
 */

/**
 * The service takes any `W*H` of 768*768 to 1280*1280 pixels in total, aspect 1:4 to 4:1, and without a size
 * makes about 1280*1280 pixels in the aspect of the (last) input image. Only the documented recommended sizes are
 * offered, as for text to image: a list refuses a bad size before a paid request. The default sends no size, so a
 * portrait input stays portrait.
 */
/** The empty choice sends no size: the service then keeps the input's aspect ratio (api-gaps.md §2.1). */
const KEEP_INPUT_ASPECT = '';

const SIZES = [KEEP_INPUT_ASPECT, '1280*1280', '1024*1024', '800*1200', '1200*800', '960*1280', '1280*960', '720*1280', '1280*720', '1344*576'];

const SIZE_LABELS: Record<string, string> = {
	[KEEP_INPUT_ASPECT]: "About 1280×1280, in the Input's Aspect Ratio",
	'1280*1280': '1280×1280 (1:1)',
	'1024*1024': '1024×1024 (1:1)',
	'800*1200': '800×1200 (2:3)',
	'1200*800': '1200×800 (3:2)',
	'960*1280': '960×1280 (3:4)',
	'1280*960': '1280×960 (4:3)',
	'720*1280': '720×1280 (9:16)',
	'1280*720': '1280×720 (16:9)',
	'1344*576': '1344×576 (21:9)',
};

/**
 * The list field is `imageUrls`, so its companions are `imageSource` (shared in name and type with the single
 * first frame of Image to Video, scoped per operation) and `imageBinaryProperties` (a list's own name).
 */
const imagesField: FieldDef = {
	name: 'imageUrls',
	label: 'Image URLs',
	description:
		'1 to 3 images to edit or combine: JPG, PNG, BMP or WEBP, each side 384–5000 px, up to 10 MB. The prompt refers to them in order as Image 1, Image 2, Image 3.',
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


/** Limits from api-platform.md §4.1 (5/5); typical time as text to image of the same generation. */
export const editImage: FamilySpec = {
	resource: 'image',
	operation: 'editImage',
	displayName: 'Edit Image',
	action: 'Edit images with a text prompt',
	description: 'Edit one image, or combine up to three, following a text prompt',
	endpoint: '/services/aigc/image2image/image-synthesis',
	output: { kind: 'image', mimeType: 'image/png', extension: 'png' },
	fields: [
		promptField('The edit to make. Refer to the input images in order as Image 1, Image 2, Image 3. Chinese or English.'),
		imagesField,
		imageSizeField(SIZE_LABELS),
		numberOfImagesField,
		imageNegativePromptField,
		promptExtendField,
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
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
				size: { values: SIZES, default: KEEP_INPUT_ASPECT },
				numberOfImages: NUMBER_OF_IMAGES_RULE,
				negativePrompt: NEGATIVE_PROMPT_RULE,
				promptExtend: PROMPT_EXTEND_RULE,
				watermark: WATERMARK_RULE,
				seed: SEED_RULE,
			},
		},
	],
	/** Every image URL in order; entries holding `code` instead of `url` are images that failed on their own. */
	result: 'output.results[].url',
};
