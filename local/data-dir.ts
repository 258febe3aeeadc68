import { fileURLToPath } from 'node:url';

/** The project's own data folder: the demo, the CLI and the tests read shipped data only from here. */
export const PROJECT_DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));
