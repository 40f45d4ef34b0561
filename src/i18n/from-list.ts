import { en, type MessageKey, type Messages } from './en';

/**
 * Builds a catalogue from its messages listed in the order of `en`'s keys. Translations are lists
 * rather than objects so that the key names ship once instead of once per language, which is about
 * half a kilobyte min+gzip. The catalogue tests check each list's length and that the comment beside
 * every message names the key at its position.
 */
export function fromList(messages: readonly string[]): Messages {
  // Read here, not at module level, so a bundle without any translation does not keep `en` for it.
  const keys = Object.keys(en) as MessageKey[];
  return Object.fromEntries(keys.map((key, index) => [key, messages[index]])) as Messages;
}
