import { imageField, numberOfImagesField, PNG_OUTPUT, promptField, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec, MediaLimits } from '../types';

/**
 * X-Painting (local repaint), api-images.md §13: `wanx-x-painting` on the shared image2image path (the model name
 * decides), async, China (Beijing) only, free trial only (500 images; no paid option). Repaints what the mask
 * marks following the prompt; the rest stays. The reference recommends General Image Edit (wanx2.1-imageedit,
 * Masked Edit) or Qwen image editing instead. 2 RPS, 1 running task.
 *
 * Not offered: `parameters.size`. Its only documented value is the example's `1024*1024`; which sizes the model
 * takes is not stated, and a one-entry list would fix every result at 1024×1024 for no documented reason.
 *
 * The finished task's answer is not shown in the reference: the result is looked for in `output.results[].url`
 * (as the other Wan image models answer), then in `output.output_image_url` (as out-painting answers).
 */

/**
 * JPG, JPEG, PNG, BMP, TIFF, WEBP; up to 10 MB; "more than 256×256 and less than 4096×4096 px", read literally as
 * each side 257–4095. The mask's limits are not stated: the same are assumed.
 */
const IMAGE_LIMITS: MediaLimits = { formats: ['jpeg', 'jpg', 'png', 'bmp', 'tiff', 'webp'], maxMb: 10, minPx: 257, maxPx: 4095 };

export const xPainting: FamilySpec = {
	resource: 'image',
	operation: 'xPainting',
	displayName: 'X-Painting (Local Repaint)',
	action: 'Repaint the masked part of an image',
	description:
		'Repaint the part of an image a mask marks, following a prompt. Free trial only: 500 images, then no longer callable; the service recommends General Image Edit instead',
	endpoint: '/services/aigc/image2image/image-synthesis',
	output: PNG_OUTPUT,
	fields: [
		promptField('What to paint in the masked area, e.g. "a dog wearing red glasses"'),
		imageField('baseImageUrl', 'Image URL', 'The image to repaint: JPG, PNG, BMP, TIFF or WEBP, each side more than 256 and less than 4096 px, up to 10 MB', 'input.base_image_url'),
		imageField('maskImageUrl', 'Mask Image URL', 'The painted-over area to repaint (the rest stays unchanged); the same size as the image', 'input.mask_image_url'),
		numberOfImagesField,
	],
	models: [
		{
			id: 'wanx-x-painting',
			label: 'Wan X-Painting',
			description: 'Masked repaint with a prompt; free trial only; China (Beijing) only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			// No example timestamps: as the other image tools.
			typicalSeconds: 15,
			fields: {
				// No length limit is documented.
				prompt: { required: true },
				baseImageUrl: { required: true, media: IMAGE_LIMITS },
				maskImageUrl: { required: true, media: IMAGE_LIMITS },
				// The range of n is not documented (the example sends 1): no maximum is assumed.
				numberOfImages: { min: 1, default: 1 },
			},
		},
	],
	/** Not shown in the reference: the Wan image models' place first, out-painting's second. */
	result: UNDOCUMENTED_IMAGE_RESULT,
};
