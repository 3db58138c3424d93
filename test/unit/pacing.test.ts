/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { inputVerdict } from '../../nodes/Wan/engine/lostTask';
import { AdaptiveRate, backoffMs, RateGate, Semaphore } from '../../nodes/Wan/engine/pacing';
import { nextPollDelayMs, RunTimes, serviceTimeMs } from '../../nodes/Wan/engine/pollPlan';

describe('pacing', () => {
	it('RateGate lets callers through in order, each grant decided at least the spacing after the previous one', async () => {
		const gate = new RateGate(20);
		const order: number[] = [];
		await Promise.all(Array.from({ length: 6 }, (_, i) => gate.acquire().then(() => order.push(i))));
		assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
		// The gate's own decisions (a loaded machine can only make the gaps longer): 55 ms = 20/s plus 10 %.
		assert.equal(gate.grants.length, 6);
		for (let i = 1; i < gate.grants.length; i++) {
			assert.equal(Math.round(gate.grants[i].spacingMs), 55);
			assert.ok(gate.grants[i].at - gate.grants[i - 1].at >= 55, `gap ${gate.grants[i].at - gate.grants[i - 1].at} ms`);
		}
	});

	it('RateGate.holdFor delays even a caller that is already waiting', async () => {
		// 0.5 per second: the second caller certainly waits (2.2 s) when the hold comes, however slow the machine.
		const gate = new RateGate(0.5);
		await gate.acquire();
		const waiting = gate.acquire();
		assert.equal(gate.grants.length, 1, 'the second caller waits');
		const heldAt = Date.now();
		gate.holdFor(3000);
		await waiting;
		assert.ok(gate.grants[1].at >= heldAt + 3000, `granted ${gate.grants[1].at - heldAt} ms after the hold`);
	});

	it('AdaptiveRate halves on a 429 (once per second) and climbs back a twentieth of the ceiling per second', () => {
		const rate = new AdaptiveRate(20);
		assert.equal(rate.at(0), 20);
		assert.equal(rate.throttled(1000), 10);
		assert.equal(rate.throttled(1500), 10.5, 'answers to calls already on the wire count once');
		assert.equal(rate.at(3000), 12);
		assert.equal(rate.throttled(3000), 6);
		assert.equal(rate.at(3000 + 14_000), 20, 'back to the ceiling, never above');
		const slow = new AdaptiveRate(2);
		for (let t = 0; t < 20_000; t += 1000) slow.throttled(t);
		assert.equal(slow.throttled(20_000), 0.2, 'never below 0.2 per second (nor 5 % of the ceiling)');
	});

	it('RateGate.throttled lowers the gate\'s rate: the spacing of later grants grows', () => {
		const gate = new RateGate(10);
		assert.equal(Math.round(gate.spacingMs), 110);
		gate.throttled(0);
		assert.ok(gate.spacingMs > 200, `spacing ${gate.spacingMs} ms after a 429`);
		assert.equal(gate.throttles, 1);
	});

	it('a lost answer\'s candidate is compared on what its task query echoes', () => {
		const sent = { model: 'wan2.6-t2v', input: { prompt: 'a fox ' }, parameters: { size: '1280*720' } };
		assert.equal(inputVerdict({ output: { task_status: 'RUNNING' } }, sent), 'unknown', 'a running task echoes nothing');
		assert.equal(inputVerdict({ output: { orig_prompt: 'a fox' } }, sent), 'same');
		assert.equal(inputVerdict({ output: { orig_prompt: 'a cat' } }, sent), 'differs');
		assert.equal(inputVerdict({ output: { results: [{ orig_prompt: 'a fox' }, { orig_prompt: 'a cat' }] } }, sent), 'differs');
		assert.equal(inputVerdict({ output: { orig_prompt: 'a fox' }, usage: { size: '832*480' } }, sent), 'differs', 'another billed size');
		assert.equal(inputVerdict({ output: {}, usage: { size: '1280*720' } }, sent), 'same');
	});

	it('RateGate: an aborted waiter rejects and does not block the next one', async () => {
		// Slow enough that the second caller certainly still waits when it is aborted, however busy the machine.
		const gate = new RateGate(0.5);
		await gate.acquire();
		const controller = new AbortController();
		const aborted = gate.acquire(controller.signal);
		controller.abort();
		await assert.rejects(aborted, /cancelled/);
		await gate.acquire();
	});

	it('backoff doubles with jitter up to the cap', () => {
		assert.equal(backoffMs(0, 1000, 30_000, () => 0), 500);
		assert.equal(backoffMs(0, 1000, 30_000, () => 1), 1000);
		assert.equal(backoffMs(3, 1000, 30_000, () => 1), 8000);
		assert.equal(backoffMs(10, 1000, 30_000, () => 1), 30_000);
	});

	it('polls queued tasks sparsely and running ones densely towards their expected end', () => {
		const expectedRunMs = 240_000;
		const minMs = 500;
		assert.equal(nextPollDelayMs({ ageMs: 1_000, status: 'PENDING', expectedRunMs, minMs }), 1_000, 'quick first looks');
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'PENDING', expectedRunMs, minMs }), 15_000);
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'PENDING', expectedRunMs: 4_000, minMs }), 1_000);
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'RUNNING', expectedRunMs, minMs }), 1_000, 'start unknown: look again soon');
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'RUNNING', runningForMs: 60_000, expectedRunMs, minMs }), 15_000);
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'RUNNING', runningForMs: 237_000, expectedRunMs, minMs }), 1_000);
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'RUNNING', runningForMs: 239_900, expectedRunMs, minMs }), minMs);
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'RUNNING', runningForMs: 245_000, expectedRunMs, minMs }), 1_000);
		assert.equal(nextPollDelayMs({ ageMs: 60_000, status: 'RUNNING', runningForMs: 900_000, expectedRunMs, minMs }), 15_000);
	});

	it('learns the run time from finished tasks (median), starting from the table', () => {
		const times = new RunTimes(240_000);
		assert.equal(times.expectedMs(), 240_000);
		times.record(5_000);
		times.record(7_000);
		times.record(6_000);
		assert.equal(times.expectedMs(), 6_000);
	});

	it('reads service timestamps so differences between them are exact', () => {
		const start = serviceTimeMs('2025-09-29 14:18:59.290');
		const end = serviceTimeMs('2025-09-29 14:23:39.407');
		assert.equal(end! - start!, 280_117);
		assert.equal(serviceTimeMs('not a time'), undefined);
		assert.equal(serviceTimeMs(undefined), undefined);
	});

	it('RateGate serves higher priority waiters first', async () => {
		// 1 per second: both callers certainly wait for the next slot, however busy the machine.
		const gate = new RateGate(1);
		await gate.acquire();
		const order: string[] = [];
		await Promise.all([
			gate.acquire(undefined, 0).then(() => order.push('queued-task query')),
			gate.acquire(undefined, 1).then(() => order.push('running-task query')),
		]);
		assert.deepEqual(order, ['running-task query', 'queued-task query']);
	});

	it('Semaphore runs at most N at once', async () => {
		const semaphore = new Semaphore(2);
		let active = 0;
		let peak = 0;
		await Promise.all(
			Array.from({ length: 6 }, () =>
				semaphore.run(async () => {
					peak = Math.max(peak, ++active);
					await new Promise((resolve) => setTimeout(resolve, 20));
					active--;
				}),
			),
		);
		assert.equal(peak, 2);
	});
});
