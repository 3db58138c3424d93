/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';

import { backoffMs, RateGate, Semaphore } from '../../nodes/Wan/engine/pacing';
import { nextPollDelayMs, RunTimes, serviceTimeMs } from '../../nodes/Wan/engine/pollPlan';

describe('pacing', () => {
	it('RateGate lets callers through in order, spaced from their actual grant', async () => {
		const gate = new RateGate(20);
		const grants: number[] = [];
		await Promise.all(Array.from({ length: 6 }, () => gate.acquire().then(() => grants.push(Date.now()))));
		// Spacing is 55 ms (20/s plus 10 %). Times are taken when each caller resumes, which a loaded machine delays
		// by a few ms: each gap keeps a clear margin, and the five together must span the spacing.
		for (let i = 1; i < grants.length; i++) assert.ok(grants[i] - grants[i - 1] >= 30, `gap ${grants[i] - grants[i - 1]} ms`);
		assert.ok(grants[5] - grants[0] >= 5 * 50, `span ${grants[5] - grants[0]} ms`);
	});

	it('RateGate.holdFor delays even a caller that is already waiting', async () => {
		const gate = new RateGate(10);
		await gate.acquire();
		const started = Date.now();
		const waiting = gate.acquire();
		gate.holdFor(400);
		await waiting;
		assert.ok(Date.now() - started >= 380, `waited ${Date.now() - started} ms`);
	});

	it('RateGate: an aborted waiter rejects and does not block the next one', async () => {
		const gate = new RateGate(2);
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
		const gate = new RateGate(20);
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
