/**
 * Architecture rules checked in CI (`npm run lint:deps`, part of `npm test`).
 * The domain stays pure; libraries are used only through their public index.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'A domain/ folder holds deciders and state only: no framework, database or messaging code.',
      from: { path: '(^|/)domain/' },
      to: {
        path: [
          'node_modules/(@nestjs|typeorm|pg|pg-[a-z-]+|kafkajs|@electric-sql|express|class-validator|class-transformer|rxjs|reflect-metadata)(/|$)',
        ],
      },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'Domain code imports only the language and other domain files.',
      from: { path: '(^|/)domain/' },
      to: { pathNot: ['(^|/)domain/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'read-models-do-not-import-application',
      severity: 'error',
      comment:
        'Read models read events; what they share with the write side (stream naming, ETags) lives at the lib root, not in application/.',
      from: { path: '^libs/[^/]+/src/read-models/' },
      to: { path: '^libs/[^/]+/src/application/' },
    },
    {
      name: 'libs-through-index',
      severity: 'error',
      comment:
        "Other code reaches a library only through its index.ts (the '@sitrep/<lib>' alias).",
      from: { path: '^(apps|libs)/', pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'lib-to-other-lib-internals',
      severity: 'error',
      comment: "A library reaches another library only through that library's index.ts.",
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'alerts-intake-does-not-import-pipeline',
      severity: 'error',
      comment:
        'The webhook intake only stores deliveries; the pipeline decides them later. What both need (stream ids, payload hashes) lives at the lib root.',
      from: { path: '^libs/alerts/src/intake/' },
      to: { path: '^libs/alerts/src/pipeline/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|^dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
