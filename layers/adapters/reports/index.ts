/** Self-contained HTML reports: backtest (equity, drawdown, monthly heatmap, trades, metrics, provenance), discovery and training. */
export { loadChartLibrary } from './chart-library';
export type { InlineChartLibrary } from './chart-library';
export { fileProvenance, writeBacktestReport } from './file-writer';
export { escapeHtml, jsonForScript } from './html';
export { formatMetric, metricsRows } from './metrics-table';
export type { MetricsRow } from './metrics-table';
export { calendarMonth, monthlyReturns } from './monthly-returns';
export type { MonthlyReturns, MonthlyReturnsYear } from './monthly-returns';
export { drawdownSeries, heatmapClass, HEATMAP_STEPS, priceChartColumns, renderBacktestReport, REPORT_CHART_TIME_ZONE } from './report';
export { REPORT_SCRIPT } from './chart-script';
export { finalistLabel, growthOfOne, renderDiscoveryReport } from './discovery-report';
export type { DiscoveryReportInput } from './discovery-report';
export { writeHtmlReport } from './report-file';
export { PRIMARY_FORECAST, renderTrainingReport } from './training-report';
export type { TrainingReportInput } from './training-report';
export { confusionMatrix, reliabilityBins } from './training-report-stats';
export type { ConfusionMatrix, ReliabilityBin } from './training-report-stats';
export type { BacktestReportInput, DataFileHash, JsonValue, MonthTimeZone, ReportPriceSeries, ReportProvenance, ReportTrade } from './types';
