/**
 * Text from data made safe inside a Markdown table cell or list item: pipes would split the
 * cell, newlines would end the row, and raw HTML would be rendered by most Markdown viewers.
 */
export function markdownCell(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      // Only a '<' that could open a tag or comment; '< 0.001' stays readable.
      .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
      .replace(/\r?\n|\r/g, ' ')
  );
}

export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}
