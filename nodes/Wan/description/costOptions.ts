import type { INodeProperties } from 'n8n-workflow';

/** Spending guards (applied in actions/budget.ts): Dry Run and Max Estimated Cost per Execution. */

/** The two options, for the generation Options collection (in its alphabetical order). */
export const costOptionProperties: INodeProperties[] = [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only show what would be sent: each item returns its estimated cost, the endpoint and the exact request body (binary inputs as placeholders). Nothing is uploaded or submitted, nothing is billed.',
	},
	{
		displayName: 'Max Estimated Cost per Execution',
		name: 'maxEstimatedCost',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"Refuse the items whose estimated cost would take this execution's total past this amount (0 = no limit), before any paid request is sent. In the currency of the model's list price for the credential's region: CNY (yuan), as the price page states every region's prices. Items whose price is not known are refused while a limit is set; free-trial-only tools (no paid price) pass. Estimates use list prices (see README); the service's price page is authoritative.",
	},
];
