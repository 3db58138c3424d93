import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { describeIssues, requestIdOf } from './answers';

/**
 * The answers of the synchronous avatar checks (models/avatar/detect.ts), one zod shape per detect model
 * (api-avatar.md): each says pass/fail in its own words; parseDetectAnswer gives one verdict shape.
 */

const box = z.array(z.number()).length(4);
const text = z.string().optional();
const envelope = <T extends z.ZodRawShape>(output: T) =>
	z.object({ output: z.object(output), usage: z.object({ image_count: z.number().optional() }).optional(), request_id: text });

/** What one detect answer says, in one shape for every model. */
export interface DetectVerdict {
	pass: boolean;
	/** Why it did not pass, in the service's words where it gives any. */
	reason?: string;
	code?: string;
	/** The answer's `output` as the service sent it (its own field names). */
	output: IDataObject;
	imageCount?: number;
	requestId?: string;
}

interface AnswerShape {
	schema: { safeParse(value: unknown): { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } };
	/** Pass flag and reason from an answer that fits the schema; a problem when it contradicts itself. */
	verdict(output: IDataObject): { pass: boolean; reason?: string; code?: string } | { problem: string };
}

const nonEmpty = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** `check_pass` (s2v, EMO, AnimateAnyone) vs `pass` (LivePortrait) vs no flag at all (Emoji). */
const ANSWERS: Readonly<Record<string, AnswerShape>> = {
	'wan2.2-s2v-detect': {
		schema: envelope({ check_pass: z.boolean(), humanoid: z.boolean().optional(), code: text, message: text }),
		verdict: (o) => ({
			pass: o.check_pass === true,
			code: nonEmpty(o.code),
			// The failing example carries empty code and message.
			reason: nonEmpty(o.message) ?? (o.humanoid === false ? 'no person was found in the image' : undefined),
		}),
	},
	'emo-detect-v1': {
		schema: envelope({ check_pass: z.boolean(), face_bbox: box.optional(), ext_bbox: box.optional(), code: text, message: text }),
		verdict: (o) => {
			if (o.check_pass === true && (!o.face_bbox || !o.ext_bbox)) return { problem: 'output.face_bbox / output.ext_bbox: missing although check_pass is true' };
			return { pass: o.check_pass === true, code: nonEmpty(o.code), reason: nonEmpty(o.message) };
		},
	},
	'liveportrait-detect': {
		schema: envelope({ pass: z.boolean(), message: text }),
		verdict: (o) => ({ pass: o.pass === true, reason: nonEmpty(o.message) }),
	},
	'emoji-detect-v1': {
		schema: envelope({ bbox_face: box.optional(), ext_bbox_face: box.optional(), check_pass: z.boolean().optional(), code: text, message: text }),
		verdict: (o) => {
			// No pass flag is documented: boxes present and no code is a pass (api-avatar.md §9.1 [INF]).
			const boxes = Boolean(o.bbox_face && o.ext_bbox_face);
			const code = nonEmpty(o.code);
			if (!boxes && !code && o.check_pass !== false) return { problem: 'output: neither face boxes (bbox_face, ext_bbox_face) nor a failure code' };
			return { pass: boxes && !code && o.check_pass !== false, code, reason: nonEmpty(o.message) };
		},
	},
	'animate-anyone-detect-gen2': {
		schema: envelope({ check_pass: z.boolean(), bodystyle: text, reason: text, code: text, message: text }),
		verdict: (o) => ({ pass: o.check_pass === true, code: nonEmpty(o.code), reason: nonEmpty(o.reason) ?? nonEmpty(o.message) }),
	},
};

/** Reads a detect answer of `model`: its verdict, or what about the answer was not as documented. */
export function parseDetectAnswer(model: string, body: IDataObject): DetectVerdict | { problem: string } {
	const shape = ANSWERS[model];
	if (!shape) return { problem: `no answer shape is known for ${model}` };
	const checked = shape.schema.safeParse(body);
	if (!checked.success) return { problem: describeIssues(checked.error?.issues ?? []) };
	const output = body.output as IDataObject;
	const verdict = shape.verdict(output);
	if ('problem' in verdict) return verdict;
	const usage = body.usage as IDataObject | undefined;
	return {
		...verdict,
		output,
		imageCount: typeof usage?.image_count === 'number' ? usage.image_count : undefined,
		requestId: requestIdOf(body),
	};
}
