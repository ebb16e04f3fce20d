import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AuditPage } from '../audit/AuditPage';
import { CompliancePage } from '../compliance/CompliancePage';
import { CustomersPage } from '../customers/CustomersPage';
import { DailyRunPage } from '../dailyRun/DailyRunPage';
import { ExperimentsPage } from '../experiments/ExperimentsPage';
import { HomePage } from '../home/HomePage';
import { ImportPage } from '../imports/ImportPage';
import { OutboxPage } from '../outbox/OutboxPage';
import { StrategiesPage } from '../strategies/StrategiesPage';
import { SystemPage } from '../system/SystemPage';
import { TeamConsolePage } from '../team/TeamConsolePage';
import { TemplatesPage } from '../templates/TemplatesPage';
import { UsersPage } from '../users/UsersPage';
import { CasePage } from '../workstation/CasePage';
import { WorkstationPage } from '../workstation/WorkstationPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RequirePermission } from './RequirePermission';

// The analytics page loads on first visit: it brings ECharts, which no other page needs.
const AnalyticsPage = lazy(() =>
  import('../analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })),
);

/** The console's routes; each page also checks its permission (the menu only hides links). */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route
          path="workstation"
          element={
            <RequirePermission permission="cases.work">
              <WorkstationPage />
            </RequirePermission>
          }
        />
        <Route
          path="workstation/cases/:id"
          element={
            <RequirePermission permission="cases.read">
              <CasePage />
            </RequirePermission>
          }
        />
        <Route
          path="team"
          element={
            <RequirePermission permission="cases.allocate">
              <TeamConsolePage />
            </RequirePermission>
          }
        />
        <Route
          path="analytics"
          element={
            <RequirePermission permission="analytics.read">
              <Suspense fallback={<Spin />}>
                <AnalyticsPage />
              </Suspense>
            </RequirePermission>
          }
        />
        <Route
          path="imports"
          element={
            <RequirePermission permission="portfolio.read">
              <ImportPage />
            </RequirePermission>
          }
        />
        <Route
          path="daily-run"
          element={
            <RequirePermission permission="system.read">
              <DailyRunPage />
            </RequirePermission>
          }
        />
        <Route
          path="compliance"
          element={
            <RequirePermission permission="compliance.read">
              <CompliancePage />
            </RequirePermission>
          }
        />
        {/* One route for the search and a customer (:ref), so the search stays when one is opened. */}
        <Route
          path="customers/:ref?"
          element={
            <RequirePermission permission="cases.read">
              <CustomersPage />
            </RequirePermission>
          }
        />
        <Route
          path="outbox"
          element={
            <RequirePermission permission="cases.read">
              <OutboxPage />
            </RequirePermission>
          }
        />
        {/* One route for the list and an experiment (:code), like the customer lookup. */}
        <Route
          path="experiments/:code?"
          element={
            <RequirePermission permission="strategy.read">
              <ExperimentsPage />
            </RequirePermission>
          }
        />
        {/* One route for the versions and a version (:id). */}
        <Route
          path="strategies/:id?"
          element={
            <RequirePermission permission="strategy.read">
              <StrategiesPage />
            </RequirePermission>
          }
        />
        <Route
          path="templates"
          element={
            <RequirePermission permission="strategy.read">
              <TemplatesPage />
            </RequirePermission>
          }
        />
        <Route
          path="users"
          element={
            <RequirePermission permission="users.read">
              <UsersPage />
            </RequirePermission>
          }
        />
        <Route
          path="audit"
          element={
            <RequirePermission permission="audit.read">
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route
          path="system"
          element={
            <RequirePermission permission="system.read">
              <SystemPage />
            </RequirePermission>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
