'use strict';
// A packed tarball with prebuilds installs and loads with no compiler on the PATH (node-gyp-build
// picks the libc-tagged prebuild and compiles nothing), and scripts/prebuild-linux.sh's musl
// prebuild loads under musl's own dynamic linker.
const t = require('tap');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memkit-prebuilds-'));
const hasMusl = spawnSync('sh', ['-c', 'command -v musl-gcc']).status === 0;
const isLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
// tap adds its loaders to every child's NODE_OPTIONS; the user's commands run without them.
const env = { ...process.env };
delete env.NODE_OPTIONS;

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 1 << 26, ...options });
  return { ...result, output: `${result.stdout}\n${result.stderr}` };
}

/** Passes when the command succeeded; its output is shown only when it did not. */
function succeeded(t, result, what) {
  if (result.status === 0) t.pass(what);
  else t.fail(`${what} exited with ${result.status}: ${result.output}`);
  return result.status === 0;
}

t.test('scripts/prebuild-linux.sh musl: a prebuild musl\'s dynamic linker loads', { skip: (!isLinuxX64 && 'linux-x64 only') || (!hasMusl && 'musl-tools is not installed') }, async (t) => {
  const out = path.join(tmp, 'musl');
  const built = sh('bash', [path.join(root, 'scripts', 'prebuild-linux.sh'), 'musl'], { cwd: root, env: { ...env, PREBUILDS_ROOT: out } });
  succeeded(t, built, 'prebuild-linux.sh musl');
  t.match(built.stdout, /loaded with musl: .*memkit\.musl\.node/);
  const file = path.join(out, 'prebuilds', 'linux-x64', 'memkit.musl.node');
  const needed = sh('readelf', ['-d', file]).stdout;
  t.notMatch(needed, /libstdc\+\+|libgcc_s|GLIBC/, 'libstdc++ and libgcc are linked in, no glibc library is needed');
  const versions = sh('readelf', ['-V', file]).stdout;
  t.notMatch(versions, /GLIBC/, 'no glibc symbol versions');
});

t.test('a tarball with prebuilds installs and loads with no compiler on the PATH', { skip: !isLinuxX64 && 'linux-x64 only' }, async (t) => {
  // The tarball as `npm pack` makes it, with one glibc prebuild: the addon this checkout loads
  // (npm ci's build, or a prebuild), which is what `npm run prebuild` (prebuildify) puts there.
  const packed = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root });
  if (!succeeded(t, packed, 'npm pack')) return;
  const tarball = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
  const staging = path.join(tmp, 'staging');
  fs.mkdirSync(staging);
  t.equal(sh('tar', ['-xzf', tarball, '-C', staging]).status, 0);
  t.ok(fs.existsSync(path.join(staging, 'package', 'LICENSE')), 'the tarball has the LICENSE');
  const prebuilds = path.join(staging, 'package', 'prebuilds', 'linux-x64');
  fs.rmSync(path.join(staging, 'package', 'prebuilds'), { recursive: true, force: true });
  fs.mkdirSync(prebuilds, { recursive: true });
  fs.copyFileSync(require('node-gyp-build').path(root), path.join(prebuilds, 'memkit.glibc.node'));
  const withPrebuilds = path.join(tmp, 'memkit-with-prebuilds.tgz');
  t.equal(sh('tar', ['-czf', withPrebuilds, '-C', staging, 'package']).status, 0);

  // A PATH with node, npm and a shell only: no cc, c++, make or python for node-gyp.
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.symlinkSync(path.join(path.dirname(process.execPath), 'npm'), path.join(bin, 'npm'));
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
  const bare = { ...env, PATH: bin };
  for (const tool of ['cc', 'c++', 'g++', 'make', 'python3']) {
    t.not(sh('/bin/sh', ['-c', `command -v ${tool}`], { env: bare }).status, 0, `${tool} is not on the PATH`);
  }

  const app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
  const installed = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', withPrebuilds], { cwd: app, env: bare });
  if (!succeeded(t, installed, 'npm install of the tarball')) return;
  const pkg = path.join(app, 'node_modules', 'memkit');
  t.notOk(fs.existsSync(path.join(pkg, 'build')), 'nothing was compiled (no build/ folder)');

  const script = [
    "const memkit = require('memkit');",
    "const chosen = require('node-gyp-build').path(require('path').dirname(require.resolve('memkit/package.json')));",
    'console.log(JSON.stringify({ chosen, maxrss: memkit.getrusage(memkit.RUSAGE_SELF).ru_maxrss, rss: memkit.memoryInfo().rss }));',
  ].join('\n');
  const ran = sh(process.execPath, ['-e', script], { cwd: app, env: bare });
  if (!succeeded(t, ran, 'require(\'memkit\')')) return;
  const { chosen, maxrss, rss } = JSON.parse(ran.stdout);
  t.equal(path.basename(chosen), 'memkit.glibc.node', 'node-gyp-build loaded the glibc prebuild');
  t.ok(maxrss > 0 && rss > 0, `the addon answers: ru_maxrss ${maxrss} KiB, rss ${rss} bytes`);
});
