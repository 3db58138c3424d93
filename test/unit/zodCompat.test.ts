/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Runs in both jest projects: once with zod 3.25 (what n8n ships), once with zod 4 (see jest.config.js).
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { z } from 'zod';

import { answerProblem, taskAnswer } from '../../nodes/Wan/engine/answers';

/** Set per jest project in jest.config.js. */
const EXPECTED = (globalThis as { EXPECTED_ZOD_MAJOR?: number }).EXPECTED_ZOD_MAJOR;

describe(`the zod API the node uses (zod ${EXPECTED})`, () => {
	it('runs under the zod major its jest project names, for the node code too', async () => {
		// zod 4 has `z.core`; zod 3 does not.
		assert.equal('core' in z ? 4 : 3, EXPECTED);
		const fromNodeCode = (await import('../../nodes/Wan/request/validation')) as unknown as Record<string, unknown>;
		assert.ok(fromNodeCode, 'validation module loads under this zod');
	});

	it('object, string max, int ranges, enum, union, array, literal, superRefine, safeParse issues', () => {
		const schema = z
			.object({
				name: z.string().max(3),
				count: z.number().int().min(1).max(4),
				kind: z.enum(['a', 'b']),
				either: z.union([z.string(), z.number()]),
				list: z.array(z.literal('x')).min(1).max(2),
			})
			.superRefine((value, ctx) => {
				if (value.kind === 'b' && value.count > 2) ctx.addIssue({ code: 'custom', path: ['count'], message: 'b takes at most 2' });
			});
		assert.equal(schema.safeParse({ name: 'abc', count: 2, kind: 'a', either: 1, list: ['x'] }).success, true);
		const bad = schema.safeParse({ name: 'abcd', count: 5, kind: 'c', either: true, list: [] });
		assert.equal(bad.success, false);
		if (bad.success) return;
		assert.deepEqual([...new Set(bad.error.issues.map((issue) => String(issue.path[0])))].sort(), ['count', 'either', 'kind', 'list', 'name']);
		const refined = schema.safeParse({ name: 'a', count: 3, kind: 'b', either: 'x', list: ['x'] });
		assert.equal(refined.success, false);
		if (!refined.success) assert.equal(refined.error.issues[0].message, 'b takes at most 2');
	});

	it('the engine reads DashScope answers with it', () => {
		assert.equal(answerProblem(taskAnswer, { output: { task_status: 'RUNNING' } }), undefined);
		assert.match(answerProblem(taskAnswer, { output: {} }) ?? '', /^output\.task_status: /);
	});
});
