/** Cuts a text into plain runs and marked runs for its screening matches (overlaps merge). */
export function markedRuns(
  text: string,
  matches: readonly { start: number; end: number }[],
): { start: number; text: string; marked: boolean }[] {
  const valid = matches
    .filter((m) => m.start >= 0 && m.end > m.start && m.start < text.length)
    .map((m) => ({ start: m.start, end: Math.min(m.end, text.length) }))
    .sort((a, b) => a.start - b.start);
  const runs: { start: number; text: string; marked: boolean }[] = [];
  let at = 0;
  let open: { start: number; end: number } | null = null;
  const flush = () => {
    if (!open) return;
    if (open.start > at) runs.push({ start: at, text: text.slice(at, open.start), marked: false });
    runs.push({ start: open.start, text: text.slice(open.start, open.end), marked: true });
    at = open.end;
    open = null;
  };
  for (const m of valid) {
    if (open && m.start < open.end) open.end = Math.max(open.end, m.end);
    else {
      flush();
      open = { ...m };
    }
  }
  flush();
  if (at < text.length) runs.push({ start: at, text: text.slice(at), marked: false });
  return runs;
}

/** A template text with its screened phrases marked. */
export function MarkedText({
  text,
  matches,
  testId,
}: {
  text: string;
  matches: readonly { start: number; end: number; phrase: string }[];
  testId?: string;
}) {
  return (
    <p className="hk-template-text" data-testid={testId}>
      {markedRuns(text, matches).map((run) =>
        run.marked ? (
          <mark key={run.start} className="hk-template-mark" data-testid="template-mark">
            {run.text}
          </mark>
        ) : (
          <span key={run.start}>{run.text}</span>
        ),
      )}
    </p>
  );
}
