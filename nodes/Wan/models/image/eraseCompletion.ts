import { imageField, PNG_OUTPUT, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec, MediaLimits } from '../types';

/**
 * Image Erase & Completion, api-images.md §12: `image-erase-completion` on the shared image2image path (the model
 * name decides), async, China (Beijing) only, free trial only (500 images; no paid option). Erases what the mask
 * (`input.mask_url`) marks from `input.image_url` and fills the background in; an optional keep mask
 * (`input.foreground_url`) protects what must stay. No prompt. `parameters.dilate_flag` widens the mask,
 * `parameters.fast_mode` (default false) trades detail for speed. 2 RPS, 1 running task.
 *
 * The documented request also sends `X-DashScope-DataInspection: enable` (its meaning is not explained): sent as
 * documented.
 *
 * The finished task's answer is not shown in the reference: the result is looked for in `output.results[].url`
 * (as the other Wan image models answer), then in `output.output_image_url` (as out-painting answers).
 */

/** Every input: JPEG, PNG, JPG, BMP, WEBP; each side 512–4096 px; up to 10 MB (stated once for all of them). */
const IMAGE_LIMITS: MediaLimits = { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 512, maxPx: 4096 };

export const eraseCompletion: FamilySpec = {
	resource: 'image',
	operation: 'eraseCompletion',
	displayName: 'Image Erase & Completion',
	action: 'Erase objects from an image',
	description:
		'Remove people, objects, text or watermarks a mask marks and fill the background in (no prompt). Free trial only: 500 images, then no longer callable',
	endpoint: '/services/aigc/image2image/image-synthesis',
	headers: { 'X-DashScope-DataInspection': 'enable' },
	output: PNG_OUTPUT,
	fields: [
		imageField('imageUrl', 'Image URL', 'The original image: JPEG, PNG, BMP or WEBP, each side 512–4096 px, up to 10 MB', 'input.image_url'),
		imageField('maskImageUrl', 'Mask Image URL', 'What to erase: any non-black pixel is erased, pure black is kept. A person mask from instance segmentation works well.', 'input.mask_url'),
		imageField('foregroundImageUrl', 'Foreground Image URL', 'Optional keep mask: non-black pixels are kept as they are. It must not cover anything to erase.', 'input.foreground_url'),
		{
			name: 'dilateFlag',
			label: 'Dilate Mask',
			description: 'Whether to widen the mask so that no edge is missed; recommended for masks from instance segmentation',
			type: 'boolean',
			path: 'parameters.dilate_flag',
			placement: 'additional',
		},
		{
			name: 'fastMode',
			label: 'Fast Mode',
			description: 'Whether to work faster and ignore fine detail (off keeps the detail)',
			type: 'boolean',
			path: 'parameters.fast_mode',
			placement: 'additional',
		},
	],
	models: [
		{
			id: 'image-erase-completion',
			label: 'Image Erase Completion',
			description: 'Mask-based erasing, no prompt; free trial only; China (Beijing) only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			// No example timestamps: as the other image tools.
			typicalSeconds: 15,
			fields: {
				imageUrl: { required: true, media: IMAGE_LIMITS },
				maskImageUrl: { required: true, media: IMAGE_LIMITS },
				// The fast-mode example sends only the image and the mask: optional.
				foregroundImageUrl: { media: IMAGE_LIMITS },
				// No default documented: sent only when added.
				dilateFlag: {},
				fastMode: { default: false },
			},
		},
	],
	/** Not shown in the reference: the Wan image models' place first, out-painting's second. */
	result: UNDOCUMENTED_IMAGE_RESULT,
};
