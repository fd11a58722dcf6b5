/**
 * Performance marks along the reader's open, in the worker and in the page. `npm run bench:reader`
 * reads both timelines back (as wall-clock times: `timeOrigin + startTime`) and prints where the
 * time between the shortcut and the painted reader goes. Only the last mark of a name is kept, so
 * a page or a worker that opens the reader all day does not grow a timeline.
 */
export const MARK_PREFIX = 'hexo-clipper:';

export function mark(name: string): void {
  const full = MARK_PREFIX + name;
  performance.clearMarks(full);
  performance.mark(full);
}
