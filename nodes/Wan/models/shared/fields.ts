import type { FieldDef, FieldRule, MediaLimits, RequestPath } from '../types';

/**
 * Fields and limits shared by several families. A family picks the definitions it needs; each model
 * then states its own rule (range, enum, default) for each field it takes.
 */

export const promptField = (description: string): FieldDef => ({
	name: 'prompt',
	label: 'Prompt',
	description,
	type: 'string',
	multiline: true,
	path: 'input.prompt',
	placement: 'main',
});

export const negativePromptField: FieldDef = {
	name: 'negativePrompt',
	label: 'Negative Prompt',
	description: 'What the video should not show',
	type: 'string',
	multiline: true,
	path: 'input.negative_prompt',
	placement: 'additional',
};

export const promptExtendField: FieldDef = {
	name: 'promptExtend',
	label: 'Prompt Extend',
	description: 'Whether the service rewrites the prompt with an LLM first. Helps short prompts, adds latency.',
	type: 'boolean',
	path: 'parameters.prompt_extend',
	placement: 'additional',
};

export const shotTypeField: FieldDef = {
	name: 'shotType',
	label: 'Shot Type',
	description: 'Single continuous shot or several shots. Multi-shot takes effect only with Prompt Extend on.',
	type: 'options',
	labels: { single: 'Single Shot', multi: 'Multiple Shots' },
	path: 'parameters.shot_type',
	placement: 'additional',
};

export const watermarkField = (path: RequestPath): FieldDef => ({
	name: 'watermark',
	label: 'Watermark',
	description: 'Whether to add an "AI generated" watermark in the bottom-right corner',
	type: 'boolean',
	path,
	placement: 'additional',
});

export const seedField: FieldDef = {
	name: 'seed',
	label: 'Seed',
	description: 'Random seed (0–2147483647). The same seed makes results similar, not identical.',
	type: 'integer',
	path: 'parameters.seed',
	placement: 'additional',
};

export const SEED_RULE: FieldRule = { min: 0, max: 2147483647 };
export const NEGATIVE_PROMPT_RULE: FieldRule = { maxLength: 500 };
export const PROMPT_EXTEND_RULE: FieldRule = { default: true };
export const SHOT_TYPE_RULE: FieldRule = { values: ['single', 'multi'], default: 'single' };
export const WATERMARK_RULE: FieldRule = { default: false };

/** Concrete output sizes (`W*H`) per resolution tier (api-video.md §3.2); 480P has no 4:3 sizes. */
export const VIDEO_SIZES = {
	'480P': ['832*480', '480*832', '624*624'],
	'720P': ['1280*720', '720*1280', '960*960', '1088*832', '832*1088'],
	'1080P': ['1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632'],
} as const;

export type VideoTier = keyof typeof VIDEO_SIZES;

const ASPECT_OF: Record<string, string> = {
	'832*480': '16:9', '480*832': '9:16', '624*624': '1:1',
	'1280*720': '16:9', '720*1280': '9:16', '960*960': '1:1', '1088*832': '4:3', '832*1088': '3:4',
	'1920*1080': '16:9', '1080*1920': '9:16', '1440*1440': '1:1', '1632*1248': '4:3', '1248*1632': '3:4',
};

export function videoSizes(...tiers: VideoTier[]): string[] {
	return tiers.flatMap((tier) => [...VIDEO_SIZES[tier]]);
}

/** Human labels for size options, e.g. "1280×720 (16:9, 720P)". */
export function videoSizeLabels(): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const [tier, sizes] of Object.entries(VIDEO_SIZES)) {
		for (const size of sizes) labels[size] = `${size.replace('*', '×')} (${ASPECT_OF[size]}, ${tier})`;
	}
	return labels;
}

/** Driving audio for wan2.5 / wan2.6 video models (api-video.md §3.2, §4.2). */
export const DRIVING_AUDIO_LIMITS: MediaLimits = { formats: ['wav', 'mp3'], maxMb: 15, minSeconds: 3, maxSeconds: 30 };

/** Optional soundtrack of the wan2.5 / wan2.6 video models (text to video, image to video). */
export const drivingAudioField: FieldDef = {
	name: 'audioUrl',
	label: 'Audio URL',
	description:
		'Optional soundtrack to lip-sync to: WAV or MP3, 3–30 s, up to 15 MB. Without it the model generates sound itself.',
	type: 'media',
	media: 'audio',
	path: 'input.audio_url',
	placement: 'additional',
};

/**
 * Input frames of the image-to-video families (api-video.md §4.2 `img_url`, §5.2 `first_frame_url` /
 * `last_frame_url`): each side 360–2000 px, up to 10 MB. PNGs must have no alpha channel; that is not
 * checked here (the service judges it).
 */
export const VIDEO_FRAME_LIMITS: MediaLimits = {
	formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'],
	maxMb: 10,
	minPx: 360,
	maxPx: 2000,
	// img_url and first_frame_url document data URIs; last_frame_url has "the same limits" (api-video.md §5.2).
	dataUri: true,
};

/** Output tiers of the image-to-video families (`parameters.resolution`): total pixels; the aspect ratio follows the image. */
export const resolutionField: FieldDef = {
	name: 'resolution',
	label: 'Resolution',
	description: "Output resolution tier. Sets the pixel count only: the video keeps the input image's aspect ratio.",
	type: 'options',
	path: 'parameters.resolution',
	placement: 'main',
};

/**
 * Aspect ratio of the models that take a `resolution` tier plus a `ratio` instead of a `W*H` size
 * (wan2.7-t2v, api-gaps.md §5 [Q13]).
 */
export const ratioField: FieldDef = {
	name: 'ratio',
	label: 'Aspect Ratio',
	description: 'Width:height of the video; together with the resolution tier it sets the output size',
	type: 'options',
	labels: { '16:9': '16:9 (Landscape)', '9:16': '9:16 (Portrait)', '1:1': '1:1 (Square)', '4:3': '4:3', '3:4': '3:4' },
	path: 'parameters.ratio',
	placement: 'main',
};

/**
 * Video effect templates (api-video.md §6) ride on the image-to-video families as `input.template`.
 * The empty value means "no effect": it is never sent (empty values are omitted), so the prompt applies.
 */
export const NO_TEMPLATE = '';

export const templateField = (labels: Readonly<Record<string, string>>): FieldDef => ({
	name: 'template',
	label: 'Effect Template',
	description:
		'A ready-made effect applied to the image. With an effect the prompt is ignored; each effect wants a matching image (one person, two people, …).',
	type: 'options',
	labels: { [NO_TEMPLATE]: 'None (Use the Prompt)', ...labels },
	path: 'input.template',
	placement: 'main',
});

export const videoSizeField: FieldDef = {
	name: 'size',
	label: 'Size',
	description: 'Output width*height; the aspect ratio follows from it',
	type: 'options',
	labels: videoSizeLabels(),
	path: 'parameters.size',
	placement: 'main',
};

export const durationField: FieldDef = {
	name: 'duration',
	label: 'Duration (Seconds)',
	description: 'Length of the video in seconds',
	type: 'integer',
	path: 'parameters.duration',
	placement: 'main',
};

/** Sound on or off, for the "flash" models that can make silent videos. */
export const audioSwitchField: FieldDef = {
	name: 'audio',
	label: 'Audio',
	description: 'Whether the video has sound. Off makes a silent video (billed at the silent price) even with an Audio URL.',
	type: 'boolean',
	path: 'parameters.audio',
	placement: 'additional',
};

/** Images per task (`parameters.n`), shared by the Wan image families. */
export const numberOfImagesField: FieldDef = {
	name: 'numberOfImages',
	label: 'Number of Images',
	description: 'How many images to generate; each is billed. They arrive in one output item (data, data_2 …), or one item each with the One Item per Image option.',
	type: 'integer',
	path: 'parameters.n',
	placement: 'main',
};

/** 1–4; the service's own default is 4 (api-gaps.md §1.2, §2.1), which the node shows and therefore sends. */
export const NUMBER_OF_IMAGES_RULE: FieldRule = { min: 1, max: 4, default: 4 };

/** Output size of an image family; each family offers its own sizes (labels are per family). */
export const imageSizeField = (labels: Readonly<Record<string, string>>): FieldDef => ({
	name: 'size',
	label: 'Size',
	description: 'Output width*height in pixels',
	type: 'options',
	labels,
	path: 'parameters.size',
	placement: 'main',
});

export const imageNegativePromptField: FieldDef = { ...negativePromptField, description: 'What the image should not show' };

/**
 * The wan2.7 video models take a `resolution` tier and a `ratio` (api-gaps.md §5 [Q13]). The reference
 * documents no defaults: 1080P and 16:9 are assumed (the wan2.6 default 1920*1080), for every wan2.7 model.
 */
export const WAN27_RESOLUTION_RULE: FieldRule = { values: ['720P', '1080P'], default: '1080P' };
export const WAN27_RATIO_RULE: FieldRule = { values: ['16:9', '9:16', '1:1', '4:3', '3:4'], default: '16:9' };

/** A single media input shown in the panel (URL or binary data), sent at `path`. */
export const mediaField = (media: 'image' | 'video' | 'audio', name: string, label: string, description: string, path: RequestPath): FieldDef => ({
	name,
	label,
	description,
	type: 'media',
	media,
	path,
	placement: 'main',
});

export const imageField = (name: string, label: string, description: string, path: RequestPath): FieldDef =>
	mediaField('image', name, label, description, path);

/** How far an expand/out-paint function extends one side (`top`, `bottom`, `left`, `right`) of an image or video frame. */
export const scaleField = (side: string, what: 'image' | 'frame', example = ''): FieldDef => ({
	name: `${side}Scale`,
	label: `${side[0].toUpperCase()}${side.slice(1)} Scale`,
	description: `How far to extend the ${what} at the ${side}, as a multiple of the original (1.0 = not at all${example})`,
	type: 'number',
	precision: 2,
	path: `parameters.${side}_scale`,
	placement: 'main',
});

/**
 * Where an image tool's finished task holds its images when the reference does not show the answer (background
 * generation, erase & completion, X-Painting, virtual model, shoe model, poster): the documented families' places
 * (`results[].url`, out-painting's `output_image_url`) and those outside sources name for these models
 * (`result_url`, the poster's `render_urls`). Every place is read; a task answers in one of them.
 */
export const UNDOCUMENTED_IMAGE_RESULT = ['output.results[].url', 'output.output_image_url', 'output.result_url', 'output.render_urls[]'] as const;

/** What a family's result files are: MP4 videos, or PNG images (the few JPEG/JSON results spell theirs out). */
export const MP4_OUTPUT = { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' } as const;
export const PNG_OUTPUT = { kind: 'image', mimeType: 'image/png', extension: 'png' } as const;
