// Dependency rules for src/ (`npm run lint:deps`). The layers, top to bottom:
//
//   entry points   src/actions, src/cli
//   use cases      src/jobs, src/worker, src/github, src/cloud
//   engine         src/composition, src/browser, src/encode, src/render
//   base           src/plan, src/shared  (shared is the floor: it imports nothing in src/)
//
// Imports point downward only; skipping a layer (cli -> render) is fine. Peers within one
// layer may import each other (jobs -> worker, render -> browser) as long as no cycle forms:
// splitting every peer into its own tier would turn jobs -> worker -> render -> composition
// -> browser into five layers with nothing gained, while the cycle rule keeps the peers a
// tree. A type two layers share lives in the lowest layer that uses it (e.g. MediaClip in
// src/plan/chunk-manifest.ts), never in the higher one.
//
// Type-only imports count (tsPreCompilationDeps), so a cycle made of `import type` fails too.

/** A path regex for a set of top-level folders under src/. */
const under = (...folders) => `^src/(${folders.join('|')})/`;

const ENTRY = ['actions', 'cli'];
const USE_CASE = ['jobs', 'worker', 'github', 'cloud'];
const ENGINE = ['composition', 'browser', 'encode', 'render'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'layer-use-case-up',
      comment: 'Use cases (jobs, worker, github, cloud) must not import entry points (actions, cli): move the shared piece down.',
      severity: 'error',
      from: { path: under(...USE_CASE) },
      to: { path: under(...ENTRY) },
    },
    {
      name: 'layer-engine-up',
      comment: 'The engine (composition, browser, encode, render) must not import use cases or entry points: pass what it needs in through options.',
      severity: 'error',
      from: { path: under(...ENGINE) },
      to: { path: under(...ENTRY, ...USE_CASE) },
    },
    {
      name: 'layer-plan-up',
      comment: 'src/plan holds pure types, schemas and helpers: it imports only src/plan and src/shared.',
      severity: 'error',
      from: { path: '^src/plan/' },
      to: { path: '^src/', pathNot: '^src/(plan|shared)/' },
    },
    {
      name: 'layer-shared-up',
      comment: 'src/shared is the floor: it imports nothing else in src/.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules must not depend on each other in a circle (type-only imports included): move the shared piece into the lower of the two, or into src/plan.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'actions-core-only-in-actions',
      comment: 'Only the GitHub Action entry points (src/actions) talk to @actions/core; the rest gets a logger and options.',
      severity: 'error',
      from: { path: '^(src|bench|scripts)/', pathNot: '^src/actions/' },
      to: { path: '(^|/)node_modules/@actions/core/' },
    },
    {
      name: 'runtime-self-contained',
      comment:
        'src/browser/runtime is bundled into the page: it imports only from itself and, for the enumerations the job spec shares, ' +
        'src/plan/spec-values.ts (plain constants, no Node, no packages).',
      severity: 'error',
      from: { path: '^src/browser/runtime/' },
      to: { pathNot: '^(src/browser/runtime/|src/plan/spec-values\\.ts$)' },
    },
    {
      name: 'plan-no-node',
      comment: 'src/plan is pure (types, schemas, arithmetic): no Node built-ins.',
      severity: 'error',
      from: { path: '^src/plan/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-node',
      comment:
        'src/shared is pure: no Node built-ins. The four file-system/network helpers listed in pathNot are the known ' +
        'exceptions, waiting to move to an engine-level folder (e.g. src/io/); do not add to the list.',
      severity: 'error',
      from: {
        path: '^src/shared/',
        pathNot: '^src/shared/(atomic-output|write-json-atomic|find-executable|listen-on-loopback)[.]ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import that resolves to no file: a typo or a package missing from package.json. ' +
        '(ffmpeg-static is optional: src/encode/find-ffmpeg.ts uses it when someone installed it.)',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^ffmpeg-static$' },
    },
    {
      name: 'src-not-to-dev-dep',
      comment: 'Shipped code (src/) must not import devDependencies: they are not installed where the action runs.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // node_modules may be a symlink (git worktrees share one); keep its paths as node_modules/...
    preserveSymlinks: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/browser/runtime-bundle[.]generated[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
