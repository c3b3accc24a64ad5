// Text as compared by the importer and the 需要复核 check: two spellings of one text are the same
// text. An .xlsx cell keeps the line breaks Excel wrapped it with, a CSV written by another program
// may use \r\n, a full-width space (U+3000) or trailing spaces; none of these changes what the text
// says. Whitespace is therefore left out of the comparison altogether — Chinese text puts no space
// between words, so a line break inside 龙城市民云's annual goal is wrapping, not content — while
// every other character, full-width punctuation included, still counts.

/** The comparison key of a text: every kind of whitespace (spaces of any width, tabs, \r, \n) removed. */
export function textKey(text: string): string {
  return text.replace(/[\s\u200b\ufeff]+/g, "");
}

/** Whether two texts say the same, whitespace aside. */
export function sameText(a: string, b: string): boolean {
  return textKey(a) === textKey(b);
}
