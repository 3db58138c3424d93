import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { estimateCeiling, estimateCost } from '../cost';
import type { CostEstimate } from '../cost';
import type { RegionId } from '../models/shared/regions';
import { detect as detectFamily, findDetectModel } from '../models/avatar/detect';
import type { FamilySpec } from '../models/types';
import { setPath } from '../request/paths';
import { KNOWN_BOX_PATHS, stepRequest, withDetectDefaults } from './chains';
import type { ChainItem } from './chains';
import { estimateInputsOf, shownRequest } from './budget';
import type { PreparedInput } from './inputs';
import { knownBoxes } from '../description/chainOptions';

/**
 * The steps of an avatar chain as planned before anything is sent: for the estimate (every paid step counts
 * against the budget) and for Dry Run (every request shown, with named placeholders for what an earlier step
 * returns).
 */

export type ChainStepName = 'check' | 'template' | 'generation';

export interface PlannedStep {
	step: ChainStepName;
	model: string;
	endpoint: string;
	sync: boolean;
	body: IDataObject;
	inputs: PreparedInput[];
	estimate: CostEstimate;
	/** Why the step will not run (its result is known). */
	skipped?: string;
}

/** A dedicated deployment is billed by its instances, not per unit: no list price applies. */
function deploymentEstimate(modelId: string, name: string): CostEstimate {
	return {
		unit: null,
		units: null,
		unitPrice: null,
		currency: null,
		amount: null,
		priceDate: null,
		reason: `${modelId} runs on the dedicated deployment ${name}, which is billed by its instances, not by the list price`,
	};
}

const SKIPPED: CostEstimate = { unit: null, units: null, unitPrice: null, currency: null, amount: 0, priceDate: null };

/** Every step of one item's chain, in order. Works on copies: the item itself is not changed. */
export function planChain(family: FamilySpec, item: ChainItem, region: RegionId): PlannedStep[] {
	const chain = family.chain!;
	const options = item.chainOptions ?? {};
	const copy: ChainItem = {
		...item,
		request: { ...item.request, body: JSON.parse(JSON.stringify(item.request.body)) as IDataObject },
		inputs: [...item.inputs],
	};
	const wholeInputs = estimateInputsOf(item.request, item.inputs);
	const steps: PlannedStep[] = [];

	const detectModel = findDetectModel(chain.detect.model);
	const detectEndpoint = detectModel?.endpoint ?? detectFamily.endpoint;
	if (knownBoxes(options)) {
		for (const path of chain.detect.takes ?? []) {
			const [name, key] = path.split('.') as [string, string];
			delete ((copy.request.body[name] ?? {}) as IDataObject)[key];
		}
		setPath(copy.request.body, KNOWN_BOX_PATHS.faceBbox, options.faceBbox);
		setPath(copy.request.body, KNOWN_BOX_PATHS.extBbox, options.extBbox);
		steps.push({
			step: 'check',
			model: chain.detect.model,
			endpoint: detectEndpoint,
			sync: true,
			body: {},
			inputs: [],
			estimate: SKIPPED,
			skipped: 'Known Face Box and Known Extended Box were given',
		});
	} else {
		const name = options.checkDeploymentName ?? chain.detect.model;
		const { body, inputs } = stepRequest(name, copy, chain.detect.uses, chain.detect.takes ?? []);
		if (detectModel) withDetectDefaults(body, detectModel);
		steps.push({
			step: 'check',
			model: name,
			endpoint: detectEndpoint,
			sync: true,
			body,
			inputs,
			estimate: options.checkDeploymentName ? deploymentEstimate(chain.detect.model, name) : estimateCost(chain.detect.model, region, body),
		});
		// What the check returns goes into the generation request: named placeholders.
		for (const [from, to] of Object.entries(chain.detect.carry ?? {})) setPath(copy.request.body, to, `<${from} from ${chain.detect.model}>`);
	}

	const template = chain.template;
	if (template) {
		const [name, key] = template.resultPath.split('.') as [string, string];
		const existing = ((copy.request.body[name] ?? {}) as IDataObject)[key];
		const { body, inputs } = stepRequest(template.model, copy, [], template.takes);
		if (existing) {
			steps.push({ step: 'template', model: template.model, endpoint: template.endpoint, sync: false, body: {}, inputs: [], estimate: SKIPPED, skipped: 'Template ID was given' });
		} else {
			steps.push({
				step: 'template',
				model: template.model,
				endpoint: template.endpoint,
				sync: false,
				body,
				inputs,
				estimate: estimateCost(template.model, region, body, wholeInputs),
			});
			setPath(copy.request.body, template.resultPath, `<${template.resultField} from ${template.model}>`);
		}
	}

	const generationModel = String(copy.request.body.model);
	steps.push({
		step: 'generation',
		model: generationModel,
		endpoint: item.model.endpoint ?? family.endpoint,
		sync: false,
		body: copy.request.body,
		inputs: copy.inputs,
		estimate: options.deploymentName
			? deploymentEstimate(item.model.id, options.deploymentName)
			: estimateCost(item.model.id, region, item.request.body, wholeInputs),
	});
	return steps;
}

const money = (value: number) => Math.round(value * 1e6) / 1e6;

/** The item's estimate: the sum of its paid steps, each step's own estimate under `steps`. */
export function chainEstimate(steps: readonly PlannedStep[]): CostEstimate {
	const ran = steps.filter((step) => !step.skipped);
	const perStep = steps.map((step) => ({ step: step.step, model: step.model, ...(step.skipped ? { skipped: step.skipped } : {}), ...step.estimate }));
	const total: CostEstimate = { unit: null, units: null, unitPrice: null, currency: null, amount: null, priceDate: null, steps: perStep };
	const unknown = ran.find((step) => estimateCeiling(step.estimate) === undefined || !step.estimate.currency);
	if (unknown) return { ...total, reason: `${unknown.step} (${unknown.model}): ${unknown.estimate.reason ?? 'its price is unknown'}` };
	const currencies = new Set(ran.map((step) => step.estimate.currency));
	if (currencies.size !== 1) return { ...total, reason: 'The steps are priced in different currencies' };
	const low = ran.reduce((sum, step) => sum + (step.estimate.amountMin ?? step.estimate.amount ?? 0), 0);
	const high = ran.reduce((sum, step) => sum + (estimateCeiling(step.estimate) ?? 0), 0);
	const dates = ran.map((step) => step.estimate.priceDate).filter((date): date is string => Boolean(date)).sort();
	Object.assign(total, { currency: [...currencies][0], priceDate: dates[dates.length - 1] ?? null, source: ran[ran.length - 1].estimate.source });
	if (money(low) === money(high)) total.amount = money(high);
	else Object.assign(total, { amountMin: money(low), amountMax: money(high) });
	return total;
}

/** One step of a chain's dry run: the exact request with placeholders for binary inputs and earlier steps' results. */
function dryRunStep(baseUrl: string, step: PlannedStep): IDataObject {
	if (step.skipped) return { step: step.step, model: step.model, skipped: step.skipped };
	const { request, headers } = shownRequest(step.body, step.inputs, { sync: step.sync });
	return {
		step: step.step,
		model: step.model,
		endpoint: `${baseUrl}${step.endpoint}`,
		method: 'POST',
		headers,
		request,
		estimate: step.estimate,
	};
}

/** Dry Run of a chained item: every step's request and estimate; the generation's also at the top level. */
export function chainDryRunItem(baseUrl: string, family: FamilySpec, item: ChainItem, region: RegionId): INodeExecutionData {
	const steps = planChain(family, item, region);
	const shown = steps.map((step) => dryRunStep(baseUrl, step));
	const generation = shown[shown.length - 1];
	return {
		json: {
			dryRun: true,
			model: item.model.id,
			endpoint: generation.endpoint,
			method: 'POST',
			headers: generation.headers,
			request: generation.request,
			estimate: chainEstimate(steps),
			steps: shown,
		},
	};
}
