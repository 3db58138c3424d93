/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { adviceFor, refusalClass } from '../../nodes/Wan/errors';
import { outputSecondsOf, RunTimes } from '../../nodes/Wan/engine/pollPlan';
import { modelRegionProblem } from '../../nodes/Wan/models/shared/regions';
import { TERMINAL_STATUSES, terminalFailure } from '../../nodes/Wan/engine/taskAnswer';

describe('submission refusals: one table, every documented code (api-platform.md §3.2)', () => {
	const cases: Array<[number, string, string, string]> = [
		[429, 'Throttling', '', 'throttled'],
		[429, 'Throttling.RateQuota', 'Requests rate limit exceeded', 'throttled'],
		[429, 'Throttling.BurstRate', '', 'throttled'],
		[429, 'LimitRequests', '', 'throttled'],
		[429, 'limit_burst_rate', '', 'throttled'],
		[429, 'Throttling.AllocationQuota', 'Allocated quota exceeded', 'throttled'],
		[429, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.', 'final'],
		[429, 'insufficient_quota', 'Free allocated quota exceeded.', 'final'],
		[429, 'insufficient_quota', 'Allocated quota exceeded, please increase your quota limit.', 'throttled'],
		[429, 'CommodityNotPurchased', '', 'final'],
		[429, 'PrepaidBillOverdue', '', 'final'],
		[503, 'ModelServingError', 'Too many requests', 'capacity'],
		[503, 'ModelUnavailable', '', 'capacity'],
		[500, 'InternalError', 'Internal server error!', 'internal'],
		[500, 'InternalError.FileUpload', '', 'internal'],
		[500, 'InternalError.Algo', 'inference internal error', 'once'],
		[500, 'SystemError', '', 'internal'],
		[500, 'ModelServiceFailed', '', 'internal'],
		[500, 'RequestTimeOut', '', 'internal'],
		[408, 'RequestTimeOut', '', 'internal'],
		[400, 'InvalidParameter', 'size is invalid', 'final'],
		[400, 'InvalidParameter.DataInspection', 'Download the media resource timed out.', 'once'],
		[400, 'InvalidParameter.DataInspection', 'The media format is not supported.', 'final'],
		[400, 'InvalidURL.Timeout', '', 'once'],
		[400, 'InvalidURL.ConnectionRefused', '', 'final'],
		[400, 'BadRequest.InputDownloadFailed', 'download timeout', 'once'],
		[400, 'BadRequest.EmptyInput', '', 'final'],
		[400, 'InvalidImage.FaceNotMatch', '', 'final'],
		[400, 'DataInspectionFailed', '', 'final'],
		[400, 'IPInfringementSuspect', '', 'final'],
		[400, 'Arrearage', '', 'final'],
		[401, 'InvalidApiKey', '', 'final'],
		[403, 'AccessDenied', '', 'final'],
		[403, 'AllocationQuota.FreeTierOnly', '', 'final'],
		[404, 'ModelNotFound', '', 'final'],
		[413, 'BadRequest.TooLarge', '', 'final'],
		// Undocumented codes follow the HTTP status.
		[503, 'SomethingNew', '', 'capacity'],
		[502, 'SomethingNew', '', 'internal'],
		[400, 'SomethingNew', '', 'final'],
	];
	for (const [status, code, message, expected] of cases) {
		it(`${status} ${code}${message ? ` "${message}"` : ''} → ${expected}`, () => {
			assert.equal(refusalClass(status, code, message), expected);
		});
	}

	it('advice by exact code, then by the longest prefix', () => {
		assert.match(adviceFor('Throttling.BurstRate') ?? '', /rate limit/);
		assert.match(adviceFor('InternalError.Timeout') ?? '', /3 hours/);
		assert.match(adviceFor('InvalidImage.NoHumanFace') ?? '', /image failed the service checks/);
		assert.equal(adviceFor('Nope'), undefined);
	});
});

describe('CANCELLED and CANCELED are both final', () => {
	for (const status of ['CANCELED', 'CANCELLED']) {
		it(status, () => {
			assert.ok(TERMINAL_STATUSES.has(status));
			assert.equal(terminalFailure({ taskId: 't', status, output: {} })?.code, 'TaskCanceled');
		});
	}
});

describe('run times are learned per output second', () => {
	it('the table figure scales with the output length (animate pro: 16 s per second)', () => {
		const times = new RunTimes(180_000, 16_000);
		assert.equal(times.expectedMs(30), 480_000);
		assert.equal(times.expectedMs(), 180_000, 'unknown length: the typical time');
	});

	it('a finished task teaches seconds per output second, applied to other lengths', () => {
		const times = new RunTimes(180_000, 9_000);
		times.record(60_000, 10);
		assert.equal(times.expectedMs(5), 30_000);
		assert.equal(times.expectedMs(), 60_000);
	});

	it('the billed length comes from whichever usage field the family reports', () => {
		assert.equal(outputSecondsOf({ duration: 5, output_video_duration: 5 }), 5);
		assert.equal(outputSecondsOf({ video_duration: 5.2, video_ratio: 'standard' }), 5.2);
		assert.equal(outputSecondsOf({ image_count: 4 }), undefined);
	});
});

describe('region check', () => {
	it('names the regions that serve the model', () => {
		const model = { id: 'wan2.6-t2v-us', regions: ['us-east-1'] as const };
		assert.equal(modelRegionProblem(model, 'us-east-1'), undefined);
		assert.match(modelRegionProblem(model, 'cn-beijing') ?? '', /not offered in China \(Beijing\).*offered in: US \(Virginia\)/);
	});
});

describe('DashScope answers are checked against their documented shapes', () => {
	it('a task answer without task_status is unexpected (not UNKNOWN)', async () => {
		const { unexpectedTaskAnswer } = await import('../../nodes/Wan/engine/taskAnswer');
		assert.equal(unexpectedTaskAnswer({ status: 200, body: { output: { task_id: 't', task_status: 'RUNNING' } } }, 't'), undefined);
		const failure = unexpectedTaskAnswer({ status: 200, body: { data: 'gateway says hi' } }, 't');
		assert.equal(failure?.code, 'UnexpectedAnswer');
		assert.match(failure?.message ?? '', /task t in an unexpected shape \(output: /);
	});

	it('list answers need a data array of task ids; submit answers a task id', async () => {
		const { answerProblem, listAnswer, submitAnswer } = await import('../../nodes/Wan/engine/answers');
		assert.equal(answerProblem(listAnswer, { data: [{ task_id: 'a', status: 'RUNNING', gmt_create: 1 }], total_page: 1 }), undefined);
		assert.match(answerProblem(listAnswer, { data: [{ status: 'RUNNING' }] }) ?? '', /^data\.0\.task_id: /);
		assert.equal(answerProblem(submitAnswer, { output: { task_id: 'x', task_status: 'PENDING' } }), undefined);
		assert.match(answerProblem(submitAnswer, { output: {} }) ?? '', /^output\.task_id: /);
	});
});
