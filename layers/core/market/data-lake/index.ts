export { DataLakeMarketData } from './dataLakeMarketData';
export type { DataLakeOptions } from './dataLakeMarketData';
export { DataLakeHistory } from './dataLakeHistory';
export type { DataLakeHistoryOptions } from './dataLakeHistory';
export { readThroughByDay, nyDay, type CacheEvent, type DayPartitionedKind } from './day-partitions';
