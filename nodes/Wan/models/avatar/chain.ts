import type { FieldDef, MediaLimits, RequestPath } from '../types';
import { mediaField } from '../shared/fields';

/**
 * The avatar families (api-avatar.md §3, §6–§10) need a check or a preparatory job before the paid
 * generation. A family states its steps here as data; actions/avatar.ts runs them inside the item.
 */

export interface DetectStep {
	/** The detect model (a model of Avatar → Detect, see avatarDetect.ts: endpoint, limits, answer shape). */
	model: string;
	/** Generation request values the detect call takes too, at the same path (the image URL). */
	uses: readonly RequestPath[];
	/** Values that belong to the detect call only: moved out of the generation request (EMO's ratio). */
	takes?: readonly RequestPath[];
	/** Detect output field → where the generation request takes it (Emoji: `bbox_face` → `input.face_bbox`). */
	carry?: Readonly<Record<string, RequestPath>>;
}

/** An asynchronous preparatory task whose result (an ID, no file) the generation takes. */
export interface TemplateStep {
	model: string;
	endpoint: string;
	limits: { submitRps: number; concurrency: number };
	typicalSeconds: number;
	/** Values that belong to the template job only: moved out of the generation request (the motion video). */
	takes: readonly RequestPath[];
	/** The result field of the SUCCEEDED task's `output`. */
	resultField: string;
	/** Where the generation takes it; a value the user already put there skips the job (templates are reusable). */
	resultPath: RequestPath;
}

export interface ChainSpec {
	detect: DetectStep;
	template?: TemplateStep;
}

/** The formats every avatar image field names (AnimateAnyone's generation drops WEBP). */
export const AVATAR_IMAGE_FORMATS = ['jpg', 'jpeg', 'png', 'bmp', 'webp'] as const;

export const avatarImageField = (description: string, label = 'Portrait Image URL'): FieldDef =>
	mediaField('image', 'imageUrl', label, description, 'input.image_url');

export const voiceAudioField = (description: string): FieldDef => mediaField('audio', 'audioUrl', 'Voice Audio URL', description, 'input.audio_url');

/** Voice audio of the talking-head models: WAV or MP3, clear voice (per model: size and length). */
export const voiceLimits = (maxMb: number, maxSeconds: number, minSeconds?: number): MediaLimits => ({
	formats: ['wav', 'mp3'],
	maxMb,
	minSeconds,
	maxSeconds,
});
