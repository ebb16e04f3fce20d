import { bucketOf, DEFAULT_BUCKETS } from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';

export interface PortfolioSummary {
  products: number;
  customers: number;
  loans: number;
  activeLoans: number;
  overdueLoans: number;
  outstandingPrincipalFen: number;
  overduePrincipalFen: number;
  byBucket: { bucket: string; loans: number; principalFen: number }[];
}

/** Reads of the loan book. */
export class PortfolioService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Size and delinquency of the book on a business date, by bucket (M1…M7+). */
  async summary(businessDate: string): Promise<PortfolioSummary> {
    const s = await this.uow.repositories.portfolio.summary(businessDate);
    const buckets = new Map(
      DEFAULT_BUCKETS.filter((b) => b.code !== 'M0').map((b) => [b.code, { loans: 0, principalFen: 0 }]),
    );
    let overdueLoans = 0;
    let overduePrincipalFen = 0;
    for (const row of s.byDpd) {
      const entry = buckets.get(bucketOf(row.dpd))!;
      entry.loans += row.loans;
      entry.principalFen += row.principalFen;
      overdueLoans += row.loans;
      overduePrincipalFen += row.principalFen;
    }
    return {
      products: s.products,
      customers: s.customers,
      loans: s.loans,
      activeLoans: s.activeLoans,
      overdueLoans,
      outstandingPrincipalFen: s.outstandingPrincipalFen,
      overduePrincipalFen,
      byBucket: [...buckets].map(([bucket, v]) => ({ bucket, ...v })),
    };
  }
}
