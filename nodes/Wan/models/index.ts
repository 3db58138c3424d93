import type { RegionId } from './shared/regions';
import { animateImage, characterSwap } from './video/animate';
import { animateAnyone } from './avatar/animateAnyone';
import { detect } from './avatar/detect';
import { emo } from './avatar/emo';
import { emoji } from './avatar/emoji';
import { livePortrait } from './avatar/livePortrait';
import { motionTemplate } from './avatar/motionTemplate';
import { talkingPortrait } from './avatar/talkingPortrait';
import { videoRetalk } from './avatar/videoRetalk';
import { editImage } from './image/editImage';
import { editVideo } from './video/editVideo';
import { firstLastFrameToVideo } from './video/firstLastFrame';
import { generalImageEdit } from './image/generalImageEdit';
import { backgroundGeneration } from './image/backgroundGeneration';
import { eraseCompletion } from './image/eraseCompletion';
import { outPainting } from './image/outPainting';
import { styleRepaint } from './image/styleRepaint';
import { xPainting } from './image/xPainting';
import { imageToVideo } from './video/imageToVideo';
import { personSegmentation } from './image/personSegmentation';
import { posterGeneration } from './image/posterGeneration';
import { referenceToVideo } from './video/referenceToVideo';
import { shoeModel } from './image/shoeModel';
import { styleTransform } from './video/styleTransform';
import { textAndImages } from './image/textAndImages';
import { textToImage } from './image/textToImage';
import { textToVideo } from './video/textToVideo';
import { virtualModel } from './image/virtualModel';
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
	textToImage,
	editImage,
	textAndImages,
	generalImageEdit,
	styleRepaint,
	backgroundGeneration,
	outPainting,
	eraseCompletion,
	xPainting,
	virtualModel,
	shoeModel,
	posterGeneration,
	personSegmentation,
	talkingPortrait,
	emo,
	livePortrait,
	emoji,
	animateAnyone,
	motionTemplate,
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

/** A model's rate limits in a region (most models have the same everywhere). */
export function limitsIn(model: ModelSpec, region: RegionId | undefined): ModelSpec['limits'] {
	return (region && model.regionalLimits?.[region]) || model.limits;
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

/** The result paths a family declares: its own first, then those of its models' protocols and its functions. */
export function resultPaths(family: FamilySpec): ResultPath[] {
	const own = typeof family.result === 'string' ? [family.result] : family.result;
	const overrides = [
		...family.models.map((model) => model.protocol?.result),
		...(family.selector?.options ?? []).map((option) => option.result),
	].filter((path): path is ResultPath => path !== undefined);
	return [...new Set([...own, ...overrides])];
}
