import {
	DRIVING_AUDIO_LIMITS,
	durationField,
	promptExtendField,
	promptField,
	ratioField,
	resolutionField,
	VIDEO_FRAME_LIMITS,
	WAN27_RATIO_RULE,
	WAN27_RESOLUTION_RULE,
	WATERMARK_RULE,
	watermarkField,
	MP4_OUTPUT,
} from '../shared/fields';
import type { FamilySpec, FieldDef, MediaKind, MediaLimits, ModelSpec } from '../types';

/**
 * The wan2.7 video models (api-gaps.md §5): image to video (`wan2.7-i2v`), reference to video
 * (`wan2.7-r2v`) and prompt-based video editing (`wan2.7-videoedit`), all on the video-generation path.
 * Their inputs are one list, `input.media[]`, of typed items `{ type, url }`; `resolution` and `ratio`
 * as wan2.7-t2v takes them. Result in `output.video_url`. Rate 5/5 in Beijing and Singapore
 * (api-platform.md §4.2; the -2026-06-12 r2v snapshot is not listed there and assumed alike).
 */

/**
 * What the reference leaves open, in one place: media limits of the wan2.7 items are not documented and
 * assumed as their wan2.6 counterparts (frames as image to video, audio as the driving audio, clips and
 * reference videos as wan2.6-r2v's reference videos, reference images as wan2.6-r2v's); the prompt limit
 * as wan2.7-t2v (5,000); typical run time as wan2.6.
 */
const WAN27_ASSUMED = {
	frame: VIDEO_FRAME_LIMITS,
	audio: DRIVING_AUDIO_LIMITS,
	video: { formats: ['mp4', 'mov'], maxMb: 100, minSeconds: 1, maxSeconds: 30 } satisfies MediaLimits,
	referenceImage: { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 240, maxPx: 5000 } satisfies MediaLimits,
	promptMax: 5000,
	typicalSeconds: 240,
};

const ENDPOINT = '/services/aigc/video-generation/video-synthesis';

/** A media input that becomes one `{ type, url }` item of `input.media`. */
const item = (name: string, label: string, kind: MediaKind, type: string, description: string): FieldDef => ({
	name,
	label,
	description,
	type: 'media',
	media: kind,
	path: 'input.media[]',
	item: { constant: { type } },
	placement: 'main',
});

/** Several files, each one `{ type, url }` item of `input.media`. */
const items = (name: string, label: string, kind: MediaKind, type: string, description: string): FieldDef => ({
	name,
	label,
	description,
	type: 'mediaList',
	media: [kind],
	path: 'input.media[]',
	item: { constant: { type } },
	placement: 'main',
});

const model = (id: string, label: string, description: string, fields: ModelSpec['fields'], rules?: ModelSpec['rules']): ModelSpec => ({
	id,
	label,
	description,
	regions: ['cn-beijing', 'ap-southeast-1'],
	limits: { submitRps: 5, concurrency: 5 },
	typicalSeconds: WAN27_ASSUMED.typicalSeconds,
	fields,
	rules,
});

const prompt = (required: boolean) => ({ required: required || undefined, maxLength: WAN27_ASSUMED.promptMax });

// ---------- wan2.7-i2v: first frame, first + last frame, continuation of a clip ----------

const I2V_INPUTS = ['firstFrameUrl', 'lastFrameUrl', 'drivingAudioUrl', 'firstClipUrl'];

const i2vRules: ModelSpec['rules'] = [
	{
		kind: 'combination',
		fields: I2V_INPUTS,
		// [Q14]: ff; ff+audio; ff+lf; ff+lf+audio; clip; clip+lf.
		allowed: [
			['firstFrameUrl'],
			['firstFrameUrl', 'drivingAudioUrl'],
			['firstFrameUrl', 'lastFrameUrl'],
			['firstFrameUrl', 'lastFrameUrl', 'drivingAudioUrl'],
			['firstClipUrl'],
			['firstClipUrl', 'lastFrameUrl'],
		],
	},
];

const i2vFields: ModelSpec['fields'] = {
	prompt: prompt(false),
	firstFrameUrl: { media: WAN27_ASSUMED.frame },
	lastFrameUrl: { media: WAN27_ASSUMED.frame },
	drivingAudioUrl: { media: WAN27_ASSUMED.audio },
	firstClipUrl: { media: WAN27_ASSUMED.video },
	resolution: WAN27_RESOLUTION_RULE,
	duration: { min: 2, max: 15, default: 5 },
};

export const wan27ImageToVideo: FamilySpec = {
	resource: 'video',
	operation: 'wan27ImageToVideo',
	displayName: 'Image to Video (Wan 2.7)',
	action: 'Generate a video from frames or a clip',
	description: 'A video from a first frame (plus a last frame or a soundtrack), or the continuation of a clip',
	endpoint: ENDPOINT,
	output: MP4_OUTPUT,
	fields: [
		promptField('What happens in the video. Optional.'),
		item('firstFrameUrl', 'First Frame Image URL', 'image', 'first_frame', "The video's first frame. Give a first frame or a first clip."),
		item('lastFrameUrl', 'Last Frame Image URL', 'image', 'last_frame', "Optional: the video's last frame, with a first frame or a first clip"),
		item('drivingAudioUrl', 'Driving Audio URL', 'audio', 'driving_audio', 'Optional: a soundtrack to follow (WAV or MP3, 3–30 s), with a first frame only'),
		item('firstClipUrl', 'First Clip URL', 'video', 'first_clip', 'A clip to continue, instead of a first frame'),
		resolutionField,
		durationField,
	],
	models: [
		model('wan2.7-i2v', 'Wan 2.7', 'First frame, first + last frame, with audio, or a clip to continue; 720P or 1080P, 2–15 s', i2vFields, i2vRules),
		model('wan2.7-i2v-2026-04-25', 'Wan 2.7 Snapshot 2026-04-25', 'The dated snapshot of wan2.7-i2v', i2vFields, i2vRules),
	],
	result: 'output.video_url',
};

// ---------- wan2.7-r2v: reference images and videos ----------

const r2vFields: ModelSpec['fields'] = {
	prompt: prompt(true),
	referenceImageUrls: { maxItems: 5, mediaByKind: { image: WAN27_ASSUMED.referenceImage } },
	referenceVideoUrls: { maxItems: 5, mediaByKind: { video: WAN27_ASSUMED.video } },
	firstFrameUrl: { media: WAN27_ASSUMED.frame },
	referenceVoiceUrl: { media: WAN27_ASSUMED.audio },
	resolution: WAN27_RESOLUTION_RULE,
	ratio: WAN27_RATIO_RULE,
	duration: { min: 2, max: 10, default: 5 },
};

/** At most 5 references in all (images and videos); at least one. */
const r2vRules: ModelSpec['rules'] = [{ kind: 'totalItems', fields: ['referenceImageUrls', 'referenceVideoUrls'], min: 1, max: 5 }];

export const wan27ReferenceToVideo: FamilySpec = {
	resource: 'video',
	operation: 'wan27ReferenceToVideo',
	displayName: 'Reference to Video (Wan 2.7)',
	action: 'Generate a video from references (Wan 2.7)',
	description: 'Cast people or objects from reference images and videos in a new scene, optionally from a first frame',
	endpoint: ENDPOINT,
	output: MP4_OUTPUT,
	fields: [
		promptField('The scene, referring to the references.'),
		items('referenceImageUrls', 'Reference Image URLs', 'image', 'reference_image', 'Reference images, one subject each; up to 5 references in all'),
		items('referenceVideoUrls', 'Reference Video URLs', 'video', 'reference_video', 'Reference videos, one subject each; up to 5 references in all'),
		{ ...item('firstFrameUrl', 'First Frame Image URL', 'image', 'first_frame', "Optional: the video's first frame"), placement: 'additional' },
		{ ...item('referenceVoiceUrl', 'Reference Voice URL', 'audio', 'reference_voice', 'Optional: a voice to give the subjects'), placement: 'additional' },
		{ ...resolutionField, description: 'Output resolution tier; the aspect ratio is chosen separately' },
		ratioField,
		durationField,
	],
	models: [
		model('wan2.7-r2v', 'Wan 2.7', '1–5 reference images and videos; 720P or 1080P, 2–10 s', r2vFields, r2vRules),
		model('wan2.7-r2v-2026-06-12', 'Wan 2.7 Snapshot 2026-06-12', 'The dated snapshot of wan2.7-r2v', r2vFields, r2vRules),
	],
	result: 'output.video_url',
};

// ---------- wan2.7-videoedit: edit a video with a prompt ----------

/** Duration 0 keeps the length of the input video; otherwise 2–10 s. */
const EDIT_DURATIONS = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export const wan27EditVideo: FamilySpec = {
	resource: 'video',
	operation: 'wan27EditVideo',
	displayName: 'Edit Video with a Prompt (Wan 2.7)',
	action: 'Edit a video with a prompt',
	description: 'Change a video as a prompt says, optionally with reference images (the successor of VACE)',
	endpoint: ENDPOINT,
	output: MP4_OUTPUT,
	fields: [
		promptField('The change to make.'),
		item('videoUrl', 'Video URL', 'video', 'video', 'The video to edit'),
		items('referenceImageUrls', 'Reference Image URLs', 'image', 'reference_image', 'Optional: up to 4 images of what to put in'),
		{ ...resolutionField, description: 'Output resolution tier; the aspect ratio is chosen separately' },
		ratioField,
		{
			...durationField,
			type: 'integer',
			labels: { '0': 'As the Input Video' },
			description: 'Length of the result: as the input video, or 2–10 s',
		},
		{
			name: 'audioSetting',
			label: 'Audio',
			description: 'Auto: the model decides the sound; Original: keep the input video\'s sound',
			type: 'options',
			labels: { auto: 'Auto', origin: 'Original' },
			path: 'parameters.audio_setting',
			placement: 'additional',
		},
		promptExtendField,
		watermarkField('parameters.watermark'),
	],
	models: [
		{
			...model('wan2.7-videoedit', 'Wan 2.7 Video Edit', 'A video plus up to 4 reference images; 720P or 1080P, input length or 2–10 s', {
				prompt: prompt(true),
				videoUrl: { required: true, media: WAN27_ASSUMED.video },
				referenceImageUrls: { maxItems: 4, mediaByKind: { image: WAN27_ASSUMED.referenceImage } },
				resolution: WAN27_RESOLUTION_RULE,
				ratio: WAN27_RATIO_RULE,
				duration: { values: EDIT_DURATIONS, default: 0 },
				audioSetting: { values: ['auto', 'origin'], default: 'auto' },
				promptExtend: { default: true },
				watermark: WATERMARK_RULE,
			}),
		},
	],
	result: 'output.video_url',
};
