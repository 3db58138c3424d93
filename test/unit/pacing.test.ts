/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { backoffMs, RateGate, Semaphore } from '../../nodes/Wan/engine/pacing';
import { nextPollDelayMs } from '../../nodes/Wan/engine/poll';

describe('pacing', () => {
	it('RateGate lets callers through in order, spaced from their actual grant', async () => {
		const gate = new RateGate(20);
		const grants: number[] = [];
		await Promise.all(Array.from({ length: 6 }, () => gate.acquire().then(() => grants.push(Date.now()))));
		for (let i = 1; i < grants.length; i++) assert.ok(grants[i] - grants[i - 1] >= 50, `gap ${grants[i] - grants[i - 1]} ms`);
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

	it('polls quickly at first, sparsely mid-way, densely near the typical end, then backs off', () => {
		const typical = 240_000;
		assert.equal(nextPollDelayMs(1_000, typical), 1_000);
		assert.equal(nextPollDelayMs(60_000, typical), 15_000);
		assert.equal(nextPollDelayMs(236_000, typical), 1_000);
		assert.equal(nextPollDelayMs(240_000, typical), 2_000);
		assert.ok(nextPollDelayMs(600_000, typical) <= 15_000);
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
