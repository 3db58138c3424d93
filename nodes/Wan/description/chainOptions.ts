import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FamilySpec } from '../models/types';
import { InvalidFieldError } from '../errors';

/**
 * Options of the avatar chains that change which steps run and which model names are sent:
 * - `faceBbox` / `extBbox` (EMO, Emoji): face boxes already known (from an earlier Avatar → Detect node), so the
 *   paid check is not run again;
 * - `deploymentName` / `checkDeploymentName` (EMO, AnimateAnyone): the names of a dedicated (private) deployment,
 *   sent in `model` instead of the model id (api-avatar.md §6.4, §7.4; seed 002).
 */
export interface ChainOptions {
	faceBbox?: number[];
	extBbox?: number[];
	deploymentName?: string;
	checkDeploymentName?: string;
}

/** The families that take each option. */
const BOXES = ['emo', 'emoji'];
const DEPLOYMENT = ['emo', 'animateAnyone'];

const boxOption = (name: 'faceBbox' | 'extBbox', displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: '[x1, y1, x2, y2]',
	description,
});

function chainOptionsProperty(operation: string): INodeProperties | undefined {
	const options: INodeProperties[] = [];
	if (DEPLOYMENT.includes(operation)) {
		options.push(
			{
				displayName: 'Check Deployment Name',
				name: 'checkDeploymentName',
				type: 'string',
				default: '',
				placeholder: operation === 'emo' ? 'emo-detect-xxx' : 'animate-anyone-detect-xxx',
				description:
					'The name of your dedicated deployment of the check model, sent as its model instead of the public model. Leave empty to use the public model.',
			},
			{
				displayName: 'Deployment Name',
				name: 'deploymentName',
				type: 'string',
				default: '',
				placeholder: operation === 'emo' ? 'emo-xxx' : 'animate-anyone-xxx',
				description:
					'The name of your dedicated deployment of the generation model (Model Studio → model deployment), sent as the model instead of the model ID. A deployment is billed by its instances, so no per-second estimate is made.',
			},
		);
	}
	if (BOXES.includes(operation)) {
		options.push(
			boxOption(
				'extBbox',
				'Known Extended Box',
				operation === 'emo'
					? 'The ext_bbox an earlier check (Avatar → Detect with emo-detect-v1, same image and aspect ratio) returned, [x1, y1, x2, y2]. With Known Face Box, the check is skipped (not paid again).'
					: 'The ext_bbox_face an earlier check (Avatar → Detect with emoji-detect-v1, same image) returned, [x1, y1, x2, y2]. With Known Face Box, the check is skipped (not paid again).',
			),
			boxOption(
				'faceBbox',
				'Known Face Box',
				operation === 'emo'
					? 'The face_bbox an earlier check (Avatar → Detect with emo-detect-v1, same image) returned, [x1, y1, x2, y2]. With Known Extended Box, the check is skipped (not paid again).'
					: 'The bbox_face an earlier check (Avatar → Detect with emoji-detect-v1, same image) returned, [x1, y1, x2, y2]. With Known Extended Box, the check is skipped (not paid again).',
			),
		);
	}
	if (!options.length) return undefined;
	return {
		displayName: 'Check and Deployment',
		name: 'chainOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['avatar'], operation: [operation] } },
		options,
	};
}

/** The Check and Deployment collection of each avatar family that has one. */
export function chainOptionProperties(families: readonly FamilySpec[]): INodeProperties[] {
	return families.filter((family) => family.chain).flatMap((family) => chainOptionsProperty(family.operation) ?? []);
}

/** `[1, 2, 3, 4]`, `1,2,3,4` or an array from an expression → four integers. */
function parseBox(value: unknown, label: string): number[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let list: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		try {
			list = text.startsWith('[') ? JSON.parse(text) : text.split(/[\s,]+/).filter(Boolean).map(Number);
		} catch {
			list = undefined;
		}
	}
	if (!Array.isArray(list) || list.length !== 4 || !list.every((n) => Number.isInteger(Number(n)) && Number(n) >= 0)) {
		throw new InvalidFieldError(undefined, `${label} must be four whole numbers [x1, y1, x2, y2] as the check returns them (got ${JSON.stringify(value)})`);
	}
	const box = list.map(Number);
	if (box[2] <= box[0] || box[3] <= box[1]) {
		throw new InvalidFieldError(undefined, `${label} must run from its top-left corner [x1, y1] to its bottom-right corner [x2, y2] (got ${JSON.stringify(box)})`);
	}
	return box;
}

export function readChainOptions(ctx: IExecuteFunctions, family: FamilySpec, itemIndex: number): ChainOptions {
	if (!family.chain) return {};
	const raw = (chainOptionsProperty(family.operation) ? ctx.getNodeParameter('chainOptions', itemIndex, {}) : {}) as IDataObject;
	const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
	const options: ChainOptions = {
		faceBbox: parseBox(raw.faceBbox, 'Known Face Box'),
		extBbox: parseBox(raw.extBbox, 'Known Extended Box'),
		deploymentName: text(raw.deploymentName),
		checkDeploymentName: text(raw.checkDeploymentName),
	};
	if (Boolean(options.faceBbox) !== Boolean(options.extBbox)) {
		throw new InvalidFieldError(
			undefined,
			'Known Face Box and Known Extended Box go together: give both (as an earlier check returned them) to skip the check, or neither to run it',
		);
	}
	return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ChainOptions;
}

/** Whether the check is skipped because its results are known. */
export const knownBoxes = (options: ChainOptions | undefined): boolean => Boolean(options?.faceBbox && options.extBbox);
