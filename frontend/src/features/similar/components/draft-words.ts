/**
 * How many words of a draft are worth comparing: distinct runs of letters and digits of at
 * least three characters that are not only digits. The server decides for real (it also drops
 * stop words); this only keeps the panel from asking about one half-typed word.
 */
export function meaningfulWordCount(...texts: string[]): number {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if ([...word].length >= 3 && !/^\p{N}+$/u.test(word)) seen.add(word);
    }
  }
  return seen.size;
}

/** The panel asks the server from this many meaningful words on. */
export const MIN_WORDS = 2;
