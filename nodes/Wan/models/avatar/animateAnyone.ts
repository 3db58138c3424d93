import { avatarImageField } from './chain';
import { AA_IMAGE } from './detect';
import type { FamilySpec } from '../types';
import { MP4_OUTPUT } from '../shared/fields';

/**
 * AnimateAnyone (api-avatar.md §6): a person photo dances like the person in a motion video. Three steps:
 * animate-anyone-detect-gen2 checks the photo (synchronous), animate-anyone-template-gen2 turns the video
 * into a reusable motion template (a task yielding `template_id`), animate-anyone-gen2 makes the video.
 * A template ID from an earlier run skips the template job (templates belong to the account).
 */
export const animateAnyone: FamilySpec = {
	resource: 'avatar',
	operation: 'animateAnyone',
	displayName: 'AnimateAnyone Dance',
	action: 'Make a person photo dance like a video',
	description: 'Animate a person photo with the motion of a video, via a reusable motion template (photo checked first)',
	// Documented with the trailing slash (heading and curl).
	endpoint: '/services/aigc/image2video/video-synthesis/',
	output: MP4_OUTPUT,
	fields: [
		avatarImageField(
			'One person, full body or from the waist up, facing the camera, unobstructed. JPG, PNG or BMP, under 5 MB, aspect ratio up to 2, longest side up to 4096 px. Crop it to the video\'s aspect ratio.',
			'Person Image URL',
		),
		{
			// The template job's input (animate-anyone-template-gen2 input.video_url), never sent to the generation.
			name: 'videoUrl',
			label: 'Motion Video URL',
			description:
				'Video of one person in full body, from the first frame, one continuous shot: made into a motion template first. MP4, AVI or MOV, 2–60 s, 200–2048 px per side, at least 24 fps, up to 200 MB. Not needed with a Template ID.',
			type: 'media',
			media: 'video',
			path: 'input.video_url',
			placement: 'main',
		},
		{
			name: 'templateId',
			label: 'Template ID',
			description:
				'Reuse a motion template made before (the templateId of an earlier run, AACT.…; same Alibaba Cloud account): skips the template job and the Motion Video',
			type: 'string',
			placeholder: 'AACT.xxx.xxx-xxx.xxx',
			path: 'input.template_id',
			placement: 'main',
		},
		{
			name: 'useRefImgBg',
			label: 'Background From Image',
			description: "Whether the background comes from the photo (on) or from the motion video (off; not advised for half-body photos: legs are made up)",
			type: 'boolean',
			path: 'parameters.use_ref_img_bg',
			placement: 'additional',
		},
		{
			name: 'videoRatio',
			label: 'Aspect Ratio',
			description: "Aspect ratio of the video; applies only with Background From Image on (otherwise it follows the motion video's)",
			type: 'options',
			labels: { '9:16': '9:16 (Portrait)', '3:4': '3:4' },
			path: 'parameters.video_ratio',
			placement: 'additional',
		},
	],
	models: [
		{
			id: 'animate-anyone-gen2',
			label: 'AnimateAnyone Gen2',
			description: 'Person photo + motion template → silent dance video, 2–60 s, 15 fps',
			regions: ['cn-beijing'],
			// The rate-limit cells are blank in the source (merged): presumably 5 per second, 1 running.
			limits: { submitRps: 5, concurrency: 1 },
			typicalSeconds: 120,
			fields: {
				imageUrl: { required: true, media: AA_IMAGE },
				videoUrl: {
					media: { formats: ['mp4', 'avi', 'mov'], maxMb: 200, minPx: 200, maxPx: 2048, maxAspect: 3, minSeconds: 2, maxSeconds: 60 },
				},
				templateId: {},
				useRefImgBg: { default: false },
				videoRatio: { values: ['9:16', '3:4'], default: '9:16' },
			},
		},
	],
	result: 'output.video_url',
	chain: {
		detect: { model: 'animate-anyone-detect-gen2', uses: ['input.image_url'] },
		template: {
			model: 'animate-anyone-template-gen2',
			// Always documented with the trailing slash.
			endpoint: '/services/aigc/image2video/aa-template-generation/',
			limits: { submitRps: 5, concurrency: 1 },
			typicalSeconds: 60,
			takes: ['input.video_url'],
			resultField: 'template_id',
			resultPath: 'input.template_id',
		},
	},
};
