import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '../utils/i18n';

/** The entrypoint provides the browser's translator; tests provide the locale files'. */
export const I18n = createContext<Translate>((key) => key);

export function useT(): Translate {
  return useContext(I18n);
}
