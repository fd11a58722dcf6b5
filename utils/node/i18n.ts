/** The command line's words: the extension's English messages, read once (the CLI speaks English). */
import { readFileSync } from 'node:fs';
import { messagesTranslate, type Translate } from '../i18n';

let translate: Translate | undefined;

export function cliTranslate(): Translate {
  translate ??= messagesTranslate(JSON.parse(readFileSync(new URL('../../public/_locales/en/messages.json', import.meta.url), 'utf8')));
  return translate;
}
