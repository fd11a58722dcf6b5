/**
 * Settings in the user's language: a select's labels and an invalid value's reason, from the
 * schema's paths and choices. Pure: the caller hands in the translator.
 */
import { pathKey, type Translate } from '../i18n';
import { CHOICES, choiceLabelKey, leafSchema } from './schema';
import type { SettingsIssue } from './validate';

export function choiceLabel(path: string, value: string, t: Translate): string {
  return t(choiceLabelKey(path, value));
}

/**
 * Why a value was refused: a select lists its labels (so a new value needs no new sentence), any
 * other field has its `expect_<path>` sentence; the schema's detail (`unknown placeholder :foo`,
 * `"/(/" is not a valid regular expression`) follows in brackets.
 */
export function issueText(issue: SettingsIssue, t: Translate): string {
  const choices = CHOICES[issue.path];
  if (choices) return t('expect_oneOf', choices.values.map((v) => choiceLabel(issue.path, v, t)).join(t('listSeparator')));
  if (issue.path === '(settings)') return t('expect_settingsObject');
  const key = `expect_${pathKey(issue.path)}`;
  const general = t(key);
  // A key the locales lack comes back as itself: then the field is unknown, or the English reason is better than a key.
  if (general === key) return leafSchema(issue.path) ? issue.expected : t('expect_unknownSetting');
  const detail = /\(([^()]*)\)$/.exec(issue.expected)?.[1];
  return detail ? `${general} (${detail})` : general;
}

/** The fields a repair reset, by the names the options page shows them under. */
export function repairedText(paths: string[], t: Translate): string {
  return paths
    .map((path) => {
      const key = `opt_${pathKey(path)}`;
      const label = t(key);
      return label === key ? path : `${label} (${path})`;
    })
    .join(t('listSeparator'));
}
