import type { IDataObject } from 'n8n-workflow';

import { animateImage, characterSwap } from './animate';
import { animateAnyone } from './avatarAnimateAnyone';
import { detect } from './avatarDetect';
import { emo } from './avatarEmo';
import { emoji } from './avatarEmoji';
import { livePortrait } from './avatarLivePortrait';
import { talkingPortrait } from './avatarTalkingPortrait';
import { videoRetalk } from './avatarVideoRetalk';
import { editImage } from './editImage';
import { firstLastFrameToVideo } from './firstLastFrame';
import { imageToVideo } from './imageToVideo';
import { referenceToVideo } from './referenceToVideo';
import { textToImage } from './textToImage';
import { textToVideo } from './textToVideo';
import type { FamilySpec, ModelSpec } from './types';

/** Every model family the node offers. Adding a family = adding its file and one entry here. */
export const FAMILIES: readonly FamilySpec[] = [
	textToVideo,
	imageToVideo,
	firstLastFrameToVideo,
	referenceToVideo,
	characterSwap,
	animateImage,
	textToImage,
	editImage,
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

/** Any model by id, for task actions that only know the model name a task reports. */
export function modelById(id: string): { family: FamilySpec; model: ModelSpec } | undefined {
	for (const family of FAMILIES) {
		const model = family.models.find((m) => m.id === id || Object.values(m.regionalIds ?? {}).includes(id));
		if (model) return { family, model };
	}
	return undefined;
}

/** Result URLs of a task whose family is unknown (task actions): the first family shape that matches. */
export function anyResultUrls(output: IDataObject): { urls: string[]; family?: FamilySpec } {
	for (const family of FAMILIES) {
		const urls = family.resultUrls(output);
		if (urls.length) return { urls, family };
	}
	return { urls: [] };
}
