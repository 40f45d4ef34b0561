import { cpus, platform, release, arch, totalmem } from 'node:os';
import { format } from 'prettier';

/** One line of the table. `pass` is true or false for a goal, null when the figure is information. */
export function row(area, measure, value, goal = '—', pass = null) {
  return { area, measure, value, goal, pass };
}

/** A row for a figure that could not be measured; it counts as a miss when it carries a goal. */
export function missing(area, measure, goal) {
  return row(area, measure, 'not measured (see the log above)', goal ?? '—', goal ? false : null);
}

export const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
export const size = ({ gzip, min }) => `${kB(gzip)} (${kB(min)} min)`;
export const ms = (value) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
export const bytes = (value) => `${value.toLocaleString('en')} B`;

export function machine() {
  const cpu = cpus();
  const memory = (totalmem() / 2 ** 30).toFixed(1);
  return (
    `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${memory} GiB memory, ` +
    `Node ${process.version}, ${platform()} ${release()} (${arch()})`
  );
}

const RESULT = { true: 'pass', false: '**FAIL**', null: 'info' };

/** The report as Markdown, formatted the way the repository's Prettier checks it. */
export async function markdown(title, lines, rows) {
  const cell = (text) => String(text).replaceAll('|', '\\|');
  const table = [
    '| Area | Measure | Value | Goal | Result |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| ${[r.area, r.measure, r.value, r.goal, RESULT[String(r.pass)]].map(cell).join(' | ')} |`,
    ),
  ];
  const text = [`# ${title}`, '', ...lines.flatMap((line) => [line, '']), ...table].join('\n');
  return format(text, { parser: 'markdown', singleQuote: true, printWidth: 110 });
}
