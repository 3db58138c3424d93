import { avatarImageField, voiceAudioField, voiceLimits } from './chain';
import { LIVEPORTRAIT_IMAGE } from './detect';
import type { FamilySpec, FieldDef } from '../types';
import { MP4_OUTPUT } from '../shared/fields';

/**
 * LivePortrait (api-avatar.md §8): fast talking head from a portrait and a voice, good for long videos
 * with simple head motion. liveportrait-detect is a gate only (its flag is `pass`, not `check_pass`).
 */

const additional = (name: string, label: string, description: string, type: 'number' | 'integer' | 'boolean', key: string): FieldDef =>
	({ name, label, description, type, path: `parameters.${key}`, placement: 'additional', ...(type === 'number' ? { precision: 2 } : {}) }) as FieldDef;

export const livePortrait: FamilySpec = {
	resource: 'avatar',
	operation: 'livePortrait',
	displayName: 'LivePortrait',
	action: 'Make a portrait talk with LivePortrait',
	description: 'Turn a portrait and a voice recording into a talking-head video, fast and long (checked by liveportrait-detect first)',
	// Documented with the trailing slash (heading and curl).
	endpoint: '/services/aigc/image2video/video-synthesis/',
	output: MP4_OUTPUT,
	fields: [
		avatarImageField('Portrait of one person, face clearly visible. JPG, PNG, BMP or WEBP, under 10 MB, aspect ratio up to 2, longest side up to 4096 px.'),
		voiceAudioField('Clear, loud voice without music: WAV or MP3, under 15 MB, 1 s to 3 min'),
		{
			// parameters.template_id: a head-motion preset, not an AnimateAnyone template.
			name: 'headMotion',
			label: 'Head Motion',
			description: 'Head-motion preset: Calm suits news reading, Active suits singing',
			type: 'options',
			labels: { normal: 'Normal', calm: 'Calm', active: 'Active' },
			path: 'parameters.template_id',
			placement: 'main',
		},
		additional('eyeMoveFreq', 'Blinks per Second', 'How often the eyes blink, 0 to 1 per second', 'number', 'eye_move_freq'),
		additional('videoFps', 'Frames per Second', 'Frame rate of the video, 15 to 30', 'integer', 'video_fps'),
		additional('mouthMoveStrength', 'Mouth Movement', 'Strength of the mouth movement, 0 (still) to 1.5', 'number', 'mouth_move_strength'),
		additional('pasteBack', 'Paste Back', 'Whether the animated face is pasted back onto the whole photo (off: only the face region)', 'boolean', 'paste_back'),
		additional('headMoveStrength', 'Head Movement', 'Strength of the head movement, 0 to 1', 'number', 'head_move_strength'),
	],
	models: [
		{
			id: 'liveportrait',
			label: 'LivePortrait',
			description: 'Portrait + voice → talking head with simple head motion, up to 3 minutes',
			regions: ['cn-beijing'],
			limits: { submitRps: 5, concurrency: 1 },
			// Example: 2.79 s of video in about 19 s.
			typicalSeconds: 20,
			secondsPerOutputSecond: 7,
			fields: {
				imageUrl: { required: true, media: LIVEPORTRAIT_IMAGE },
				audioUrl: { required: true, media: voiceLimits(15, 180, 1) },
				headMotion: { values: ['normal', 'calm', 'active'], default: 'normal' },
				eyeMoveFreq: { min: 0, max: 1, default: 0.5 },
				videoFps: { min: 15, max: 30, default: 24 },
				mouthMoveStrength: { min: 0, max: 1.5, default: 1 },
				pasteBack: { default: true },
				headMoveStrength: { min: 0, max: 1, default: 0.7 },
			},
		},
	],
	// Nested like the animate models (api-avatar.md §0.2).
	result: 'output.results.video_url',
	chain: { detect: { model: 'liveportrait-detect', uses: ['input.image_url'] } },
};
