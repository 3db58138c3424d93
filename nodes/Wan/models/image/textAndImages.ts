import { imageNegativePromptField, imageSizeField, NEGATIVE_PROMPT_RULE, PNG_OUTPUT, promptField, SEED_RULE, seedField, WATERMARK_RULE, watermarkField } from '../shared/fields';
import { MESSAGES_INTERLEAVED, WAN26_IMAGE_INPUT, wan26ImageModel } from './messages';
import type { FamilySpec } from '../types';

/**
 * wan2.6-image with mixed output (`enable_interleave: true`, api-gaps.md §2.2): from a prompt and at most one
 * image it writes text with up to `max_images` pictures in between (an illustrated story, a how-to). Always a task
 * (models/messages.ts), n fixed at 1. The output item carries the text and the ordered parts (`content`), the
 * images as binary data.
 */

/** Interleaved mode: the output follows the input's size (capped near 1280*1280) or a `W*H` of 768*768–1280*1280. */
const FOLLOW_INPUT = '';
const SIZES = [FOLLOW_INPUT, '1280*1280', '1104*1472', '1472*1104', '960*1696', '1696*960'];
const SIZE_LABELS: Record<string, string> = {
	[FOLLOW_INPUT]: 'Like the Input Image (About 1280×1280 at Most)',
	'1280*1280': '1280×1280 (1:1)',
	'1104*1472': '1104×1472 (3:4)',
	'1472*1104': '1472×1104 (4:3)',
	'960*1696': '960×1696 (9:16)',
	'1696*960': '1696×960 (16:9)',
};

export const textAndImages: FamilySpec = {
	resource: 'image',
	operation: 'textAndImages',
	displayName: 'Text and Images',
	action: 'Generate text with images',
	description: 'Write text with pictures in between (an illustrated story or guide) from a prompt and an optional image',
	endpoint: MESSAGES_INTERLEAVED.endpoint ?? '',
	output: PNG_OUTPUT,
	fields: [
		promptField('What to write and illustrate. Chinese or English.'),
		{
			name: 'imageUrls',
			label: 'Image URLs',
			description: 'An optional image to build on (JPG, PNG, BMP or WEBP)',
			type: 'mediaList',
			media: ['image'],
			path: 'input.images',
			placement: 'main',
		},
		{
			name: 'maxImages',
			label: 'Max Images',
			description: 'Most pictures to put in the text; the model may use fewer. Each picture is billed.',
			type: 'integer',
			path: 'parameters.max_images',
			placement: 'main',
		},
		imageSizeField(SIZE_LABELS),
		imageNegativePromptField,
		watermarkField('parameters.watermark'),
		seedField,
	],
	models: [
		wan26ImageModel('Text with up to 5 pictures', MESSAGES_INTERLEAVED, 60, {
			prompt: { required: true, maxLength: 2000 },
			imageUrls: { minItems: 0, maxItems: 1, mediaByKind: { image: WAN26_IMAGE_INPUT } },
			maxImages: { min: 1, max: 5, default: 5 },
			size: { values: SIZES, default: FOLLOW_INPUT },
			negativePrompt: NEGATIVE_PROMPT_RULE,
			watermark: WATERMARK_RULE,
			seed: SEED_RULE,
		}),
	],
	result: 'output.choices[].message.content[].image',
};
