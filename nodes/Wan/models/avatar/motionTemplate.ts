import type { FamilySpec } from '../types';

/**
 * AnimateAnyone "Create Motion Template" on its own (api-avatar.md §6.2): a motion video becomes a reusable
 * template (`output.template_id`, AACT.…, bound to the account). The result is the ID, no file; AnimateAnyone
 * Dance takes it under Template ID and then skips its own template job.
 */
export const motionTemplate: FamilySpec = {
	resource: 'avatar',
	operation: 'createMotionTemplate',
	displayName: 'Create Motion Template',
	action: 'Create a reusable AnimateAnyone motion template',
	description: 'Turn a dance video into a reusable AnimateAnyone motion template (its template ID is the result, no file)',
	// Always documented with the trailing slash.
	endpoint: '/services/aigc/image2video/aa-template-generation/',
	output: { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' },
	fields: [
		{
			name: 'videoUrl',
			label: 'Motion Video URL',
			description:
				'Video of one person in full body, from the first frame, one continuous shot. MP4, AVI or MOV, 2–60 s, 200–2048 px per side, at least 24 fps, up to 200 MB.',
			type: 'media',
			media: 'video',
			path: 'input.video_url',
			placement: 'main',
		},
	],
	models: [
		{
			id: 'animate-anyone-template-gen2',
			label: 'AnimateAnyone Template Gen2',
			description: 'Motion video → reusable motion template ID (billed per second of video)',
			regions: ['cn-beijing'],
			// As the template step of AnimateAnyone Dance (avatarAnimateAnyone.ts).
			limits: { submitRps: 5, concurrency: 1 },
			typicalSeconds: 60,
			fields: {
				videoUrl: {
					required: true,
					media: { formats: ['mp4', 'avi', 'mov'], maxMb: 200, minPx: 200, maxPx: 2048, maxAspect: 3, minSeconds: 2, maxSeconds: 60 },
				},
			},
		},
	],
	// No file: the template ID (output.template_id) is the result (see deliverTask).
	result: [],
};
