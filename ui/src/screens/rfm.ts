import type { Segment } from '../ipc/bindings';

/** The segment of an (R, F) cell (`Segment::from_rf` of the analytics crate). */
export function segmentOfCell(r: number, f: number): Segment {
  if (r <= 2) return f <= 2 ? 'Hibernating' : f <= 4 ? 'At Risk' : "Can't Lose Them";
  if (r === 3 && f <= 2) return 'About To Sleep';
  if (r === 3 && f === 3) return 'Need Attention';
  if (f >= 4) return r === 3 || r === 4 ? 'Loyal Customers' : 'Champions';
  if (f === 1) return r === 4 ? 'Promising' : 'New Customers';
  return 'Potential Loyalists';
}
