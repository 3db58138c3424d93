// The avatar models (api-avatar.md §2, §3, §6–§10): the simulator's own rules, independent of nodes/.
// Detect models are synchronous (api.ts `detect`); the rest are tasks. Only type imports from models.ts
// (models.ts spreads these tables into its own, so a value import would be circular).
//
// Test triggers (documented here and in the simulator README section of api.ts):
//   `[[nopass]]` anywhere in a detect call's image URL makes the check fail, in the model's own fail shape.
import type { FieldRule, FinishedTaskView, ModelRule, VideoFamilySpec } from './models';

const MB = 1024 * 1024;

export const AVATAR_ENDPOINTS = {
	faceDetect: '/services/aigc/image2video/face-detect',
	aaDetect: '/services/aigc/image2video/aa-detect',
	aaTemplate: '/services/aigc/image2video/aa-template-generation',
} as const;

/** Synchronous endpoints: no X-DashScope-Async header; with it the call is refused (api-platform.md §3.2 AccessDenied (b)). */
export const SYNC_ENDPOINTS: ReadonlySet<string> = new Set([AVATAR_ENDPOINTS.faceDetect, AVATAR_ENDPOINTS.aaDetect]);

const IMAGE2VIDEO = '/services/aigc/image2video/video-synthesis';

// ---------- detect ----------

/** What a detect call answers: `output` of the model's own shape. */
export function detectAnswer(model: string, input: Record<string, unknown>, parameters: Record<string, unknown>): Record<string, unknown> {
	const url = String(input.image_url ?? '');
	let decoded = url;
	try {
		decoded = decodeURIComponent(url);
	} catch {
		/* keep as is */
	}
	const pass = !decoded.includes('[[nopass]]');
	switch (model) {
		case 'wan2.2-s2v-detect':
			// Documented fail example: empty code and message.
			return pass ? { check_pass: true, humanoid: true } : { check_pass: false, code: '', message: '' };
		case 'emo-detect-v1': {
			// Documented pass example; ext_bbox follows the requested ratio (its aspect equals the ratio). The fail tab is lost: assumed flag + message.
			const ext = parameters.ratio === '3:4' ? [71, 9, 671, 809] : [71, 9, 840, 778];
			return pass ? { check_pass: true, face_bbox: [302, 286, 610, 593], ext_bbox: ext } : { check_pass: false, message: 'No human face detected.' };
		}
		case 'liveportrait-detect':
			return pass ? { pass: true, message: '' } : { pass: false, message: 'No human face detected.' };
		case 'emoji-detect-v1':
			// No pass flag; boxes only on pass, code/message only on fail (the code's value is not documented: assumed).
			return pass
				? { bbox_face: [212, 194, 460, 441], ext_bbox_face: [63, 30, 609, 575] }
				: { code: 'InvalidFile.Content', message: 'The input image has no clear frontal face.' };
		default:
			// animate-anyone-detect-gen2
			return pass ? { bodystyle: 'full', check_pass: true } : { check_pass: false, reason: 'The input image has no human body or multi human bodies.' };
	}
}

const detectFamily = { produces: 'detect' } as const;

const image = (maxBytes: number, extra: Partial<Extract<FieldRule, { type: 'media' }>> = {}): FieldRule => ({
	type: 'media',
	kind: 'image',
	required: true,
	maxBytes,
	...extra,
});

/** "No limit stated": a generous simulator guard. */
const UNSTATED = 100 * MB;

const detectRule = (endpoint: string, imageRule: FieldRule, parameters: Record<string, FieldRule> = {}, parametersRequired = false): ModelRule => ({
	family: 'detect',
	endpoint,
	regions: ['cn-beijing'],
	rps: 5,
	concurrency: 5,
	typicalRunSeconds: 1,
	parametersRequired,
	input: { image_url: imageRule },
	parameters,
	defaults: {},
});

// ---------- generation ----------

/** Seconds of the produced video when the input could not be read (the documented examples' order). */
const DEFAULT_SECONDS = 5;

const s2vFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ width: 832, height: t.parameters.resolution === '720P' ? 1280 : 1248, durationSeconds: DEFAULT_SECONDS, fps: t.parameters.resolution === '720P' ? 30 : 16 }),
	result: (t, url) => ({
		output: { results: { video_url: url } },
		usage: { duration: DEFAULT_SECONDS, video_count: 1, SR: t.parameters.resolution === '720P' ? 720 : 480 },
	}),
};

const emoIsTall = (t: FinishedTaskView) => {
	const [x1, y1, x2, y2] = (t.input.ext_bbox as number[] | undefined) ?? [0, 0, 1, 1];
	return (y2 - y1) / (x2 - x1) > 1.15;
};

const emoFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ width: 512, height: emoIsTall(t) ? 704 : 512, durationSeconds: DEFAULT_SECONDS, fps: 15 }),
	result: (_t, url) => ({ output: { results: { video_url: url } }, usage: { video_duration: DEFAULT_SECONDS, video_ratio: emoIsTall(_t) ? '3:4' : '1:1' } }),
};

const livePortraitFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ width: 512, height: 512, durationSeconds: DEFAULT_SECONDS, fps: Number(t.parameters.video_fps ?? 24) }),
	result: (_t, url) => ({ output: { results: { video_url: url } }, usage: { video_duration: DEFAULT_SECONDS, video_ratio: 'standard' } }),
};

const emojiFamily: VideoFamilySpec = {
	produces: 'video',
	video: () => ({ width: 512, height: 512, durationSeconds: 2, fps: 25 }),
	// Emoji's usage.video_duration is an integer (api-avatar.md §0.2).
	result: (_t, url) => ({ output: { video_url: url }, usage: { video_duration: 2, video_ratio: 'standard' } }),
};

/** Template IDs issued by this simulator, with the template video's length (a template is bound to the account). */
export const TEMPLATES = new Map<string, { seconds: number }>();

const aaSeconds = (t: FinishedTaskView) => TEMPLATES.get(String(t.input.template_id))?.seconds ?? DEFAULT_SECONDS;

const aaFamily: VideoFamilySpec = {
	produces: 'video',
	video: (t) => ({ width: 720, height: t.parameters.video_ratio === '3:4' ? 960 : 1280, durationSeconds: aaSeconds(t), fps: 15 }),
	result: (t, url) => ({ output: { video_url: url }, usage: { video_duration: aaSeconds(t), video_ratio: 'standard' } }),
};

/** A task whose result is an ID, no file (animate-anyone-template-gen2 → `output.template_id`). */
export interface TemplateFamilySpec {
	produces: 'template';
	result(task: FinishedTaskView & { taskId: string }): { output: Record<string, unknown>; usage: Record<string, unknown> };
}

const templateFamily: TemplateFamilySpec = {
	produces: 'template',
	result: (t) => {
		const seconds = t.mediaSeconds.video_url ?? DEFAULT_SECONDS;
		const id = `AACT.sim.${t.taskId.slice(0, 8)}-${t.taskId.slice(9, 13)}.${t.taskId.slice(-6)}`;
		TEMPLATES.set(id, { seconds });
		return { output: { template_id: id }, usage: { video_duration: seconds, video_ratio: 'standard' } };
	},
};

const retalkSeconds = (t: FinishedTaskView) => t.mediaSeconds.video_url ?? DEFAULT_SECONDS;

const retalkFamily: VideoFamilySpec = {
	produces: 'video',
	// The output keeps the source video's size and ratio.
	video: (t) => ({ width: t.mediaPixels.video_url?.width ?? 720, height: t.mediaPixels.video_url?.height ?? 1280, durationSeconds: retalkSeconds(t), fps: 25 }),
	result: (t, url) => ({ output: { video_url: url }, usage: { video_duration: retalkSeconds(t), video_ratio: 'standard' } }),
};

export const AVATAR_FAMILIES = {
	detect: detectFamily,
	s2v: s2vFamily,
	emo: emoFamily,
	livePortrait: livePortraitFamily,
	emoji: emojiFamily,
	aaTemplate: templateFamily,
	animateAnyone: aaFamily,
	videoRetalk: retalkFamily,
};

const WIDE_IMAGE = image(UNSTATED, { minPx: 400, maxPx: 7000 });
const voice = (maxMb: number): FieldRule => ({ type: 'media', kind: 'audio', required: true, maxBytes: maxMb * MB });
const box: FieldRule = { type: 'box', required: true };

export const EMOJI_DRIVEN_IDS = [
	'mengwa_kaixin', 'dagong_zhuakuang', 'mengwa_dengyan', 'dagong_wunai', 'mengwa_gandong', 'dagong_weixiao',
	'mengwa_renzhen_1', 'dagong_ganji', 'mengwa_jidong', 'jingdian_tiaopi', 'mengwa_kun_1', 'jingdian_deyi_1',
	'mengwa_jiaoxie', 'jingdian_qidai', 'dagong_kaixin', 'jingdian_landuo_1', 'dagong_yangwang', 'jingdian_xianqi',
	'dagong_kunhuo', 'jingdian_lei',
] as const;

const task = (family: ModelRule['family'], spec: Partial<ModelRule> & Pick<ModelRule, 'input'>): ModelRule => ({
	family,
	endpoint: IMAGE2VIDEO,
	regions: ['cn-beijing'],
	rps: 5,
	concurrency: 1,
	typicalRunSeconds: 120,
	parametersRequired: false,
	parameters: {},
	defaults: {},
	...spec,
});

export const AVATAR_MODELS: Record<string, ModelRule> = {
	'wan2.2-s2v-detect': detectRule(AVATAR_ENDPOINTS.faceDetect, WIDE_IMAGE),
	'emo-detect-v1': detectRule(AVATAR_ENDPOINTS.faceDetect, image(UNSTATED, { minPx: 400, maxPx: 7000 }), {
		ratio: { type: 'string', required: true, enum: ['1:1', '3:4'] },
	}),
	'liveportrait-detect': detectRule(AVATAR_ENDPOINTS.faceDetect, image(10 * MB, { maxPx: 4096 })),
	// `parameters` and its ratio (fixed "1:1") are required.
	'emoji-detect-v1': detectRule(AVATAR_ENDPOINTS.faceDetect, image(10 * MB, { minPx: 400, maxPx: 7000 }), { ratio: { type: 'string', required: true, enum: ['1:1'] } }, true),
	'animate-anyone-detect-gen2': detectRule(AVATAR_ENDPOINTS.aaDetect, image(UNSTATED)),

	// s2v example: 18.13 s of video in ≈173 s.
	'wan2.2-s2v': task('s2v', {
		typicalRunSeconds: 173,
		input: { image_url: WIDE_IMAGE, audio_url: voice(15) },
		parameters: { resolution: { type: 'string', enum: ['480P', '720P'] } },
		defaults: { resolution: '480P' },
	}),
	'emo-v1': task('emo', {
		typicalRunSeconds: 133,
		input: { image_url: WIDE_IMAGE, audio_url: voice(15), face_bbox: box, ext_bbox: { type: 'box', required: true, ratios: [1, 4 / 3] } },
		parameters: { style_level: { type: 'string', enum: ['normal', 'calm', 'active'] } },
		defaults: { style_level: 'normal' },
	}),
	liveportrait: task('livePortrait', {
		typicalRunSeconds: 19,
		input: { image_url: image(10 * MB, { maxPx: 4096 }), audio_url: voice(15) },
		parameters: {
			template_id: { type: 'string', enum: ['normal', 'calm', 'active'] },
			eye_move_freq: { type: 'number', min: 0, max: 1 },
			video_fps: { type: 'integer', min: 15, max: 30 },
			mouth_move_strength: { type: 'number', min: 0, max: 1.5 },
			paste_back: { type: 'boolean' },
			head_move_strength: { type: 'number', min: 0, max: 1 },
		},
		defaults: { template_id: 'normal', eye_move_freq: 0.5, video_fps: 24, mouth_move_strength: 1, paste_back: true, head_move_strength: 0.7 },
	}),
	// Limits not in the source: assumed as the other avatar models (5 RPS, 1 running).
	'emoji-v1': task('emoji', {
		typicalRunSeconds: 60,
		input: { image_url: image(10 * MB, { minPx: 400, maxPx: 7000 }), face_bbox: box, ext_bbox: box, driven_id: { type: 'string', required: true, enum: EMOJI_DRIVEN_IDS } },
	}),
	'animate-anyone-template-gen2': task('aaTemplate', {
		endpoint: AVATAR_ENDPOINTS.aaTemplate,
		typicalRunSeconds: 60,
		// Documented as optional although it is the only input: the simulator treats it as required.
		input: { video_url: { type: 'media', kind: 'video', required: true, maxBytes: 200 * MB, minSeconds: 2, maxSeconds: 60 } },
	}),
	'animate-anyone-gen2': task('animateAnyone', {
		typicalRunSeconds: 120,
		input: { image_url: image(5 * MB, { maxPx: 4096 }), template_id: { type: 'string', required: true } },
		parameters: { use_ref_img_bg: { type: 'boolean' }, video_ratio: { type: 'string', enum: ['9:16', '3:4'] } },
		defaults: { use_ref_img_bg: false, video_ratio: '9:16' },
		requiresTemplate: true,
	}),
	// 1 submission per second (api-avatar.md §0.1).
	videoretalk: task('videoRetalk', {
		rps: 1,
		typicalRunSeconds: 71,
		input: {
			video_url: { type: 'media', kind: 'video', required: true, maxBytes: 300 * MB, minSeconds: 2, maxSeconds: 120 },
			audio_url: { type: 'media', kind: 'audio', required: true, maxBytes: 30 * MB },
			ref_image_url: image(10 * MB, { required: false, maxPx: 4096 }),
		},
		parameters: { video_extension: { type: 'boolean' } },
		defaults: { video_extension: false },
	}),
};

/** Paths documented with a trailing slash (aa-template-generation always; video-synthesis on several pages). */
export const AVATAR_TRAILING_SLASH_OK: readonly string[] = [AVATAR_ENDPOINTS.aaTemplate];
