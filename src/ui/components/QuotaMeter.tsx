/**
 * How much of a quota is left, as a native `<meter>`: its low/high marks are the red and amber
 * thresholds, so browsers colour it the way the badge is coloured.
 */
interface Props {
  /** Accessible name, e.g. "Bandwidth left this month". */
  label: string;
  left: number;
  total: number;
  /** The same figure in words, read by screen readers instead of the raw number. */
  valueText: string;
  amberPercent: number;
  redPercent: number;
  testId?: string;
}

export function QuotaMeter({ label, left, total, valueText, amberPercent, redPercent, testId }: Props) {
  const max = Math.max(total, 0);
  const value = Math.min(Math.max(left, 0), max);
  return (
    <meter
      class="quota-meter"
      data-testid={testId}
      min={0}
      max={max}
      value={value}
      low={(max * redPercent) / 100}
      high={(max * amberPercent) / 100}
      optimum={max}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
    />
  );
}
