import { en, type MessageKey, type Messages } from './en';

const keys = Object.keys(en) as MessageKey[];

/**
 * Builds a catalogue from its messages listed in the order of `en`'s keys. Translations are lists
 * rather than objects so that the key names ship once instead of once per language, which is about
 * half a kilobyte min+gzip. The catalogue tests check each list's length and that the comment beside
 * every message names the key at its position.
 */
export function fromList(messages: readonly string[]): Messages {
  return Object.fromEntries(keys.map((key, index) => [key, messages[index]])) as Messages;
}
