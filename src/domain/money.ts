/**
 * Yuan as the API gives them → whole fen as stored; null when the amount has more than two
 * decimals. yuan × 100 carries a binary rounding error that grows with the amount
 * (300000000.03 × 100 = 30000000002.999996), so the tolerance grows with it, a few ulps wide.
 */
export function yuanToFen(yuan: number): number | null {
  const scaled = yuan * 100;
  const fen = Math.round(scaled);
  const tolerance = Math.max(1e-6, Math.abs(scaled) * 4 * Number.EPSILON);
  return Math.abs(fen - scaled) <= tolerance ? fen : null;
}
