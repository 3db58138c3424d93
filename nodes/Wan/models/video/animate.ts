import { MP4_OUTPUT, WATERMARK_RULE, watermarkField } from '../shared/fields';
import type { FamilySpec, FieldDef, ModelSpec } from '../types';

/**
 * Families G and H (api-video.md §9–§10, api-avatar.md §4–§5): a person image plus a driving video.
 * animate-move makes the photo perform the video's motion; animate-mix puts the photo's person into the video.
 */

const fields: FieldDef[] = [
	{
		name: 'imageUrl',
		label: 'Character Image URL',
		description:
			'Photo of one person facing the camera, face fully visible. JPG, PNG, BMP or WEBP, 200–4096 px per side, aspect ratio 1:3 to 3:1, up to 5 MB.',
		type: 'media',
		media: 'image',
		path: 'input.image_url',
		placement: 'main',
	},
	{
		name: 'videoUrl',
		label: 'Reference Video URL',
		description:
			'Video of one person facing the camera. MP4, AVI or MOV, 2–30 s, 200–2048 px per side, aspect ratio 1:3 to 3:1, up to 200 MB.',
		type: 'media',
		media: 'video',
		path: 'input.video_url',
		placement: 'main',
	},
	{
		name: 'mode',
		label: 'Mode',
		description: 'Standard is faster and cheaper; Pro is smoother and closer to real footage',
		type: 'options',
		labels: { 'wan-std': 'Standard (15 fps)', 'wan-pro': 'Pro (25 fps)' },
		path: 'parameters.mode',
		placement: 'main',
	},
	{
		name: 'checkImage',
		label: 'Check Image',
		description: 'Whether the service checks the character image before generating (turn off to skip that step)',
		type: 'boolean',
		path: 'parameters.check_image',
		placement: 'additional',
	},
	// Unlike most families, the animate models take the watermark flag in `input`.
	watermarkField('input.watermark'),
];

const rules: ModelSpec['fields'] = {
	imageUrl: {
		required: true,
		media: { formats: ['jpg', 'jpeg', 'png', 'bmp', 'webp'], maxMb: 5, minPx: 200, maxPx: 4096, maxAspect: 3 },
	},
	videoUrl: {
		required: true,
		media: { formats: ['mp4', 'avi', 'mov'], maxMb: 200, minPx: 200, maxPx: 2048, maxAspect: 3, minSeconds: 2, maxSeconds: 30 },
	},
	// The API has no default mode (it is required); the UI starts on the cheaper one.
	mode: { required: true, values: ['wan-std', 'wan-pro'], default: 'wan-std' },
	checkImage: { default: true },
	watermark: WATERMARK_RULE,
};

const animateModel = (id: string, label: string, description: string): ModelSpec => ({
	id,
	label,
	description,
	regions: ['cn-beijing', 'ap-southeast-1'],
	limits: { submitRps: 5, concurrency: 1 },
	typicalSeconds: 180,
	// api-avatar.md §5: about 9 s of processing per output second on standard, 16 s on pro.
	secondsPerOutputSecond: { 'wan-std': 9, 'wan-pro': 16 },
	fields: rules,
});

const animateFamily = (
	operation: string,
	displayName: string,
	action: string,
	description: string,
	model: ModelSpec,
): FamilySpec => ({
	resource: 'video',
	operation,
	displayName,
	action,
	description,
	endpoint: '/services/aigc/image2video/video-synthesis',
	output: MP4_OUTPUT,
	fields,
	models: [model],
	// These models nest the URL under output.results, unlike the other video families.
	result: 'output.results.video_url',
});

export const characterSwap = animateFamily(
	'characterSwap',
	'Character Swap',
	'Swap the person in a video',
	'Replace the main person in a video with the person in an image, keeping scene, lighting and sound',
	animateModel('wan2.2-animate-mix', 'Wan 2.2 Animate Mix', 'Replaces the person in the video; 720P, length follows the video'),
);

export const animateImage = animateFamily(
	'animateImage',
	'Animate Image',
	'Animate a photo with motion from a video',
	"Make the person in a photo perform the motion and expressions of a reference video, keeping the photo's background",
	animateModel('wan2.2-animate-move', 'Wan 2.2 Animate Move', "Moves the photo's person like the video; 720P, length follows the video"),
);
