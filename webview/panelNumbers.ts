/** Numbers the panel's header writes (no DOM). */

/** Epochs a second as a person reads them: whole numbers, one decimal below 10. */
export function epochRate(perSecond: number): string {
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}
