import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defaultReturnAs } from './toolMode';

/** The service itself fails a task after 3 hours (InternalError.Timeout), so waiting longer is pointless. */
export const MAX_WAIT_MINUTES_CAP = 180;

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
		// Not set in Options: the file for an ordinary node, the URL for a tool (see actions/tool.ts).
		returnAs: raw.returnAs === 'url' || raw.returnAs === 'binary' ? raw.returnAs : defaultReturnAs(ctx),
		binaryPropertyName: String(raw.binaryPropertyName || OPTION_DEFAULTS.binaryPropertyName),
		oneItemPerFile: raw.oneItemPerFile === true,
		maxResultMb: Math.max(0, Number(raw.maxResultMb ?? OPTION_DEFAULTS.maxResultMb) || 0),
		cancelQueuedOnStop: raw.cancelQueuedOnStop === true,
		maxEstimatedCost: Math.max(0, Number(raw.maxEstimatedCost ?? 0) || 0),
		dryRun: raw.dryRun === true,
	};
}
