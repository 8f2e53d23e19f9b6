/* What the benchmarks print: aligned tables and lines on stdout. */

/** Columns aligned: numbers to the right, text to the left. */
export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(r => String(r[i]).length)),
  );
  return rows
    .map(r =>
      r
        .map((cell, i) =>
          typeof cell === 'number'
            ? String(cell).padStart(widths[i])
            : cell.padEnd(widths[i]),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function out(text = '') {
  process.stdout.write(`${text}\n`);
}
