/** Yuan as the API gives them → whole fen as stored; null when the amount has more than two decimals. */
export function yuanToFen(yuan: number): number | null {
  const fen = Math.round(yuan * 100);
  return Math.abs(fen - yuan * 100) < 1e-6 ? fen : null;
}
