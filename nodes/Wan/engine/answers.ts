import { z } from 'zod';

/**
 * The shapes of DashScope's answers (api-platform.md §1, §2.2; api-video.md §2), checked before they
 * are used, so that an unexpected answer is named as such instead of surfacing as `undefined` later.
 * Only what the node reads is described; the rest of an answer (result payloads differ per family) is
 * kept as it came. Written with the API common to zod 3.25 and 4.
 */

const optionalText = z.string().optional();

/** The `request_id` of any DashScope answer, when it has one (the ID support asks for). */
export function requestIdOf(body: { request_id?: unknown } | undefined): string | undefined {
	return typeof body?.request_id === 'string' ? body.request_id : undefined;
}

/** A create-task answer: the task now exists. */
export const submitAnswer = z.object({
	request_id: optionalText,
	output: z.object({ task_id: z.string().min(1), task_status: optionalText }),
});

/** A task query: HTTP 200 in every state, FAILED and UNKNOWN included. */
export const taskAnswer = z.object({
	request_id: optionalText,
	output: z.object({
		task_id: optionalText,
		task_status: z.string().min(1),
		submit_time: optionalText,
		scheduled_time: optionalText,
		end_time: optionalText,
		code: optionalText,
		message: optionalText,
	}),
	usage: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** The batch query: flat, not wrapped in `output`; times in epoch milliseconds. */
export const listAnswer = z.object({
	request_id: optionalText,
	data: z.array(
		z.object({
			task_id: z.string().min(1),
			status: optionalText,
			model_name: optionalText,
			gmt_create: z.number().optional(),
			start_time: z.number().optional(),
			end_time: z.number().optional(),
		}),
	),
	total_page: z.union([z.number(), z.string()]).optional(),
});

/** The temporary-upload policy (getPolicy): the fields the OSS form needs. */
export const policyAnswer = z.object({
	data: z.object({
		policy: z.string().min(1),
		signature: z.string().min(1),
		upload_dir: z.string().min(1),
		upload_host: z.string().min(1),
		oss_access_key_id: z.string().min(1),
		expire_in_seconds: z.union([z.number(), z.string()]).nullable().optional(),
		max_file_size_mb: z.union([z.number(), z.string()]).nullable().optional(),
	}),
});

/** "output.task_status: expected string, received undefined; …", at most three issues. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
	return issues
		.slice(0, 3)
		.map((issue) => `${issue.path.map(String).join('.') || 'the answer'}: ${issue.message}`)
		.join('; ');
}

/** What answerProblem needs of a schema (structural, so zod 3 and 4 both fit). */
interface Shape {
	safeParse(value: unknown): { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** Checks an answer against its shape: the problem in words, or undefined when it fits. */
export function answerProblem(schema: Shape, body: unknown): string | undefined {
	const checked = schema.safeParse(body);
	return checked.success ? undefined : describeIssues(checked.error.issues);
}
