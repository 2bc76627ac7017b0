// A search result's snippet as DOM: the text of a message, with each occurrence of the search text in a <mark>.
// Built from text nodes only, never innerHTML: the snippet is whatever a user or a model wrote, markup included.

/** A `span.conv-snippet` showing `snippet`, every occurrence of `query` (ignoring case) marked. */
export function snippetElement(snippet, query) {
  const el = document.createElement('span');
  el.className = 'conv-snippet';
  let last = 0;
  for (const [start, end] of occurrences(snippet, query)) {
    if (start > last) el.append(snippet.slice(last, start));
    const mark = document.createElement('mark');
    mark.textContent = snippet.slice(start, end);
    el.append(mark);
    last = end;
  }
  if (last < snippet.length) el.append(snippet.slice(last));
  return el;
}

/**
 * [start, end) of each occurrence, not overlapping. The server collapsed the snippet's whitespace, so the query's is
 * collapsed too; slices are compared lower-cased one by one, so positions stay the snippet's own (lower-casing the
 * whole snippet first could change its length).
 */
function occurrences(snippet, query) {
  const needle = query.replace(/\s+/g, ' ').trim().toLowerCase();
  const found = [];
  if (!needle) return found;
  for (let i = 0; i + needle.length <= snippet.length; i++) {
    if (snippet.slice(i, i + needle.length).toLowerCase() === needle) {
      found.push([i, i + needle.length]);
      i += needle.length - 1;
    }
  }
  return found;
}
