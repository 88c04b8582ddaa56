import type { AccountLimits, UploadStatus } from '../flickr/types';
import type { Settings } from '../state';
import { QuotaMeter } from '../ui/components/QuotaMeter';
import { useServices } from '../ui/services';
import { figureRows } from './figures';

interface Props {
  status: UploadStatus;
  limits: AccountLimits | undefined;
  settings: Settings;
  stale: boolean;
}

export function Figures({ status, limits, settings, stale }: Props) {
  const { t, lang } = useServices();
  const rows = figureRows(status, limits, t, lang);
  return (
    <dl class={stale ? 'figures stale' : 'figures'} data-testid="figures">
      {rows.map((row) => (
        <div class={row.exhausted ? 'figure exhausted' : 'figure'} key={row.id} data-testid={`figure-${row.id}`}>
          <dt>{row.label}</dt>
          <dd>
            <span class="figure-value">{row.value}</span>
            {row.meter && (
              <QuotaMeter
                label={row.meter.label}
                left={row.meter.left}
                total={row.meter.total}
                valueText={row.meter.valueText}
                amberPercent={settings.amberPercent}
                redPercent={settings.redPercent}
                testId={`meter-${row.id}`}
              />
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
