import { imageField, numberOfImagesField, PNG_OUTPUT, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec, FieldDef, MediaLimits } from '../types';

/**
 * Shoe Model: `shoemodel-v1`, api-images.md §9. Puts the shoes of one or two (multi-view) shoe photos on the feet of a
 * model template photo. The Virtual Model's path (the model name decides), async only: `input.template_image_url`, the
 * list `input.shoe_image_url` (an array even for one photo), `parameters.n`. China (Beijing) only; 2 RPS, 1 running
 * task; free trial only (500 images). The template must show the feet in a standing pose, knees included, with the
 * shoes not too close to the left or right edge (only the service can judge that).
 */

/**
 * The answer of a finished task is not shown in the reference. Outside sources read `output.result_url` for this
 * model; the shared candidate places of the image tools include it (fields.ts).
 */
export const SHOE_MODEL_RESULT = UNDOCUMENTED_IMAGE_RESULT;

/**
 * Both inputs: JPEG, PNG, JPG, BMP, "WEB" (read as WEBP), AVIF; long side : short side within 3:2 ("[2:3, 3:2]",
 * 4:3 recommended). "Up to 5 MB" is only a recommendation, so the size is not checked; no pixel limits are stated.
 */
const PHOTO_LIMITS: MediaLimits = {
	formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp', 'avif'],
	maxMb: 0,
	maxAspect: 1.5,
};

const fields: FieldDef[] = [
	imageField('templateImageUrl', 'Template Image URL', 'The model photo to put the shoes on: feet, shoes and knees visible, standing. JPG, PNG, BMP, WEBP or AVIF, aspect within 3:2 (4:3 recommended), up to 5 MB recommended', 'input.template_image_url'),
	{
		name: 'shoeImageUrls',
		label: 'Shoe Image URLs',
		description: '1 or 2 photos of the shoes from different angles; the same formats and aspect as the template (4:3 recommended)',
		type: 'mediaList',
		media: ['image'],
		path: 'input.shoe_image_url',
		placement: 'main',
	},
	numberOfImagesField,
];

/** No example timestamps: typical time as the other image tools. */
export const shoeModel: FamilySpec = {
	resource: 'image',
	operation: 'shoeModel',
	displayName: 'Shoe Model',
	action: 'Put shoes on a model photo',
	description: 'Try shoes from one or two photos on the feet of a model photo. Free trial only: 500 images, then no longer callable',
	endpoint: '/services/aigc/virtualmodel/generation',
	output: PNG_OUTPUT,
	fields,
	models: [
		{
			id: 'shoemodel-v1',
			label: 'Shoe Model V1',
			description: 'Shoe try-on on a model template photo; free trial only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			typicalSeconds: 20,
			fields: {
				templateImageUrl: { required: true, media: PHOTO_LIMITS },
				// "Fewer than 3" multi-view photos.
				shoeImageUrls: { required: true, minItems: 1, maxItems: 2, mediaByKind: { image: PHOTO_LIMITS } },
				// The range of n is not documented (the example sends 1): at least one, no upper bound checked here.
				numberOfImages: { min: 1, default: 1 },
			},
		},
	],
	result: SHOE_MODEL_RESULT,
};
