import { formatCny } from '@huikuan/domain';
import { Card, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PortfolioSummary } from '../api/types';
import { useLocale } from '../i18n/useLocale';
import { formatShare } from './formatShare';

/** Headline figures of the book: loan counts and principal in CNY. */
export function PortfolioSummaryCards({ summary }: { summary: PortfolioSummary }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  return (
    <section className="hk-stat-grid" aria-label={t('home.portfolio')} data-testid="portfolio-summary">
      <Card size="small">
        <Statistic title={t('home.loans')} value={summary.loans} formatter={() => count(summary.loans)} />
        <div className="hk-stat-note">
          {t('home.products')} {count(summary.products)} · {t('home.customers')} {count(summary.customers)}
        </div>
      </Card>
      <Card size="small">
        <Statistic
          title={t('home.activeLoans')}
          value={summary.activeLoans}
          formatter={() => count(summary.activeLoans)}
        />
      </Card>
      <Card size="small" className="hk-stat-danger">
        <Statistic
          title={t('home.overdueLoans')}
          value={summary.overdueLoans}
          formatter={() => count(summary.overdueLoans)}
        />
        <div className="hk-stat-note">
          {t('home.overdueRatio', { ratio: formatShare(summary.overdueLoans, summary.activeLoans, locale) })}
        </div>
      </Card>
      <Card size="small">
        <Statistic
          title={t('home.outstandingPrincipal')}
          value={summary.outstandingPrincipalFen}
          formatter={() => (
            <span className="hk-num" data-testid="outstanding-principal">
              {formatCny(summary.outstandingPrincipalFen)}
            </span>
          )}
        />
      </Card>
      <Card size="small" className="hk-stat-danger">
        <Statistic
          title={t('home.overduePrincipal')}
          value={summary.overduePrincipalFen}
          formatter={() => (
            <span className="hk-num" data-testid="overdue-principal">
              {formatCny(summary.overduePrincipalFen)}
            </span>
          )}
        />
        <div className="hk-stat-note">
          {t('home.overduePrincipalRatio', {
            ratio: formatShare(summary.overduePrincipalFen, summary.outstandingPrincipalFen, locale),
          })}
        </div>
      </Card>
    </section>
  );
}
