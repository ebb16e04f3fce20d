import type { AnalyticsFilters, DrillTarget } from './types';

/**
 * The drill-down's query for a clicked figure: the day and filters; the figure's bucket over the
 * filter's; with a group, the breakdown dimension and the group's key (no key = the unassigned
 * group, as the API reads it). Product and team stay as filtered.
 */
export function drillQuery(
  target: DrillTarget,
  filters: AnalyticsFilters,
): Record<string, string | undefined> {
  const grouped = target.key !== undefined && filters.dimension !== undefined;
  return {
    day: target.day,
    product: filters.product,
    team: filters.team,
    bucket: target.bucket ?? filters.bucket,
    dimension: grouped ? filters.dimension : undefined,
    key: grouped ? (target.key ?? undefined) : undefined,
  };
}
