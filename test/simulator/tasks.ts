/* eslint-disable -- test tooling, not shipped (package "files" is dist/ only); n8n community-node rules target nodes/ and credentials/ */
// Task lifecycle: PENDING (at least pendingMs, then FIFO per model while the model's running slots are full)
// → RUNNING (runMs) → SUCCEEDED | FAILED. Only PENDING tasks can be cancelled.
import type { FamilyId } from './models';
import type { Truncation } from './validate';

export type TaskStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';

export interface TaskRecord {
	taskId: string;
	/** request_id of the create call (shown by the batch query). */
	requestId: string;
	model: string;
	family: FamilyId;
	endpoint: string;
	apiKey: string;
	/** Input as the service uses it (prompts truncated). */
	input: Record<string, unknown>;
	/** Parameters with documented defaults applied. */
	parameters: Record<string, unknown>;
	unknownFields: string[];
	truncations: Truncation[];
	mediaSeconds: Record<string, number>;
	mediaPixels: Record<string, { width: number; height: number }>;
	status: TaskStatus;
	submittedAt: number;
	scheduledAt?: number | undefined;
	endedAt?: number | undefined;
	runMs: number;
	code?: string | undefined;
	message?: string | undefined;
	/** Filled on SUCCEEDED. */
	resultUrl?: string | undefined;
	resultExpiresAt?: number | undefined;
	output?: Record<string, unknown> | undefined;
	usage?: Record<string, unknown> | undefined;
	fileBytes?: number | undefined;
	/** Image tasks: the numbers (from 1) of the images that were made (a partial failure issues no URL). */
	imageIndexes?: number[];
	/** Made by a synchronous call: not a task anyone can query or list, only its result files exist. */
	sync?: boolean;
}

export interface EngineConfig {
	pendingMs: number;
	concurrencyOf(model: string): number;
	/** Sets the terminal status and result of a task whose run time is over. */
	finish(task: TaskRecord): void;
}

export class TaskEngine {
	readonly tasks = new Map<string, TaskRecord>();
	private readonly queues = new Map<string, TaskRecord[]>();
	private readonly running = new Map<string, number>();
	private readonly wakeups = new Map<string, NodeJS.Timeout>();
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(private readonly cfg: EngineConfig) {}

	add(task: TaskRecord): void {
		this.tasks.set(task.taskId, task);
		const queue = this.queues.get(task.model) ?? [];
		queue.push(task);
		this.queues.set(task.model, queue);
		this.pump(task.model);
	}

	/** A synchronous generation: finished at once (the caller waited its run time), never queued. */
	complete(task: TaskRecord): void {
		this.tasks.set(task.taskId, task);
		task.scheduledAt = task.submittedAt;
		task.endedAt = Date.now();
		this.cfg.finish(task);
	}

	/** true when the task was PENDING and is now CANCELED. */
	cancel(taskId: string, now = Date.now()): boolean {
		const task = this.tasks.get(taskId);
		if (!task || task.status !== 'PENDING') return false;
		const queue = this.queues.get(task.model) ?? [];
		queue.splice(queue.indexOf(task), 1);
		task.status = 'CANCELED';
		task.endedAt = now;
		this.pump(task.model);
		return true;
	}

	clear(): void {
		for (const t of this.timers) clearTimeout(t);
		for (const t of this.wakeups.values()) clearTimeout(t);
		this.timers.clear();
		this.wakeups.clear();
		this.queues.clear();
		this.running.clear();
		this.tasks.clear();
	}

	private later(ms: number, fn: () => void): NodeJS.Timeout {
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				fn();
			},
			Math.max(0, ms),
		);
		this.timers.add(timer);
		return timer;
	}

	private pump(model: string): void {
		const queue = this.queues.get(model) ?? [];
		const now = Date.now();
		while (queue.length > 0 && (this.running.get(model) ?? 0) < this.cfg.concurrencyOf(model)) {
			const head = queue[0] as TaskRecord;
			const readyAt = head.submittedAt + this.cfg.pendingMs;
			if (readyAt > now) {
				// FIFO: later tasks were submitted later, so none of them is ready either.
				if (!this.wakeups.has(model)) {
					const timer = this.later(readyAt - now, () => {
						this.wakeups.delete(model);
						this.pump(model);
					});
					this.wakeups.set(model, timer);
				}
				return;
			}
			queue.shift();
			this.start(head, now);
		}
	}

	private start(task: TaskRecord, now: number): void {
		task.status = 'RUNNING';
		task.scheduledAt = now;
		this.running.set(task.model, (this.running.get(task.model) ?? 0) + 1);
		this.later(task.runMs, () => {
			this.running.set(task.model, (this.running.get(task.model) ?? 1) - 1);
			task.endedAt = Date.now();
			this.cfg.finish(task);
			this.pump(task.model);
		});
	}
}
