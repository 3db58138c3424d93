import type { IDataObject } from 'n8n-workflow';

import { readPath } from '../paths';
import { animateImage, characterSwap } from './animate';
import { animateAnyone } from './avatarAnimateAnyone';
import { detect } from './avatarDetect';
import { emo } from './avatarEmo';
import { emoji } from './avatarEmoji';
import { livePortrait } from './avatarLivePortrait';
import { talkingPortrait } from './avatarTalkingPortrait';
import { videoRetalk } from './avatarVideoRetalk';
import { editImage } from './editImage';
import { editVideo } from './editVideo';
import { firstLastFrameToVideo } from './firstLastFrame';
import { generalImageEdit } from './generalImageEdit';
import { backgroundGeneration } from './imageTools/backgroundGeneration';
import { eraseCompletion } from './imageTools/eraseCompletion';
import { outPainting } from './imageTools/outPainting';
import { styleRepaint } from './imageTools/styleRepaint';
import { xPainting } from './imageTools/xPainting';
import { imageToVideo } from './imageToVideo';
import { referenceToVideo } from './referenceToVideo';
import { styleTransform } from './styleTransform';
import { textToImage } from './textToImage';
import { textToVideo } from './textToVideo';
import { wan27EditVideo, wan27ImageToVideo, wan27ReferenceToVideo } from './wan27Video';
import type { CrossRule, FamilySpec, FieldRule, ModelSpec, ResultPath } from './types';

/** Every model family the node offers. Adding a family = adding its file and one entry here. */
export const FAMILIES: readonly FamilySpec[] = [
	textToVideo,
	imageToVideo,
	firstLastFrameToVideo,
	referenceToVideo,
	characterSwap,
	animateImage,
	editVideo,
	styleTransform,
	wan27ImageToVideo,
	wan27ReferenceToVideo,
	wan27EditVideo,
	textToImage,
	editImage,
	generalImageEdit,
	styleRepaint,
	backgroundGeneration,
	outPainting,
	eraseCompletion,
	xPainting,
	talkingPortrait,
	emo,
	livePortrait,
	emoji,
	animateAnyone,
	videoRetalk,
	detect,
];

export function findFamily(resource: string, operation: string): FamilySpec | undefined {
	return FAMILIES.find((family) => family.resource === resource && family.operation === operation);
}

export function findModel(family: FamilySpec, id: string): ModelSpec | undefined {
	return family.models.find((model) => model.id === id);
}

/** Any model by id (or regional name), for task actions that only know the model name a task reports. */
export function modelById(id: string): { family: FamilySpec; model: ModelSpec } | undefined {
	for (const family of FAMILIES) {
		const model = family.models.find((m) => m.id === id || Object.values(m.regionalIds ?? {}).includes(id));
		if (model) return { family, model };
	}
	return undefined;
}

/** The functions a model offers, in the family's order (empty for families without a selector). */
export function functionsOf(family: FamilySpec, model: ModelSpec): string[] {
	if (!family.selector || !model.functions) return [];
	return family.selector.options.map((option) => option.value).filter((value) => model.functions?.[value]);
}

/** A model's rules for one function: its common rules plus the function's own. */
export function rulesOf(model: ModelSpec, fn?: string): { fields: Readonly<Record<string, FieldRule>>; rules: readonly CrossRule[] } {
	const own = fn ? model.functions?.[fn] : undefined;
	if (!own) return { fields: model.fields, rules: model.rules ?? [] };
	return { fields: { ...model.fields, ...own.fields }, rules: [...(model.rules ?? []), ...(own.rules ?? [])] };
}

/** The result paths a family declares: its own first, then those its models and functions override. */
export function resultPaths(family: FamilySpec): ResultPath[] {
	const own = typeof family.result === 'string' ? [family.result] : family.result;
	const overrides = [...family.models, ...(family.selector?.options ?? [])].flatMap((o) => (o.result ? [o.result] : []));
	return [...new Set([...own, ...overrides])];
}

/**
 * Result URLs of a finished task of this family, read where the family declares them. A family (such
 * as Edit Video) whose functions return results elsewhere declares each place; a task has only one.
 */
export function resultUrls(family: FamilySpec, output: IDataObject): string[] {
	for (const path of resultPaths(family)) {
		const urls = readPath({ output }, path).flatMap((value) => (typeof value === 'string' ? [value] : []));
		if (urls.length) return urls;
	}
	return [];
}
