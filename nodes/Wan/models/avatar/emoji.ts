import { avatarImageField } from './chain';
import { EMOJI_IMAGE } from './detect';
import type { FamilySpec } from '../types';
import { MP4_OUTPUT } from '../shared/fields';

/**
 * Emoji (api-avatar.md §9): portrait + a preset expression template → a short sticker video.
 * emoji-detect-v1 (ratio fixed 1:1) answers `bbox_face` / `ext_bbox_face`, which emoji-v1 takes as
 * `face_bbox` / `ext_bbox`.
 */

/** The documented `driven_id` templates (api-avatar.md §9.2 appendix), with an English name. */
const DRIVEN_IDS: Readonly<Record<string, string>> = {
	mengwa_kaixin: 'Cute Kid: Happy',
	mengwa_dengyan: 'Cute Kid: Staring',
	mengwa_gandong: 'Cute Kid: Moved',
	mengwa_renzhen_1: 'Cute Kid: Serious',
	mengwa_jidong: 'Cute Kid: Excited',
	mengwa_kun_1: 'Cute Kid: Sleepy',
	mengwa_jiaoxie: 'Cute Kid: Shy',
	dagong_zhuakuang: 'Office Worker: Going Crazy',
	dagong_wunai: 'Office Worker: Helpless',
	dagong_weixiao: 'Office Worker: Smiling',
	dagong_ganji: 'Office Worker: Grateful',
	dagong_kaixin: 'Office Worker: Happy',
	dagong_yangwang: 'Office Worker: Looking Up',
	dagong_kunhuo: 'Office Worker: Puzzled',
	jingdian_tiaopi: 'Classic: Playful',
	jingdian_deyi_1: 'Classic: Smug',
	jingdian_qidai: 'Classic: Expectant',
	jingdian_landuo_1: 'Classic: Lazy',
	jingdian_xianqi: 'Classic: Disdain',
	jingdian_lei: 'Classic: Tired',
};

export const emoji: FamilySpec = {
	resource: 'avatar',
	operation: 'emoji',
	displayName: 'Emoji Video',
	action: 'Make an expressive sticker video from a portrait',
	description: 'Turn a portrait into a short expressive sticker video from a preset template (face found by emoji-detect-v1 first)',
	endpoint: '/services/aigc/image2video/video-synthesis',
	output: MP4_OUTPUT,
	fields: [
		avatarImageField(
			'Frontal portrait of one person, face not covered, natural expression, head upright. JPG, PNG, BMP or WEBP, 400–7000 px per side, up to 10 MB.',
		),
		{
			name: 'drivenId',
			label: 'Expression Template',
			description: 'The preset expression the portrait performs',
			type: 'options',
			labels: Object.fromEntries(Object.entries(DRIVEN_IDS).map(([id, name]) => [id, `${name} (${id})`])),
			path: 'input.driven_id',
			placement: 'main',
		},
	],
	models: [
		{
			id: 'emoji-v1',
			label: 'Emoji',
			description: 'Portrait + expression template → short 1:1 sticker video',
			regions: ['cn-beijing'],
			// Not in the source: assumed like the other avatar models.
			limits: { submitRps: 5, concurrency: 1 },
			typicalSeconds: 60,
			fields: {
				imageUrl: { required: true, media: EMOJI_IMAGE },
				drivenId: { required: true, values: Object.keys(DRIVEN_IDS), default: 'mengwa_kaixin' },
			},
		},
	],
	result: 'output.video_url',
	chain: {
		detect: {
			model: 'emoji-detect-v1',
			uses: ['input.image_url'],
			// The names differ between the two models.
			carry: { bbox_face: 'input.face_bbox', ext_bbox_face: 'input.ext_bbox' },
		},
	},
};
