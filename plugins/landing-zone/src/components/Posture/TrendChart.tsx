import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Text } from '@backstage/ui';
import type { PostureTrendPoint } from '@internal/plugin-landing-zone-common';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { landingZoneTranslationRef } from '../../translation';
import styles from './Posture.module.css';

/**
 * Accounts per day by compliance, stacked: the trend under the figures. The
 * colours are the theme's status colours.
 */
export function TrendChart(props: { points: PostureTrendPoint[] }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  if (props.points.length < 2) {
    return <Text color="secondary">{t('headline.trendEmpty')}</Text>;
  }
  return (
    <div className={styles.trend} data-testid="posture-trend">
      <ResponsiveContainer>
        <AreaChart data={props.points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Area
            type="monotone"
            dataKey="compliant"
            name={t('headline.trendCompliant')}
            stackId="1"
            stroke="var(--bui-fg-positive)"
            fill="var(--bui-fg-positive)"
          />
          <Area
            type="monotone"
            dataKey="nonCompliant"
            name={t('headline.trendNonCompliant')}
            stackId="1"
            stroke="var(--bui-fg-negative)"
            fill="var(--bui-fg-negative)"
          />
          <Area
            type="monotone"
            dataKey="unknown"
            name={t('headline.trendUnknown')}
            stackId="1"
            stroke="var(--bui-fg-warning)"
            fill="var(--bui-fg-warning)"
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
