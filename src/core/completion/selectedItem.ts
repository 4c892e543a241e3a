import type { CursorDocument } from './types';

/**
 * Ghost text while the suggest widget is open. The editor's selected suggestion (VS Code's selectedCompletionInfo)
 * will put `text` over `start..end` when accepted; the completion continues the document as it will then read, and
 * is shown only if it extends that item (VS Code drops an inline item whose text does not start with the item's text
 * over the same range). So the request completes a virtual copy of the document with the item accepted, and the
 * answer is mapped back to an inline item: the item's text, then the suggestion, over the item's range.
 */
export interface SelectedItem {
  /** Character offsets in the document of the range the item replaces (it holds the cursor). */
  start: number;
  end: number;
  /** The text the item inserts (a snippet's text with its placeholders filled in). */
  text: string;
}

/** What to insert where, in character offsets of the real document. */
export interface ItemEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The document as it reads once the item is accepted, the cursor after the item's text; undefined when the item's
 * range is not around the cursor in this document (a stale or malformed item: no ghost text rather than a wrong one).
 */
export function withSelectedItem(doc: CursorDocument, item: SelectedItem): CursorDocument | undefined {
  const { start, end } = item;
  const inside = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= doc.offset && doc.offset <= end;
  if (!inside || end > doc.text.length) return undefined;
  return { ...doc, text: doc.text.slice(0, start) + item.text + doc.text.slice(end), offset: start + item.text.length };
}

/**
 * The inline edit for a suggestion made on the virtual document: the item's text then the suggestion over the item's
 * range, stretched to `lineEnd` (the real document's end of the cursor line) when the suggestion retypes the rest of
 * the line. Its text starts with the item's and its range starts where the item's does, as VS Code requires.
 */
export function extendSelectedItem(
  item: SelectedItem,
  suggestion: { text: string; replacesLineSuffix: boolean },
  lineEnd: number,
): ItemEdit {
  const end = suggestion.replacesLineSuffix ? Math.max(item.end, lineEnd) : item.end;
  return { start: item.start, end, text: item.text + suggestion.text };
}
