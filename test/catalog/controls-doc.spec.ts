import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('docs/CONTROLS.md', () => {
  it('is the current rendering of controls/checks.yaml and controls/catalogs', () => {
    for (const script of ['build-controls-doc.js', 'build-catalogs.js']) {
      const r = spawnSync(process.execPath, [join(__dirname, '../../scripts', script), '--check'], { encoding: 'utf8' });
      expect({ script, status: r.status, stderr: r.stderr }).toEqual({ script, status: 0, stderr: '' });
    }
  });
});
