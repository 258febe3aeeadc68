import * as fs from 'node:fs';
import * as path from 'node:path';
import { TABLES } from '../../layers/contracts/wiring';
import { PROJECT_ROOT } from './support';

describe('lib/README.md', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'lib', 'README.md'), 'utf8');

  it.each(Object.entries(TABLES))('documents every access pattern of %s', (name, spec) => {
    expect(readme).toContain(`### ${name}`);
    for (const pattern of spec.accessPatterns) expect(readme).toContain(pattern);
  });
});
