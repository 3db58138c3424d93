import { imageField, numberOfImagesField, PNG_OUTPUT, promptField, scaleField, SEED_RULE, seedField, WATERMARK_RULE, watermarkField } from '../shared/fields';
import type { FamilySpec, FieldDef, FieldRule, MediaLimits } from '../types';

/**
 * General Image Edit: `wanx2.1-imageedit`, api-gaps.md §3 (api-images.md §4): the image2image path, async only;
 * `input.function` picks one of ten functions, each with its own parameters. The base image (and, for masked
 * editing, the mask) goes in `input`; `n`, `seed`, `watermark` and the function's own parameters in `parameters`.
 * The finished task lists one `results[]` entry per image (PNG, URL valid 24 h); an entry with `code` / `message`
 * instead of `url` is an image that failed alone. China (Beijing) only; 2 RPS, 2 running tasks.
 *
 * Not offered: `size` and `parameters.prompt_extend`, which only the Java samples pass (not in the schema).
 */

/**
 * Base image: JPG, JPEG, PNG, BMP, TIFF, WEBP, each side 512–4096 px, up to 10 MB, URL or data URI. The mask is
 * documented only as "the same size as the base image": the same limits are assumed for it.
 */
const IMAGE_LIMITS: MediaLimits = {
	formats: ['jpeg', 'jpg', 'png', 'bmp', 'tiff', 'webp'],
	maxMb: 10,
	minPx: 512,
	maxPx: 4096,
	dataUri: true,
};

/**
 * The schema marks `prompt` required (≤ 800 characters) for every function; the guide allows an empty prompt for
 * colorization and small-object removal, but an empty value is never sent here, so a prompt is asked for always.
 */
const PROMPT_RULE: FieldRule = { required: true, maxLength: 800 };

const scale = (side: string) => scaleField(side, 'image', ', 1.5 = by half');

const fields: FieldDef[] = [
	promptField('The edit to make (for Expand: the whole expanded scene). Chinese or English.'),
	imageField('baseImageUrl', 'Image URL', 'The image to edit: JPG, PNG, BMP, TIFF or WEBP, each side 512–4096 px, up to 10 MB', 'input.base_image_url'),
	imageField('maskImageUrl', 'Mask Image URL', 'White marks the area to edit, black the area to keep; the same size as the image', 'input.mask_image_url'),
	{
		name: 'strength',
		label: 'Strength',
		description: 'How far the result may move from the original (0.0–1.0; higher = further)',
		type: 'number',
		precision: 2,
		path: 'parameters.strength',
		placement: 'main',
	},
	scale('top'),
	scale('bottom'),
	scale('left'),
	scale('right'),
	{
		name: 'upscaleFactor',
		label: 'Upscale Factor',
		description: 'How many times larger the result is on each side (1 = sharpen only, same size)',
		type: 'integer',
		path: 'parameters.upscale_factor',
		placement: 'main',
	},
	{
		name: 'isSketch',
		label: 'Input Is a Sketch',
		description: 'Whether the image already is a line drawing or doodle; off: line art is extracted from the image first',
		type: 'boolean',
		path: 'parameters.is_sketch',
		placement: 'main',
	},
	numberOfImagesField,
	watermarkField('parameters.watermark'),
	seedField,
];

const outScale: FieldRule = { min: 1, max: 2, default: 1 };
const strength: FieldRule = { min: 0, max: 1, default: 0.5 };

/** Limits from api-gaps.md §3 (2/2); no example timestamps: typical time as the other Wan image models. */
export const generalImageEdit: FamilySpec = {
	resource: 'image',
	operation: 'generalImageEdit',
	displayName: 'General Image Edit',
	action: 'Edit an image with a chosen function',
	description: 'Restyle, edit (with or without a mask), remove watermarks, expand, upscale, colorize or render doodles',
	endpoint: '/services/aigc/image2image/image-synthesis',
	output: PNG_OUTPUT,
	selector: {
		name: 'function',
		label: 'Function',
		description: 'What to do with the image; each function takes its own parameters',
		path: 'input.function',
		options: [
			{ value: 'stylization_all', label: 'Global Stylization', description: 'Restyle the whole image (e.g. French picture book, gold foil)' },
			{ value: 'stylization_local', label: 'Local Stylization', description: 'Restyle one part of the image (e.g. ice, wood, porcelain)' },
			{ value: 'description_edit', label: 'Instruction Edit', description: 'Add or change something as the prompt says, without a mask' },
			{ value: 'description_edit_with_mask', label: 'Masked Edit', description: 'Add, change or remove what the mask marks' },
			{ value: 'remove_watermark', label: 'Remove Watermark', description: 'Remove text and watermarks' },
			{ value: 'expand', label: 'Expand', description: 'Extend the image beyond its edges' },
			{ value: 'super_resolution', label: 'Super Resolution', description: 'Upscale or sharpen' },
			{ value: 'colorization', label: 'Colorization', description: 'Colour a black-and-white or grey image' },
			{ value: 'doodle', label: 'Doodle to Image', description: 'Turn a line drawing or doodle into an image' },
			{ value: 'control_cartoon_feature', label: 'Cartoon Character', description: 'A new image of the cartoon character in the image' },
		],
	},
	fields,
	models: [
		{
			id: 'wanx2.1-imageedit',
			label: 'Wan 2.1 Image Edit',
			description: 'Ten editing functions; China (Beijing) only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 2 },
			typicalSeconds: 15,
			fields: {
				prompt: PROMPT_RULE,
				baseImageUrl: { required: true, media: IMAGE_LIMITS },
				// The service's default is 1 here (not 4 as for text to image).
				numberOfImages: { min: 1, max: 4, default: 1 },
				watermark: WATERMARK_RULE,
				seed: SEED_RULE,
			},
			functions: {
				stylization_all: { fields: { strength } },
				stylization_local: { fields: {} },
				description_edit: { fields: { strength } },
				description_edit_with_mask: { fields: { maskImageUrl: { required: true, media: IMAGE_LIMITS } } },
				remove_watermark: { fields: {} },
				expand: { fields: { topScale: outScale, bottomScale: outScale, leftScale: outScale, rightScale: outScale } },
				super_resolution: { fields: { upscaleFactor: { min: 1, max: 4, default: 1 } } },
				colorization: { fields: {} },
				doodle: { fields: { isSketch: { default: false } } },
				control_cartoon_feature: { fields: {} },
			},
		},
	],
	/** Every image URL in order; entries holding `code` instead of `url` are images that failed on their own. */
	result: 'output.results[].url',
};
