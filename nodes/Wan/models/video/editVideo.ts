import {
	MP4_OUTPUT,
	NEGATIVE_PROMPT_RULE,
	scaleField,
	SEED_RULE,
	WAN27_RATIO_RULE,
	WAN27_RESOLUTION_RULE,
	WATERMARK_RULE,
	durationField,
	negativePromptField,
	promptExtendField,
	promptField,
	ratioField,
	resolutionField,
	seedField,
	watermarkField,
} from '../shared/fields';
import { WAN27_ASSUMED, wan27Items, wan27Model, wan27Prompt, wan27Protocol } from '../shared/wan27';
import type { FamilySpec, FieldDef, FieldRule, MediaLimits, ModelSpec } from '../types';

/**
 * Edit Video: VACE general video editing, api-gaps.md §4 (api-video.md §8 gives only the overview):
 * `wanx2.1-vace-plus` (Singapore: `wan2.1-vace-plus`) on the video-generation path, `input.function`
 * picks one of five functions, each with its own inputs and parameters. Silent MP4, 30 fps, up to 5 s,
 * 720P class; result in `output.video_url`. Rate 2/2 in both regions (api-platform.md §4.2).
 */

/**
 * Limits the reference leaves open, in one place. The guide states MP4 up to 50 MB and 5 s for the
 * repainting input video; the same is assumed for every input video. Reference-image and mask limits are
 * not documented: the usual Wan image formats up to 10 MB are assumed. Extension clips: up to 3 s.
 * `prompt` ≤ 800 comes from third-party clients; `seed` and `watermark` are sent by clients but absent
 * from the official schema (the service ignores fields it does not know).
 */
const VACE_ASSUMED = {
	video: { formats: ['mp4'], maxMb: 50, maxSeconds: 5 } satisfies MediaLimits,
	clip: { formats: ['mp4'], maxMb: 50, maxSeconds: 3 } satisfies MediaLimits,
	image: { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10 } satisfies MediaLimits,
	promptMax: 800,
	/** Sizes clients use for image_reference / video_edit; the documented default is 1280*720. */
	sizes: ['1280*720', '720*1280', '960*960', '832*1088', '1088*832'],
	/** `mask_frame_id`: the schema says default 0 while every example sends 1; not offered a default. */
};

const SIZE_LABELS: Record<string, string> = {
	'1280*720': '1280×720 (16:9)',
	'720*1280': '720×1280 (9:16)',
	'960*960': '960×960 (1:1)',
	'832*1088': '832×1088 (3:4)',
	'1088*832': '1088×832 (4:3)',
};

/** Optional control conditions offer "None", which is never sent (empty values are omitted). */
const NO_CONTROL = '';

const CONTROL_LABELS: Record<string, string> = {
	[NO_CONTROL]: 'None',
	posebodyface: 'Body Pose and Face (posebodyface)',
	posebody: 'Body Pose Only (posebody)',
	depth: 'Depth: Composition and Motion (depth)',
	scribble: 'Scribble: Line Structure (scribble)',
};

const media = (name: string, label: string, kind: 'image' | 'video', path: `input.${string}`, description: string): FieldDef => ({
	name,
	label,
	description,
	type: 'media',
	media: kind,
	path,
	placement: 'main',
});

const scale = (side: string) => scaleField(side, 'frame');

/** wan2.7-videoedit: duration 0 keeps the length of the input video; otherwise 2–10 s (api-gaps.md §5 [Q9]). */
const EDIT_DURATIONS = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The ratio wan2.7-videoedit takes when the user chooses none: the input video's own, so nothing is sent (issue 21 item 1). */
const SAME_RATIO = '';

const fields: FieldDef[] = [
	promptField('What the edited video shows (Wan 2.7: the change to make). Chinese or English.'),
	media(
		'videoUrl',
		'Video URL',
		'video',
		'input.video_url',
		'The input video. VACE: MP4, up to 5 s and 50 MB (Video Extension: optional, a motion reference). Wan 2.7: MP4 or MOV, the video to edit.',
	),
	wan27Items('referenceImageUrls', 'Reference Image URLs', 'image', 'reference_image', 'Optional: images of what to put into the video'),
	{
		name: 'refImageUrls',
		label: 'Reference Image URLs',
		description:
			'Image Reference: 1 to 3 images of subjects (people, animals, clothing) and/or one background. Video Repainting and Local Edit: optionally 1 image of the subject or content to use.',
		type: 'mediaList',
		media: ['image'],
		path: 'input.ref_images_url',
		placement: 'main',
	},
	{
		name: 'objOrBg',
		label: 'Reference Roles',
		description: 'One entry per reference image, in order, comma-separated: obj (a subject) or bg (the background; at most one)',
		type: 'optionList',
		placeholder: 'obj, bg',
		path: 'parameters.obj_or_bg',
		placement: 'main',
	},
	media('maskImageUrl', 'Mask Image URL', 'image', 'input.mask_image_url', 'Local Edit: white marks the area to edit (recommended over a mask video); it should match the video resolution'),
	media('maskVideoUrl', 'Mask Video URL', 'video', 'input.mask_video_url', 'Local Edit: a mask video instead of a mask image'),
	media('firstClipUrl', 'First Clip URL', 'video', 'input.first_clip_url', 'Extension: a clip of up to 3 s; the model generates what follows'),
	media('lastClipUrl', 'Last Clip URL', 'video', 'input.last_clip_url', 'Extension: a clip of up to 3 s; the model generates what precedes'),
	media('firstFrameUrl', 'First Frame URL', 'image', 'input.first_frame_url', 'Extension: the first frame of the video'),
	media('lastFrameUrl', 'Last Frame URL', 'image', 'input.last_frame_url', 'Extension: the last frame of the video'),
	{
		name: 'controlCondition',
		label: 'Control Condition',
		description: 'What of the input video the result keeps',
		type: 'options',
		labels: CONTROL_LABELS,
		path: 'parameters.control_condition',
		placement: 'main',
	},
	{
		name: 'strength',
		label: 'Strength',
		description: 'How closely the result follows the control condition of the input video (higher = closer)',
		type: 'number',
		precision: 2,
		path: 'parameters.strength',
		placement: 'main',
	},
	{
		name: 'maskType',
		label: 'Mask Type',
		description: 'Tracking: the mask follows the object; Fixed: the mask stays where it is',
		type: 'options',
		labels: { tracking: 'Tracking', fixed: 'Fixed' },
		path: 'parameters.mask_type',
		placement: 'main',
	},
	{
		name: 'expandRatio',
		label: 'Expand Ratio',
		description: 'How much the tracked mask grows (0.0–1.0). Used with the Tracking mask type only.',
		type: 'number',
		precision: 2,
		path: 'parameters.expand_ratio',
		placement: 'additional',
	},
	{
		name: 'expandMode',
		label: 'Expand Mode',
		description: 'Shape of the grown mask. Used with the Tracking mask type only.',
		type: 'options',
		labels: { hull: 'Hull', bbox: 'Bounding Box', original: 'Original' },
		path: 'parameters.expand_mode',
		placement: 'additional',
	},
	{
		name: 'maskFrameId',
		label: 'Mask Frame ID',
		description: 'The frame the mask image belongs to (default: the first frame)',
		type: 'integer',
		path: 'input.mask_frame_id',
		placement: 'additional',
	},
	scale('top'),
	scale('bottom'),
	scale('left'),
	scale('right'),
	{
		name: 'size',
		label: 'Size',
		description: 'Output width*height',
		type: 'options',
		labels: SIZE_LABELS,
		path: 'parameters.size',
		placement: 'main',
	},
	// wan2.7-videoedit: a resolution tier and a ratio (default: the input video's), the length, the sound (api-gaps.md §5 [Q9]).
	{ ...resolutionField, description: 'Output resolution tier; the aspect ratio is chosen separately' },
	{
		...ratioField,
		type: 'options',
		labels: { [SAME_RATIO]: 'Same as the Input Video', ...(ratioField.type === 'options' ? ratioField.labels : {}) },
		description: "Width:height of the result; by default the input video's own (no ratio is sent)",
	},
	{ ...durationField, type: 'integer', labels: { '0': 'As the Input Video' }, description: 'Length of the result: as the input video, or 2–10 s' },
	{
		name: 'audioSetting',
		label: 'Audio',
		description: "Auto: the model decides the sound; Original: keep the input video's sound",
		type: 'options',
		labels: { auto: 'Auto', origin: 'Original' },
		path: 'parameters.audio_setting',
		placement: 'additional',
	},
	// wan2.7-videoedit `input.negative_prompt`, up to 500 characters (api-gaps.md §5 [Q9]; issue 21 item 3).
	negativePromptField,
	// A main field here: the service defaults to on, but repainting is best with it off (see the rules).
	{ ...promptExtendField, placement: 'main' },
	watermarkField('parameters.watermark'),
	seedField,
];

/**
 * wan2.7-videoedit (api-gaps.md §5 [Q9]), the successor of VACE: no function; `input.media` holds one `video` item
 * (the family's Video URL, moved there by its protocol) and up to 4 `reference_image` items; prompt optional.
 */
const wan27VideoEdit: ModelSpec = wan27Model(
	'wan2.7-videoedit',
	'Wan 2.7 Video Edit (Prompt, Sound)',
	'A video plus up to 4 reference images, changed as the prompt says; 720P or 1080P, input length or 2–10 s',
	{
		prompt: wan27Prompt(false),
		negativePrompt: NEGATIVE_PROMPT_RULE,
		videoUrl: { required: true, media: WAN27_ASSUMED.video },
		referenceImageUrls: { maxItems: 4, mediaByKind: { image: WAN27_ASSUMED.referenceImage } },
		resolution: WAN27_RESOLUTION_RULE,
		ratio: { values: [SAME_RATIO, ...(WAN27_RATIO_RULE.values ?? [])], default: SAME_RATIO },
		duration: { values: EDIT_DURATIONS, default: 0 },
		audioSetting: { values: ['auto', 'origin'], default: 'auto' },
		promptExtend: { default: true },
		watermark: WATERMARK_RULE,
	},
	undefined,
	wan27Protocol({ videoUrl: 'video' }),
);

const video = (required: boolean): FieldRule => ({ required: required || undefined, media: VACE_ASSUMED.video });
const image: FieldRule = { media: VACE_ASSUMED.image };
const clip: FieldRule = { media: VACE_ASSUMED.clip };
const oneImage: FieldRule = { maxItems: 1, mediaByKind: { image: VACE_ASSUMED.image } };
const size: FieldRule = { values: VACE_ASSUMED.sizes, default: '1280*720' };
const outScale: FieldRule = { min: 1, max: 2, default: 1 };

export const editVideo: FamilySpec = {
	resource: 'video',
	operation: 'editVideo',
	displayName: 'Edit Video',
	action: 'Edit a video',
	description: 'Change a video as a prompt says (Wan 2.7), or with VACE: generate from reference images, repaint, edit an area, extend or outpaint (silent, up to 5 s)',
	endpoint: '/services/aigc/video-generation/video-synthesis',
	output: MP4_OUTPUT,
	selector: {
		name: 'function',
		label: 'Function',
		description: 'What to do; each function takes its own inputs',
		path: 'input.function',
		options: [
			{ value: 'image_reference', label: 'Image Reference', description: 'A video of subjects and a background from 1–3 images' },
			{ value: 'video_repainting', label: 'Video Repainting', description: "Restyle a video, keeping its pose, depth or lines" },
			{ value: 'video_edit', label: 'Local Edit', description: 'Change the masked area of a video' },
			{ value: 'video_extension', label: 'Video Extension', description: 'Continue from (or lead up to) a clip or frame, 5 s' },
			{ value: 'video_outpainting', label: 'Video Outpainting', description: 'Extend the frame beyond its edges' },
		],
	},
	fields,
	models: [
		wan27VideoEdit,
		{
			id: 'wanx2.1-vace-plus',
			label: 'Wan 2.1 VACE Plus',
			description: 'All five functions; silent, 720P class, up to 5 s',
			regions: ['cn-beijing', 'ap-southeast-1'],
			regionalIds: { 'ap-southeast-1': 'wan2.1-vace-plus' },
			limits: { submitRps: 2, concurrency: 2 },
			// "5–10 min" (api-gaps.md §4, third-party figure).
			typicalSeconds: 450,
			fields: {
				prompt: { required: true, maxLength: VACE_ASSUMED.promptMax },
				promptExtend: { default: true },
				watermark: WATERMARK_RULE,
				seed: SEED_RULE,
			},
			functions: {
				image_reference: {
					fields: {
						refImageUrls: { required: true, minItems: 1, maxItems: 3, mediaByKind: { image: VACE_ASSUMED.image } },
						objOrBg: { required: true, values: ['obj', 'bg'], maxPerValue: { bg: 1 } },
						size,
					},
					rules: [{ kind: 'sameLength', fields: ['refImageUrls', 'objOrBg'] }],
				},
				video_repainting: {
					fields: {
						videoUrl: video(true),
						refImageUrls: oneImage,
						controlCondition: { required: true, values: ['posebodyface', 'posebody', 'depth', 'scribble'], default: 'depth' },
						strength: { min: 0, max: 1, default: 1 },
						// The guide recommends prompt extension off for repainting (and uses it so in every sample).
						promptExtend: { default: false },
					},
				},
				video_edit: {
					fields: {
						videoUrl: video(true),
						maskImageUrl: image,
						maskVideoUrl: { media: VACE_ASSUMED.video },
						maskFrameId: { min: 0 },
						refImageUrls: oneImage,
						maskType: { values: ['tracking', 'fixed'], default: 'tracking' },
						expandRatio: { min: 0, max: 1, default: 0.05 },
						expandMode: { values: ['hull', 'bbox', 'original'], default: 'hull' },
						// Not in the official schema; clients send these two for local edits.
						controlCondition: { values: [NO_CONTROL, 'posebodyface', 'depth'], default: NO_CONTROL },
						size,
					},
					rules: [
						{ kind: 'given', fields: ['maskImageUrl', 'maskVideoUrl'], min: 1, max: 1 },
						{ kind: 'onlyWhen', field: 'expandRatio', when: 'maskType', values: ['tracking'] },
						{ kind: 'onlyWhen', field: 'expandMode', when: 'maskType', values: ['tracking'] },
					],
				},
				video_extension: {
					fields: {
						firstClipUrl: clip,
						lastClipUrl: clip,
						firstFrameUrl: image,
						lastFrameUrl: image,
						videoUrl: video(false),
						// Clients send a control condition with the motion-reference video.
						controlCondition: { values: [NO_CONTROL, 'posebodyface', 'posebody', 'depth', 'scribble'], default: NO_CONTROL },
					},
					rules: [{ kind: 'given', fields: ['firstClipUrl', 'lastClipUrl', 'firstFrameUrl', 'lastFrameUrl'], min: 1 }],
				},
				video_outpainting: {
					fields: { videoUrl: video(true), topScale: outScale, bottomScale: outScale, leftScale: outScale, rightScale: outScale },
				},
			},
		},
	],
	result: 'output.video_url',
};
