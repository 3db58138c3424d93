import { imageField, PNG_OUTPUT, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec } from '../types';

/**
 * Person Segmentation: `image-instance-segmentation`, api-images.md §11. A pixel-level mask of every person in an
 * image (the usual first step before erasing people), plus a visualisation of it. The image2image path (shared: the
 * model name decides), async only: `input.image_url` only, `parameters` sent as `{}` (the request builder always sends
 * it). China (Beijing) only; 2 RPS, 1 running task; free trial only (500 images).
 */

/**
 * The answer of a finished task is not shown, nor the names of its two images. `results[].url` (both images in one
 * list, mask first) is the family style of the Wan image models and is read first. Outside sources read the mask at
 * `output.output_image_url` and the visualisation at `output.output_vis_image_url`: every place is read, so either
 * shape yields both (mask first, as `data`; the visualisation as `data_2`).
 */
export const SEGMENTATION_RESULT = [...UNDOCUMENTED_IMAGE_RESULT, 'output.output_vis_image_url'] as const;

/** No example timestamps: typical time as the other image tools. */
export const personSegmentation: FamilySpec = {
	resource: 'image',
	operation: 'personSegmentation',
	displayName: 'Person Segmentation',
	action: 'Mask the people in an image',
	description:
		'A pixel-level mask of each person in an image, and a visualisation of it (data, data_2). Free trial only: 500 images, then no longer callable',
	endpoint: '/services/aigc/image2image/image-synthesis',
	output: PNG_OUTPUT,
	fields: [
		imageField('imageUrl', 'Image URL', 'The image with the people to segment: JPG, PNG, BMP or WEBP, each side 512–4096 px, up to 10 MB', 'input.image_url'),
	],
	models: [
		{
			id: 'image-instance-segmentation',
			label: 'Person Instance Segmentation',
			description: 'One mask for every person, plus a visualisation; free trial only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			typicalSeconds: 10,
			fields: {
				imageUrl: { required: true, media: { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 512, maxPx: 4096 } },
			},
		},
	],
	result: SEGMENTATION_RESULT,
};
