import { describe, expect, it } from 'vitest';
import { findInstallScripts } from './find-install-scripts.js';
import { validateManifest } from './validate-manifest.js';

describe('findInstallScripts', () => {
  const none = () => false;
  it('lists the scripts npm runs at install, and only those', () => {
    const pkg = {
      scripts: {
        preinstall: 'node a.js',
        postinstall: 'node b.js',
        test: 'vitest',
        prepare: 'tsc',
      },
    };
    expect(findInstallScripts(pkg, none)).toEqual([
      'preinstall: node a.js',
      'postinstall: node b.js',
    ]);
  });

  it('counts the implicit node-gyp rebuild of a binding.gyp', () => {
    expect(findInstallScripts({}, (p) => p === 'binding.gyp')).toEqual([
      'install: node-gyp rebuild',
    ]);
  });

  it('finds nothing in a plain package', () => {
    expect(findInstallScripts({ scripts: { build: 'tsc' } }, none)).toEqual([]);
  });
});

describe('stack-plugin validate warns authors', () => {
  it('reports PACKAGE_INSTALL_SCRIPTS as a warning naming the scripts', () => {
    const report = validateManifest({
      manifest: {
        $schema: './node_modules/@stack-plugin/pdk/schema/stack-plugin.schema.json',
        category: 'micro',
        host: '^1.0.0',
      },
      packageJson: {
        name: 'p',
        version: '1.0.0',
        description: 'd',
        keywords: ['stack-plugin'],
        engines: { node: '>=22.12' },
        scripts: { postinstall: 'node setup.js' },
      },
    });
    expect(report.ok).toBe(true);
    expect(report.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'PACKAGE_INSTALL_SCRIPTS',
        path: '/scripts',
        message: expect.stringContaining('postinstall: node setup.js'),
      }),
    ]);
  });
});
