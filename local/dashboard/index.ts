/** The local dashboard: a read-only page and JSON endpoints on 127.0.0.1 over the bus and the paper broker. */
export * from './ring-buffer';
export * from './dashboard-record';
export * from './dashboard-server';
export { DASHBOARD_ENDPOINTS, DASHBOARD_POLL_MS, dashboardPage } from './page';
export * from './strategies-panel';
