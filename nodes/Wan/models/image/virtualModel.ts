import { imageField, numberOfImagesField, PNG_OUTPUT, promptField, UNDOCUMENTED_IMAGE_RESULT } from '../shared/fields';
import type { FamilySpec, FieldDef, FieldRule, MediaLimits } from '../types';

/**
 * Virtual Model: `wanx-virtualmodel` (V1) and `virtualmodel-v2` (V2, recommended), api-images.md §8. Keeps the pose
 * and the product of a real model's (V2 also a mannequin's) photo and replaces the model and the background. Its own
 * path (shared with the Shoe Model: the model name decides), async only. The photo, the mask of the area to keep, the
 * prompts and (V2) a background reference go in `input`; `short_side_size` (a string in every example) and `n` in
 * `parameters`. China (Beijing) only; 2 RPS, 1 running task; free trial only (500 images, no paid option).
 *
 * Not offered: `aspect_ratio` (V2), `realPerson` (V2) and `predefined_face_id` (V1). The seed text shows them only as
 * loose `"key":value` lines of a scenario table, next to `prompt` and `face_prompt` (which are in `input`), with no
 * request body: whether they go in `input` or `parameters` is not stated, nor their allowed values (the string for
 * "keep the original ratio", the face ids). The weight of the background reference is mentioned without a field name.
 */

/**
 * The answer of a finished task is not shown in the reference. `results[].url` is the family style of the Wan image
 * models (and what an outside source reads for this model); `result_url` is what outside sources read for the Shoe
 * Model on the same path: the shared candidate places of the image tools (fields.ts).
 */
export const VIRTUAL_MODEL_RESULT = UNDOCUMENTED_IMAGE_RESULT;

/**
 * Input photos (the same for both models): JPEG, JPG, PNG, WEBP; aspect between 1:2 and 2:1 (exclusive: exactly 2:1
 * passes this check, the service judges it); more than 256×256 px; long side under 4096 px. "Up to 5 MB" is only a
 * recommendation, so the size is not checked. The mask and the background reference are documented without limits:
 * the photo's are assumed. The face must be at least 128×128 px, which only the service can judge.
 */
const PHOTO_LIMITS: MediaLimits = {
	formats: ['jpeg', 'jpg', 'png', 'webp'],
	maxMb: 0,
	minPx: 257,
	maxPx: 4095,
	maxAspect: 2,
};


const fields: FieldDef[] = [
	imageField(
		'baseImageUrl',
		'Image URL',
		'The photo of a real model (V2: or a mannequin) wearing or holding the product: JPG, PNG or WEBP, more than 256×256 px, long side under 4096 px, aspect between 1:2 and 2:1, up to 5 MB recommended',
		'input.base_image_url',
	),
	imageField('maskImageUrl', 'Mask Image URL', 'Marks the area of the photo to keep (the product); the same size as the photo', 'input.mask_image_url'),
	promptField('The whole new picture: the model, the clothes, the scene. Chinese or English'),
	{
		name: 'facePrompt',
		label: 'Face Prompt',
		description: 'The face of the new model, e.g. "good face, beautiful face, best quality." Chinese or English',
		type: 'string',
		path: 'input.face_prompt',
		placement: 'main',
	},
	imageField(
		'backgroundImageUrl',
		'Background Image URL',
		'Optional picture whose background the result should take on; the same limits as the photo',
		'input.background_image_url',
	),
	{
		name: 'shortSideSize',
		label: 'Short Side (Pixels)',
		description: 'Length of the short side of the result; the aspect ratio follows the photo',
		type: 'options',
		labels: { '512': '512 px', '1024': '1024 px', '2048': '2048 px' },
		path: 'parameters.short_side_size',
		placement: 'main',
	},
	numberOfImagesField,
];

/** Both models always get these; prompts carry no documented length limit. */
const common: Record<string, FieldRule> = {
	baseImageUrl: { required: true, media: PHOTO_LIMITS },
	// "Required" is not stated for these three; every example sends them.
	maskImageUrl: { required: true, media: PHOTO_LIMITS },
	prompt: { required: true },
	facePrompt: { required: true },
	// The range of n is not documented (the examples send 1 and 2): at least one, no upper bound checked here.
	numberOfImages: { min: 1, default: 1 },
};

/** Rate limits: the V2 row of the table is blank (merged cells), assumed the same as V1's 2 RPS / 1 task. */
export const virtualModel: FamilySpec = {
	resource: 'image',
	operation: 'virtualModel',
	displayName: 'Virtual Model',
	action: 'Replace the model and background of a product photo',
	description:
		'Keep the pose and the product of a model photo, replace the model and the background. Free trial only: 500 images, then no longer callable',
	endpoint: '/services/aigc/virtualmodel/generation',
	output: PNG_OUTPUT,
	fields,
	models: [
		{
			id: 'virtualmodel-v2',
			label: 'Virtual Model V2',
			description: 'Real person or mannequin photos, optional background reference, 1024 or 2048 px short side; free trial only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			typicalSeconds: 20,
			fields: {
				...common,
				backgroundImageUrl: { media: PHOTO_LIMITS },
				// A string in the request example ("1024"); its default there.
				shortSideSize: { values: ['1024', '2048'], default: '1024' },
			},
		},
		{
			id: 'wanx-virtualmodel',
			label: 'Virtual Model V1',
			description: 'Real person photos, 512 or 1024 px short side; free trial only',
			regions: ['cn-beijing'],
			limits: { submitRps: 2, concurrency: 1 },
			typicalSeconds: 20,
			fields: {
				...common,
				shortSideSize: { values: ['512', '1024'], default: '512' },
			},
		},
	],
	result: VIRTUAL_MODEL_RESULT,
};
