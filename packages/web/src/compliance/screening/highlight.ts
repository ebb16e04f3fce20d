import type { ScreenMatch } from '../types';

/** A run of the text: plain, or covered by one or more matches (overlaps merge into one run). */
export interface Segment {
  start: number;
  end: number;
  text: string;
  matches: ScreenMatch[];
}

/**
 * Cuts the screened text into plain runs and highlighted runs. Matches outside the text or
 * empty are ignored; overlapping matches merge into one highlighted run that lists them all.
 */
export function segmentsOf(text: string, matches: readonly ScreenMatch[]): Segment[] {
  const valid = matches
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end > m.start)
    .map((m) => ({ ...m, end: Math.min(m.end, text.length) }))
    .filter((m) => m.start < text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const marked: { start: number; end: number; matches: ScreenMatch[] }[] = [];
  for (const m of valid) {
    const last = marked[marked.length - 1];
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      last.matches.push(m);
    } else {
      marked.push({ start: m.start, end: m.end, matches: [m] });
    }
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const run of marked) {
    if (run.start > at)
      segments.push({ start: at, end: run.start, text: text.slice(at, run.start), matches: [] });
    segments.push({ ...run, text: text.slice(run.start, run.end) });
    at = run.end;
  }
  if (at < text.length) segments.push({ start: at, end: text.length, text: text.slice(at), matches: [] });
  return segments;
}
