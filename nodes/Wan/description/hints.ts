import { rulesOf } from '../models';
import type { CrossRule, FamilySpec, FieldDef, ModelSpec } from '../models/types';

/**
 * Panel hints for fields that apply only in combination with others: the cross-field rules of the models (and
 * functions) a parameter is shown for, said in the field's own description (e.g. wan2.7 image to video takes a
 * first frame OR a first clip). Empty when the members of the group do not share one hint.
 */
export function combinationHint(family: FamilySpec, field: FieldDef, models: readonly ModelSpec[], functions: readonly string[]): string {
	const label = (name: string) => family.fields.find((f) => f.name === name)?.label ?? name;
	const hintOf = (rules: readonly CrossRule[]) => rules.map((rule) => ruleHint(rule, field.name, label)).join('');
	const hints = models.flatMap((model) => (functions.length ? functions : [undefined]).map((fn) => hintOf(rulesOf(model, fn).rules)));
	return hints.length && hints.every((hint) => hint === hints[0]) ? hints[0] : '';
}

function ruleHint(rule: CrossRule, name: string, label: (name: string) => string): string {
	if (rule.kind === 'combination' && rule.fields.includes(name)) {
		const withIt = rule.allowed.filter((combo) => combo.includes(name));
		const others = withIt.map((combo) => combo.filter((other) => other !== name)).filter((rest) => rest.length);
		const never = rule.fields.filter((other) => other !== name && !withIt.some((combo) => combo.includes(other)));
		const alone = withIt.some((combo) => combo.length === 1);
		const partners = others.map((rest) => rest.map(label).join(' + ')).join('; ');
		let hint = alone ? (partners ? ` Alone or together with: ${partners}.` : ' Alone only.') : ` Only together with: ${partners}.`;
		if (never.length) hint += ` Not with ${never.map(label).join(' or ')}.`;
		return hint;
	}
	// One of a few inputs (a mask image or a mask video; VACE extension's clips and frames). Longer lists (out-painting's
	// eight ways to extend) and pairs whose texts say it already are left to the field descriptions.
	if (rule.kind === 'given' && rule.fields.includes(name) && rule.fields.length <= 4) {
		const others = rule.fields.filter((other) => other !== name).map(label);
		if (rule.min === 1 && rule.max === 1) return ` Give this or ${others.join(' or ')}, not both.`;
		if (rule.min === 1 && rule.max === undefined && others.length > 1) return ` Give this or at least one of ${others.join(', ')}.`;
		return '';
	}
	if (rule.kind === 'sameLength' && rule.atMost && rule.fields[1] === name) {
		return ` At most one per entry of ${label(rule.fields[0])}, in the same order.`;
	}
	return '';
}
