'use strict';
// The addon's own files compile warning-free on this OS, and a prebuild loads without build/.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
// Two full compiles of the addon (about 60 s under two CPU hogs here): a budget of its own, twice the default.
t.setTimeout(600000);
const nodeInclude = path.join(path.dirname(process.execPath), '..', 'include', 'node');

t.test('src-native compiles with -Wall -Wextra -Werror', { skip: !fs.existsSync(path.join(nodeInclude, 'node_api.h')) && `no Node headers beside this node (${nodeInclude}): the install downloaded them for node-gyp unless nodedir was set, and this check is left out` }, async (t) => {
  const flags = ['-std=c++17', '-fsyntax-only', '-Wall', '-Wextra', '-Werror', '-DNAPI_VERSION=8',
    '-DNAPI_DISABLE_CPP_EXCEPTIONS', '-DNODE_ADDON_API_DISABLE_DEPRECATED', '-DNODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS', '-I', nodeInclude,
    '-I', require('node-addon-api').include_dir];
  // Every source binding.gyp builds on this OS.
  const target = JSON.parse(fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8')).targets[0];
  const gypOS = { linux: 'linux', freebsd: 'freebsd', darwin: 'mac' }[process.platform];
  const conditional = target.conditions.filter(([condition]) => condition === `OS=='${gypOS}'`).flatMap(([, extra]) => extra.sources ?? []);
  for (const file of [...target.sources, ...conditional].map((source) => path.basename(source))) {
    const result = spawnSync(process.env.CXX || 'c++', [...flags, path.join(root, 'src-native', file)], { encoding: 'utf8' });
    t.equal(result.status, 0, `${file}${result.stderr ? `\n${result.stderr}` : ''}`);
  }
});

t.test('npm run prebuild makes a prebuild that node-gyp-build loads when build/ is absent', async (t) => {
  // Build in a copy: prebuildify rebuilds build/ in place, which other tests are loading.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-prebuild-'));
  t.teardown(() => fs.rmSync(copy, { recursive: true, force: true }));
  for (const entry of ['package.json', 'binding.gyp', 'src-native', 'dist']) {
    fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  execFileSync('npm', ['run', 'prebuild'], { cwd: copy, stdio: 'pipe' });
  const folder = path.join(copy, 'prebuilds', `${process.platform}-${process.arch}`);
  const built = fs.readdirSync(folder).filter((f) => f.endsWith('.node'));
  t.ok(built.length === 1, `prebuilds/${process.platform}-${process.arch}/${built[0]}`);
  fs.rmSync(path.join(copy, 'build'), { recursive: true, force: true });
  const probe = spawnSync(process.execPath, ['-e', `
    const loaded = require('node-gyp-build').resolve(${JSON.stringify(copy)});
    const resource = require(${JSON.stringify(path.join(copy, 'dist', 'resource.js'))});
    console.log(JSON.stringify({ loaded, maxrss: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss }));
  `], { encoding: 'utf8', cwd: copy });
  t.equal(probe.status, 0, probe.stderr);
  const { loaded, maxrss } = JSON.parse(probe.stdout);
  t.equal(loaded, path.join(folder, built[0]), 'node-gyp-build picked the prebuild');
  t.ok(maxrss > 0, 'and it works');
});
