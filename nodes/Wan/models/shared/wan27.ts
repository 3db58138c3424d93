import type { FieldDef, MediaKind, MediaLimits, ModelSpec, Protocol, RequestPath } from '../types';
import { DRIVING_AUDIO_LIMITS, VIDEO_FRAME_LIMITS } from './fields';

/**
 * What the wan2.7 video models (api-gaps.md §5: `wan2.7-i2v`, `wan2.7-r2v`, `wan2.7-videoedit`) share. They sit in
 * the operations of their intent (Image to Video, Reference to Video, Edit Video) and speak one request shape there:
 * their inputs are one list, `input.media[]`, of typed items `{ type, url }`; `resolution` (and `ratio`) as wan2.7-t2v
 * takes them; result in `output.video_url`. Rate 5/5 in Beijing and Singapore (api-platform.md §4.2; the -2026-06-12
 * r2v snapshot is not listed there and assumed alike).
 */

/**
 * What the reference leaves open, in one place: media limits of the wan2.7 items are not documented and
 * assumed as their wan2.6 counterparts (frames as image to video, audio as the driving audio, clips and
 * reference videos as wan2.6-r2v's reference videos, reference images as wan2.6-r2v's); the prompt limit
 * as wan2.7-t2v (5,000); typical run time as wan2.6.
 */
export const WAN27_ASSUMED = {
	frame: VIDEO_FRAME_LIMITS,
	audio: DRIVING_AUDIO_LIMITS,
	video: { formats: ['mp4', 'mov'], maxMb: 100, minSeconds: 1, maxSeconds: 30 } satisfies MediaLimits,
	referenceImage: { formats: ['jpeg', 'jpg', 'png', 'bmp', 'webp'], maxMb: 10, minPx: 240, maxPx: 5000 } satisfies MediaLimits,
	promptMax: 5000,
	typicalSeconds: 240,
};

export const WAN27_ENDPOINT = '/services/aigc/video-generation/video-synthesis';

/** Where a field goes as one typed item of `input.media` (for a field of the family's own shape, see `wan27Protocol`). */
export const mediaItem = (type: string): { path: RequestPath; item: { constant: Record<string, string> } } => ({
	path: 'input.media[]',
	item: { constant: { type } },
});

/** A media input that becomes one `{ type, url }` item of `input.media`. */
export const wan27Item = (name: string, label: string, kind: MediaKind, type: string, description: string): FieldDef => ({
	name,
	label,
	description,
	type: 'media',
	media: kind,
	...mediaItem(type),
	placement: 'main',
});

/** Several files, each one `{ type, url }` item of `input.media`. */
export const wan27Items = (name: string, label: string, kind: MediaKind, type: string, description: string): FieldDef => ({
	name,
	label,
	description,
	type: 'mediaList',
	media: [kind],
	...mediaItem(type),
	placement: 'main',
});

/**
 * The wan2.7 request shape inside a family of another shape: the family's fields named in `items` go into
 * `input.media[]` as typed items instead of the family's paths; endpoint and result as the family's (async only).
 */
export const wan27Protocol = (items: Readonly<Record<string, string>>): Protocol => ({
	endpoint: WAN27_ENDPOINT,
	paths: Object.fromEntries(Object.entries(items).map(([name, type]) => [name, mediaItem(type)])),
	constants: [],
	result: 'output.video_url',
});

export const wan27Model = (
	id: string,
	label: string,
	description: string,
	fields: ModelSpec['fields'],
	rules?: ModelSpec['rules'],
	protocol?: Protocol,
): ModelSpec => ({
	id,
	label,
	description,
	regions: ['cn-beijing', 'ap-southeast-1'],
	limits: { submitRps: 5, concurrency: 5 },
	typicalSeconds: WAN27_ASSUMED.typicalSeconds,
	...(protocol ? { protocol } : {}),
	fields,
	rules,
});

export const wan27Prompt = (required: boolean) => ({ required: required || undefined, maxLength: WAN27_ASSUMED.promptMax });
