import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** The service itself fails a task after 3 hours (InternalError.Timeout), so waiting longer is pointless. */
export const MAX_WAIT_MINUTES_CAP = 180;

/**
 * Account-wide task queries allowed per second is 20, shared with every other client of the account. All
 * executions of one account in this process share one gate (engine/account.ts) at 15 per second (13.6 with
 * the gate's 10% margin): headroom for other clients of the key and other processes (queue-mode workers),
 * whose 429s lower the gate's rate further (AdaptiveRate).
 */
export const QUERY_QPS_DEFAULT = 15;

export const OPTION_DEFAULTS = {
	waitForCompletion: true,
	maxWaitMinutes: 30,
	returnAs: 'binary' as 'binary' | 'url',
	binaryPropertyName: 'data',
	/** A task with several result files gives one output item per file instead of one item with data, data_2, … */
	oneItemPerFile: false,
	/** Results above this are refused (0 = no limit). 2 GB is far above any documented Wan output. */
	maxResultMb: 2048,
	/** Opt-in: stopping an execution cancels its tasks still queued on the service (unbilled). */
	cancelQueuedOnStop: false,
	/** Refuse items whose estimated cost would take the execution past this (0 = no limit), see actions/budget.ts. */
	maxEstimatedCost: 0,
	/** Return each item's estimate and exact request body instead of uploading or submitting anything. */
	dryRun: false,
};

export type NodeOptions = typeof OPTION_DEFAULTS;

/** Reads the Options collection of one item, filling in defaults (collections only hold what was added). */
export function readOptions(ctx: IExecuteFunctions, itemIndex: number): NodeOptions {
	const raw = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minutes = Number(raw.maxWaitMinutes ?? OPTION_DEFAULTS.maxWaitMinutes);
	return {
		waitForCompletion: (raw.waitForCompletion as boolean | undefined) ?? OPTION_DEFAULTS.waitForCompletion,
		maxWaitMinutes: Math.min(MAX_WAIT_MINUTES_CAP, Math.max(0, Number.isFinite(minutes) ? minutes : OPTION_DEFAULTS.maxWaitMinutes)),
		returnAs: raw.returnAs === 'url' ? 'url' : 'binary',
		binaryPropertyName: String(raw.binaryPropertyName || OPTION_DEFAULTS.binaryPropertyName),
		oneItemPerFile: raw.oneItemPerFile === true,
		maxResultMb: Math.max(0, Number(raw.maxResultMb ?? OPTION_DEFAULTS.maxResultMb) || 0),
		cancelQueuedOnStop: raw.cancelQueuedOnStop === true,
		maxEstimatedCost: Math.max(0, Number(raw.maxEstimatedCost ?? 0) || 0),
		dryRun: raw.dryRun === true,
	};
}
